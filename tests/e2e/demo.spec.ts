import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { expect, test } from './fixtures';

test('npm start --headless prints one line per CRM page, read from the panel, and saves screenshots', async () => {
  test.setTimeout(240_000);
  const r = spawnSync('npm', ['start', '--silent', '--', '--headless', '--accounts', '30'], {
    encoding: 'utf8',
    timeout: 220_000,
    env: { ...process.env, DISPLAY: '' },
  });
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
