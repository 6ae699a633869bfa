import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveSources } from '../resolve';
import type { AccountRecord, SourceOutput, SourceRow } from '../types';
import { delightedResponse, delightedResponseSchema } from './delighted-objects';
import { csvDate, csvResponse, csvResponseId, mapSurveyResponses, type SurveyResponse } from './mapping';

const AS_OF = '2026-11-15';

/**
 * An earlier source: accounts acme (acme.com) and beta (beta.io); product users u1 (Ann@Acme.com
 * in acme), u2 (pat@gmail.com in beta), u3 and u4 (both shared@agency.net, in acme and beta).
 */
function spine(): SourceOutput {
  const acc = (id: string, domain: string): AccountRecord => ({
    sourceId: id,
    identity: { explicitId: id, domains: [domain] },
    newAccountId: id,
    fields: { name: id },
    domains: [domain],
  });
  const user = (id: string, account: string, email: string): SourceRow => ({
    collection: 'users',
    sourceId: id,
    account: { ref: account },
    record: { id, email, champion: false, features: {} },
  });
  return {
    read: 6,
    accounts: [acc('acme', 'acme.com'), acc('beta', 'beta.io')],
    rows: [
      user('u1', 'acme', 'Ann@Acme.com'),
      user('u2', 'beta', 'pat@gmail.com'),
      user('u3', 'acme', 'shared@agency.net'),
      user('u4', 'beta', 'shared@agency.net'),
    ],
    leftOut: [],
  };
}

function run(responses: SurveyResponse[]) {
  const output = mapSurveyResponses(responses, { asOf: AS_OF });
  const r = resolveSources({
    currency: 'USD',
    generatedAt: '2026-11-16T02:00:00Z',
    asOf: AS_OF,
    plans: [],
    features: [],
    milestones: [],
    sources: [
      { name: 'product', type: 'dataset', output: spine() },
      { name: 'surveys', type: 'surveys-csv', output },
    ],
    previous: {},
  });
  return { ...r, surveys: r.report.sources[1] };
}

const delighted = (id: string, email: string | null, score: number, createdAt: string, comment?: string) =>
  delightedResponse(
    delightedResponseSchema.parse({
      id,
      person: { id: `p${id}`, email, name: null, created_at: 1_700_000_000 },
      survey_type: 'nps',
      score,
      comment: comment ?? null,
      permalink: `https://app.delighted.com/r/${id}`,
      created_at: Date.parse(createdAt) / 1000,
      updated_at: null,
      person_properties: {},
      notes: [],
      tags: [],
      additional_answers: [],
    }),
    'nps',
  );

describe('Delighted responses', () => {
  it('attach by e-mail to the user (any case; userId set), else by the e-mail domain; free-mail by domain refused', () => {
    const r = run([
      delighted('1', 'ann@ACME.com', 9, '2026-11-03T05:30:00Z', 'Great'),
      delighted('2', 'bob@beta.io', 3, '2026-11-04T23:59:59Z'),
      delighted('3', 'pat@gmail.com', 10, '2026-11-05T00:00:00Z'),
      delighted('4', 'someone@gmail.com', 6, '2026-11-05T00:00:00Z'),
      delighted('5', 'shared@agency.net', 7, '2026-11-05T00:00:00Z'),
      delighted('6', null, 8, '2026-11-05T00:00:00Z'),
    ]);
    expect(r.dataset.surveys).toEqual([
      {
        id: 'delighted:1',
        accountId: 'acme',
        respondedOn: '2026-11-03',
        kind: 'nps',
        score: 9,
        comment: 'Great',
        userId: 'u1',
      },
      { id: 'delighted:2', accountId: 'beta', respondedOn: '2026-11-04', kind: 'nps', score: 3 },
      {
        id: 'delighted:3',
        accountId: 'beta',
        respondedOn: '2026-11-05',
        kind: 'nps',
        score: 10,
        userId: 'u2',
      },
    ]);
    expect(r.surveys.leftOut).toMatchObject({ unmatched: 1, ambiguous: 1, anonymous: 1 });
    expect(r.surveys.examples).toEqual({
      unmatched: [
        {
          sourceId: 'delighted:4',
          why: 'no product user has the e-mail someone@gmail.com; no company domain to match',
        },
      ],
      ambiguous: [
        { sourceId: 'delighted:5', why: 'users of accounts acme, beta have the e-mail shared@agency.net' },
      ],
      anonymous: [{ sourceId: 'delighted:6', why: 'the response has no e-mail' }],
    });
  });

  it('out-of-range scores are rejected with the reason; responses after the as-of day are not read', () => {
    const r = run([
      delighted('1', 'ann@acme.com', 11, '2026-11-03T00:00:00Z'),
      delighted('2', 'ann@acme.com', -1, '2026-11-03T00:00:00Z'),
      delighted('3', 'ann@acme.com', 9, '2026-11-16T00:00:00Z'),
    ]);
    expect(r.dataset.surveys).toEqual([]);
    expect(r.surveys.read).toBe(2);
    expect(r.surveys.examples.invalid).toEqual([
      { sourceId: 'delighted:1', why: 'score 11 is outside 0–10 for a nps survey' },
      { sourceId: 'delighted:2', why: 'score -1 is outside 0–10 for a nps survey' },
    ]);
  });

  it('a csat source: 1–5; survey_type is ignored', () => {
    const a = delightedResponse(
      delightedResponseSchema.parse({
        id: 9,
        person: { id: 1, email: 'x@acme.com' },
        score: 5,
        created_at: 1_762_000_000,
      }),
      'csat',
    );
    const b = { ...a, id: 'delighted:10', score: 0 };
    const r = run([a, b]);
    expect(r.dataset.surveys.map((s) => [s.id, s.kind, s.score])).toEqual([['delighted:9', 'csat', 5]]);
    expect(r.surveys.examples.invalid).toEqual([
      { sourceId: 'delighted:10', why: 'score 0 is outside 1–5 for a csat survey' },
    ]);
  });
});

