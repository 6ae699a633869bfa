import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SourceContext } from '../types';
import { surveysCsvSource } from './csv';
import { delightedSource } from './delighted';
import { type DelightedStandIn, startDelightedStandIn } from './delighted-stand-in';
import { delightedFixture } from './fixture';
import { csvResponseId } from './mapping';

let standIn: DelightedStandIn | undefined;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-surveys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

function ctx(sleeps: number[] = []): SourceContext {
  return {
    asOf: '2026-11-15',
    currency: 'USD',
    rates: new Map(),
    configDir: dir,
    timeoutMs: 5000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

const common = { type: 'x', name: 'nps', timeoutMs: 5000 };

describe('Delighted source against the stand-in', () => {
  it('pages with per_page/page and expand[]=person until an empty page, after one 429', async () => {
    standIn = await startDelightedStandIn(delightedFixture(), {
      apiKey: 'dk',
      maxPage: 2,
      rateLimit: { times: 1, retryAfter: '3' },
    });
    const sleeps: number[] = [];
    const out = await delightedSource.read(
      { ...common, apiKey: 'dk', kind: 'nps', apiBase: new URL(standIn.url) },
      ctx(sleeps),
    );
    expect(sleeps).toEqual([3000]);
    const q = (page: number) => `GET /v1/survey_responses.json?per_page=100&page=${page}&expand%5B%5D=person`;
    expect(standIn.requests).toEqual([q(1), q(1), q(2), q(3), q(4)]);
    expect(out.read).toBe(5); // response 6 is after the as-of day
    expect(out.rows.map((r) => [r.sourceId, r.account])).toEqual([
      ['delighted:1', { identity: { userEmail: 'ann@acme.com', domains: ['acme.com'] } }],
      ['delighted:2', { identity: { userEmail: 'bob@beta.io', domains: ['beta.io'] } }],
      ['delighted:3', { identity: { userEmail: 'pat@gmail.com', domains: [] } }],
    ]);
    expect(out.leftOut.map((l) => [l.reason, l.sourceId])).toEqual([
      ['anonymous', 'delighted:4'],
      ['invalid', 'delighted:5'],
    ]);
  });

  it('a wrong key fails the source with what to check', async () => {
    standIn = await startDelightedStandIn(delightedFixture(), { apiKey: 'dk' });
    await expect(
      delightedSource.read({ ...common, apiKey: 'nope', kind: 'nps', apiBase: new URL(standIn.url) }, ctx()),
    ).rejects.toThrow('nps: Delighted refused the credentials for survey responses (401). Check apiKey');
  });
});

describe('surveys-csv source', () => {
  const typeform = [
    '\uFEFF#,"How likely are you to recommend us?","What could we do better?",Email,Submit Date (UTC),Survey',
    'a1,9,"Faster exports, please",ann@acme.com,2026-11-03 05:30:00,',
    'a2,4,,bob@beta.io,2026-11-04 23:10:00,CSAT',
    'a3,11,,carl@acme.com,2026-11-04 10:00:00,',
    'a4,7,,,2026-11-05 10:00:00,',
    'a5,8,,dan@acme.com,2026-11-16 00:00:00,',
  ].join('\r\n');
  const columns = {
    email: 'Email',
    score: 'How likely are you to recommend us?',
    comment: 'What could we do better?',
    date: 'Submit Date (UTC)',
    kind: 'survey',
  };

  it('reads the named columns of a Typeform-style export (zone-less dates as UTC, the CSV id rule)', async () => {
    await writeFile(join(dir, 'typeform.csv'), typeform);
    const out = await surveysCsvSource.read({ ...common, path: 'typeform.csv', kind: 'nps', columns }, ctx());
    expect(out.read).toBe(4);
    expect(out.rows.map((r) => r.record)).toEqual([
      {
        id: csvResponseId('ann@acme.com', '2026-11-03 05:30:00', '9', 'Faster exports, please'),
        respondedOn: '2026-11-03',
        kind: 'nps',
        score: 9,
        comment: 'Faster exports, please',
      },
      {
        id: csvResponseId('bob@beta.io', '2026-11-04 23:10:00', '4', ''),
        respondedOn: '2026-11-04',
        kind: 'csat',
        score: 4,
      },
    ]);
    expect(out.leftOut.map((l) => [l.reason, l.why])).toEqual([
      ['invalid', 'score 11 is outside 0–10 for a nps survey'],
      ['anonymous', 'the response has no e-mail'],
    ]);
  });

  it('a configured column the header lacks fails the source, naming it', async () => {
    await writeFile(join(dir, 'forms.csv'), 'Timestamp,Score\n2026-11-03,9\n');
    await expect(
      surveysCsvSource.read(
        {
          ...common,
          path: 'forms.csv',
          kind: 'nps',
          columns: { email: 'Email Address', score: 'Score', date: 'Timestamp' },
        },
        ctx(),
      ),
    ).rejects.toThrow(
      'nps: forms.csv: the column "Email Address" (columns.email) is not in the file\'s header ("Timestamp", "Score").',
    );
  });
});
