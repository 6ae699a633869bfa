/** Issue 25, defect 3: the server streams JSON imports. */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function child(bytes: number): Promise<{ status: number; bytes: number; before: number; peak: number }> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(ROOT, 'server/test/json-rss-child.ts'), String(bytes)],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`${error.message}\n${stderr}`));
        else done(JSON.parse(stdout.trim().split('\n').at(-1) ?? ''));
      },
    );
  });
}

describe('POST /v1/import with a 39 MB JSON body of {}', () => {
  it('raises the server process RSS by less than 256 MB (peak, measured in a child process)', async () => {
    const r = await child(39_000_000);
    expect(r.status).toBe(200);
    expect(r.bytes).toBe(39_000_000);
    const raised = Math.max(0, r.peak - r.before);
    expect(raised, `RSS ${Math.round(r.before / 1e6)} MB → peak ${Math.round(r.peak / 1e6)} MB`).toBeLessThan(
      256 * 1024 * 1024,
    );
  }, 60_000);
});
