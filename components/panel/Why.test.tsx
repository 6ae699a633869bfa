// @vitest-environment happy-dom
/**
 * "Why this score" and the optional CSM sentiment component (METRICS.md "sentiment component"):
 * shown with its points and reason when the team weights it, absent at weight 0. The views are
 * read from the cache as the panel reads them (lib/db/account-view).
 */
import 'fake-indexeddb/auto';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDataset } from '@/lib/dataset/parse';
import { type AccountView, accountView } from '@/lib/db/account-view';
import { openDb } from '@/lib/db/db';
import { importDataset } from '@/lib/db/import';
import { DEFAULT_SETTINGS, parseSettings } from '@/lib/metrics';
import { Why } from './sections';

afterEach(cleanup);

const TODAY = '2026-11-23';
const acc = (id: string, name: string) => ({
  id,
  name,
  domains: [],
  crm: {},
  updatedAt: '2026-10-01T00:00:00Z',
});

let plain: AccountView;
let weighted: AccountView;
let weightedNone: AccountView;
let db: ReturnType<typeof openDb>;
let w20: typeof DEFAULT_SETTINGS;

beforeAll(async () => {
  const parsed = parseDataset({
    schemaVersion: 1,
    currency: 'USD',
    dataThrough: '2026-10-31',
    accounts: [acc('a1', 'Acme'), acc('a2', 'Globex')],
    // NPS 100 → satisfaction 100 for both; no other component can be computed.
    surveys: [
      { id: 'v1', accountId: 'a1', respondedOn: '2026-10-01', kind: 'nps', score: 10 },
      { id: 'v2', accountId: 'a2', respondedOn: '2026-10-01', kind: 'nps', score: 10 },
    ],
    sentiment: [
      { id: 's1', accountId: 'a1', value: 'good', author: 'bo@acme.com', recordedAt: '2026-09-02T10:00:00Z' },
      {
        id: 's2',
        accountId: 'a1',
        value: 'poor',
        author: 'ana@acme.com',
        recordedAt: '2026-10-03T15:00:00Z',
      },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  db = openDb({ name: 'why-test' });
  await importDataset(db, parsed.dataset, { rejected: [], replaced: [] }, new Date());
  const w = parseSettings({ weights: { sentiment: 20 } });
  if (!w.ok) throw new Error(w.error);
  w20 = w.settings;
  const get = async (id: string, s: typeof DEFAULT_SETTINGS) => {
    const v = await accountView(db, id, TODAY, s);
    if (!v) throw new Error('no view');
    return v;
  };
  plain = await get('a1', DEFAULT_SETTINGS);
  weighted = await get('a1', w.settings);
  weightedNone = await get('a2', w.settings);
});

const rows = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.getAttribute('data-component'));

describe('Why this score: CSM sentiment', () => {
  it('at weight 0 says nothing about sentiment', () => {
    render(<Why v={plain} locale="en-US" />);
    expect(rows()).toEqual(['engagement', 'adoption', 'satisfaction', 'support', 'trend']);
    expect(screen.getByRole('region', { name: 'Why this score' }).textContent).not.toMatch(/sentiment/i);
    expect(plain.report.health.score).toBe(100);
  });

  it('weighted, shows the component with its points and the entry it was read from', () => {
    render(<Why v={weighted} locale="en-US" />);
    expect(rows()).toEqual(['engagement', 'adoption', 'satisfaction', 'support', 'trend', 'sentiment']);
    const row = document.querySelector('tr[data-component="sentiment"]') as HTMLElement;
    const cells = [...row.querySelectorAll('td')].map((c) => c.textContent);
    // Latest entry: poor (0) → points 20 × 0 / 40 = 0; satisfaction 20 × 100 / 40 = 50; score 50.
    expect(cells).toEqual(['0', '20', '0']);
    expect(within(row).getByTestId('sentiment-reason').textContent).toBe(
      'Poor — recorded by ana@acme.com on 3 Oct',
    );
    expect(row.querySelector('th')?.textContent).toContain('CSM sentiment');
    expect(weighted.report.health.score).toBe(50);
    expect(screen.getByRole('region', { name: 'Why this score' }).textContent).toContain(
      'CSM sentiment 0/100: poor, recorded by ana@acme.com on 2026-10-03.',
    );
  });

  it('weighted with no entry: "—" with the reason, left out of the score', () => {
    render(<Why v={weightedNone} locale="en-US" />);
    const row = document.querySelector('tr[data-component="sentiment"]') as HTMLElement;
    const nulls = [...row.querySelectorAll('abbr')].map((a) => a.getAttribute('title'));
    // The data runs through 31 Oct: the view is as of that day.
    expect(nulls).toEqual(['No sentiment recorded on or before 31 Oct', 'Left out of the score']);
    expect(within(row).getByTestId('sentiment-reason').textContent).toBe(
      'No sentiment recorded on or before 31 Oct',
    );
    expect(weightedNone.report.health.score).toBe(100);
  });

  it('an entry recorded in this browser between syncs moves the weighted score at once', async () => {
    const version = (await db.meta.get('dataset'))?.version;
    await db.sentiment.put({
      id: 's3',
      accountId: 'a2',
      value: 'neutral',
      author: 'ana@acme.com',
      recordedAt: '2026-10-30T08:00:00Z',
    });
    expect((await db.meta.get('dataset'))?.version).toBe(version); // no data version moved
    const v = await accountView(db, 'a2', TODAY, w20);
    // (20 × 100 + 20 × 50) / 40 = 75
    expect(v?.report.health.score).toBe(75);
    expect(v?.report.health.sentiment?.value).toBe('neutral');
  });
});
