/** What the e2e specs of the connectors share: the server's first ingest run, and the report CLI's figures. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runIngestCli } from '../../lib/connectors/cli';
import { latestIngestRunSchema } from '../../lib/connectors/report';
import type { AccountReport, PortfolioReport as Portfolio } from '../../lib/metrics/types';
import { expect } from './fixtures';

export type IngestRun = ReturnType<typeof latestIngestRunSchema.parse>;

/** The server ingests at start (HEALTHBAR_SOURCES): waits for that run's report and returns it. */
export async function firstIngestRun(
  server: { url: string; token: string },
  timeout = 60_000,
): Promise<IngestRun> {
  let latest: IngestRun | undefined;
  await expect
    .poll(
      async () => {
        const res = await fetch(new URL('v1/ingest/runs/latest', server.url), {
          headers: { authorization: `Bearer ${server.token}` },
        });
        if (res.status !== 200) return false;
        latest = latestIngestRunSchema.parse(await res.json());
        return true;
      },
      { timeout },
    )
    .toBe(true);
  if (!latest) throw new Error('no ingest run');
  return latest;
}

/** `ingest --out` on the same config (into `dir`), then the report CLI's JSON on that dataset. */
async function ingestThenReport(
  configPath: string,
  dir: string,
  env: Record<string, string>,
  reportArgs: string[],
): Promise<{ accounts: AccountReport[]; portfolio: Portfolio }> {
  const out = join(dir, 'dataset.json');
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const code = await runIngestCli(['--config', configPath, '--out', out], {
    stderr: sink,
    env,
    now: () => new Date(),
  });
  expect(code).toBe(0);
  const stdout = await new Promise<string>((done, fail) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', 'lib/cli/report.ts', '--dataset', out, '--format', 'json', ...reportArgs],
      (error, text) => (error ? fail(error) : done(text)),
    ),
  );
  return JSON.parse(stdout) as { accounts: AccountReport[]; portfolio: Portfolio };
}

/** `ingest --out` on the same config (into `dir`), then the report CLI's figures for one account. */
export async function reportCliFigures(
  configPath: string,
  dir: string,
  accountId: string,
  env: Record<string, string>,
): Promise<AccountReport> {
  const { accounts } = await ingestThenReport(configPath, dir, env, ['--account', accountId]);
  const found = accounts.find((a) => a.id === accountId);
  if (!found) throw new Error(`the report has no ${accountId}`);
  return found;
}

/** `ingest --out` on the same config (into `dir`), then the report CLI's portfolio figures. */
export async function reportCliPortfolio(
  configPath: string,
  dir: string,
  env: Record<string, string>,
): Promise<Portfolio> {
  return (await ingestThenReport(configPath, dir, env, [])).portfolio;
}
