import { describe, expect, it } from 'vitest';
import { fetchLatestRun } from './ingest-runs';

const REPORT = {
  runId: 3,
  status: 'done',
  finishedAt: '2026-11-16T03:00:05Z',
  running: false,
  generatedAt: '2026-11-16T03:00:00Z',
  asOf: '2026-11-15',
  sources: [
    {
      name: 'stripe',
      type: 'stripe',
      read: 5,
      attached: 3,
      leftOut: {
        unmatched: 0,
        ambiguous: 1,
        invalid: 0,
        unknownCurrency: 1,
        anonymous: 0,
        zonelessTimestamp: 0,
      },
      examples: { ambiguous: [{ sourceId: 'cus_3', why: 'two accounts claim x.com' }] },
      overridden: 0,
      overriddenExamples: [],
    },
  ],
};

const answer =
  (status: number, body: unknown): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('fetchLatestRun', () => {
  it('reads the report (zod-checked)', async () => {
    const r = await fetchLatestRun('http://127.0.0.1:1/', 't', answer(200, REPORT));
    expect(r).toMatchObject({ kind: 'run', run: { runId: 3, sources: [{ name: 'stripe', read: 5 }] } });
  });
  it('a server without sources says so plainly', async () => {
    const r = await fetchLatestRun(
      'http://127.0.0.1:1',
      't',
      answer(404, { error: { code: 'no-sources', message: 'x' } }),
    );
    expect(r.kind).toBe('none');
    expect(r.kind === 'none' && r.message).toMatch(/reads no connector sources/);
  });
  it('no run yet, an older server and a malformed report are told apart', async () => {
    const none = await fetchLatestRun('http://127.0.0.1:1', 't', answer(404, { error: { code: 'no-runs' } }));
    expect(none).toMatchObject({ kind: 'none', message: expect.stringMatching(/not finished/) });
    const old = await fetchLatestRun(
      'http://127.0.0.1:1',
      't',
      answer(404, { error: { code: 'not-found' } }),
    );
    expect(old).toMatchObject({ kind: 'error', message: expect.stringMatching(/older version/) });
    const bad = await fetchLatestRun('http://127.0.0.1:1', 't', answer(200, { ...REPORT, sources: [{}] }));
    expect(bad).toMatchObject({ kind: 'error', message: expect.stringMatching(/not in a form/) });
  });
});
