import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { trackRun } from '../../scripts/lib/processes';
import { expect, test } from './fixtures';

test('npm start --headless prints one line per CRM page, read from the panel, and saves screenshots', async () => {
  test.setTimeout(240_000);
  // Every process the demo starts inherits this variable, whatever group or session it moves to.
  const mark = randomUUID();
  const r = spawnSync('npm', ['start', '--silent', '--', '--headless', '--accounts', '30'], {
    encoding: 'utf8',
    timeout: 220_000,
    env: { ...process.env, DISPLAY: '', HEALTHBAR_DEMO_SPEC: mark },
  });
  // Nothing it started still runs once it has exited (Chromium's crash handlers included).
  expect(trackRun(mark, 'HEALTHBAR_DEMO_SPEC').running()).toEqual([]);
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  const pages = FIXTURE_PAGES.filter((p) => p.expectedAccountName !== null);
  expect(lines).toHaveLength(pages.length);
  pages.forEach((p, i) => {
    expect(lines[i]).toMatch(
      new RegExp(
        `^${p.crm} ${p.objectType} ${p.recordId} → ${p.expectedAccountName}: score (\\d+|—) (Healthy|At risk|Critical|Unknown)$`,
      ),
    );
    expect(existsSync(`demo-output/${p.file.replace(/\.html$/, '')}.png`)).toBe(true);
  });
  expect(new Set(pages.map((p) => p.crm))).toEqual(new Set(['hubspot', 'salesforce', 'zendesk']));
  // Nothing left running: the server's port is closed (the demo printed it on stderr).
  const url = /server (http:\/\/\S+)/.exec(r.stderr)?.[1];
  expect(url).toBeTruthy();
  const stillUp = await fetch(`${url}v1/health`).then(
    () => true,
    () => false,
  );
  expect(stillUp).toBe(false);
});
