/**
 * The last connector ingest run of the server (`GET /v1/ingest/runs/latest`, docs/CONNECTORS.md),
 * for the options page's diagnostics: the report validated with the schema the server writes it
 * with, and every other answer said in plain words.
 */
import ky, { HTTPError, TimeoutError } from 'ky';
import { type LatestIngestRun, latestIngestRunSchema } from '../connectors/report';
import { readConnection } from './settings';

export type LatestRunResult =
  | { kind: 'run'; run: LatestIngestRun }
  /** Not an error: the server reads no sources, or none has been read yet. */
  | { kind: 'none'; message: string }
  | { kind: 'error'; message: string };

export async function fetchLatestRun(
  apiUrl: string,
  token: string,
  fetchImpl?: typeof fetch,
): Promise<LatestRunResult> {
  if (!apiUrl || !token) return { kind: 'none', message: 'Connect to a server to see its connector runs.' };
  const base = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  let raw: unknown;
  try {
    raw = await ky
      .get(new URL('v1/ingest/runs/latest', base), {
        headers: { authorization: `Bearer ${token}` },
        timeout: 10_000,
        retry: 0,
        fetch: fetchImpl,
      })
      .json();
  } catch (e) {
    if (e instanceof HTTPError) {
      const s = e.response.status;
      let code = '';
      try {
        code = ((await e.response.json()) as { error?: { code?: string } }).error?.code ?? '';
      } catch {
        /* not JSON */
      }
      if (s === 404 && code === 'no-sources')
        return {
          kind: 'none',
          message:
            'This server reads no connector sources (Stripe, …); its data comes from imports. Its administrator can add them with HEALTHBAR_SOURCES.',
        };
      if (s === 404 && code === 'no-runs')
        return {
          kind: 'none',
          message: 'The server has connector sources but has not finished reading them yet.',
        };
      if (s === 404)
        return { kind: 'error', message: 'This server does not report connector runs (an older version?).' };
      if (s === 401) return { kind: 'error', message: 'The server refused the saved token (401).' };
      return { kind: 'error', message: `The server answered ${s} when asked for its last connector run.` };
    }
    if (e instanceof TimeoutError)
      return { kind: 'error', message: 'The server did not answer within 10 seconds.' };
    return { kind: 'error', message: `Could not reach the server: ${(e as Error).message}` };
  }
  const run = latestIngestRunSchema.safeParse(raw);
  if (!run.success)
    return {
      kind: 'error',
      message: 'The server answered, but its connector report is not in a form this version reads.',
    };
  return { kind: 'run', run: run.data };
}

/** The saved connection's last run (what the options page shows). */
export async function loadLatestRun(): Promise<LatestRunResult> {
  const conn = await readConnection();
  return fetchLatestRun(conn.apiUrl, conn.token);
}