describe('CSV responses', () => {
  it('the id rule: csv: + 16 hex of SHA-256 of email|date|score|comment, cells as in the file', () => {
    const want = createHash('sha256')
      .update('ann@acme.com|2026-11-03 05:30:00|9|Fast, "really"')
      .digest('hex');
    expect(csvResponseId('ann@acme.com', '2026-11-03 05:30:00', '9', 'Fast, "really"')).toBe(
      `csv:${want.slice(0, 16)}`,
    );
    const row = csvResponse({ email: 'ann@acme.com', date: '2026-11-03', score: '9', comment: null }, 'nps');
    expect(row.id).toBe(
      `csv:${createHash('sha256').update('ann@acme.com|2026-11-03|9|').digest('hex').slice(0, 16)}`,
    );
  });

  it.each([
    ['2026-11-03', '2026-11-03'],
    ['2026-11-03 23:30:00', '2026-11-03'], // no zone: UTC, its own date (even at TZ=Pacific/Kiritimati)
    ['2026-11-03T00:10', '2026-11-03'],
    ['2026-11-03T23:30:00.123', '2026-11-03'],
    ['2026-11-03T23:30:00Z', '2026-11-03'],
    ['2026-11-03T23:30:00-02:00', '2026-11-04'],
    ['2026-11-03 00:30:00 +0200', '2026-11-02'],
    ['2026-11-03T05:30:00+05', '2026-11-03'],
  ])('date %s → %s', (cell, want) => {
    expect(csvDate(cell)).toBe(want);
  });

  it.each(['11/03/2026', '2026-02-30', '2026-11-03 25:00:00', 'yesterday'])(
    'date %s is refused with a reason',
    (cell) => {
      expect(csvDate(cell)).toEqual({ invalid: expect.stringContaining(`date "${cell}"`) });
    },
  );

  it('attach by e-mail, then domain; free-mail refused; kind per row; bad cells rejected with reasons', () => {
    const row = (email: string | null, date: string | null, score: string | null, kind?: string | null) =>
      csvResponse({ email, date, score, comment: null, kind }, 'nps');
    const rows = [
      row('ANN@acme.com', '2026-11-03 05:30:00', '8'),
      row('carl@beta.io', '2026-11-04', '4', 'CSAT'),
      row('dan@hotmail.com', '2026-11-04', '9'),
      row('eve@acme.com', '2026-11-04', '9', 'ces'),
      row('eve@acme.com', '2026-11-04', '7.5'),
      row('eve@acme.com', null, '7'),
      row('eve@acme.com', '2026-11-04', '6', ''),
      row(null, '2026-11-04', '6'),
    ];
    const r = run(rows);
    const attached = r.dataset.surveys.map((s) => [s.accountId, s.respondedOn, s.kind, s.score, s.userId]);
    expect(attached.sort((a, b) => Number(a[3]) - Number(b[3]))).toEqual([
      ['beta', '2026-11-04', 'csat', 4, undefined],
      ['acme', '2026-11-04', 'nps', 6, undefined],
      ['acme', '2026-11-03', 'nps', 8, 'u1'],
    ]);
    expect(r.surveys.leftOut).toMatchObject({ unmatched: 1, invalid: 3, anonymous: 1 });
    expect(r.surveys.examples.invalid?.map((e) => e.why)).toEqual([
      'kind "ces" is neither nps nor csat',
      'score "7.5" is not a whole number',
      'the response has no date',
    ]);
    expect(r.surveys.examples.unmatched?.[0].why).toBe(
      'no product user has the e-mail dan@hotmail.com; no company domain to match',
    );
  });
});
