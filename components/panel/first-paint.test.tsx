// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDataset } from '@/lib/dataset/parse';
import { type AccountView, accountView } from '@/lib/db/account-view';
import { openDb } from '@/lib/db/db';
import { importDataset } from '@/lib/db/import';
import { asPanelHeader } from '@/lib/ext/panel-header';
import { DEFAULT_SETTINGS } from '@/lib/metrics';
import { headerFor } from './background-header';
import { h, headerOf, panelMain } from './first-paint-dom';
import { accountFrame } from './header-dom';
import { Panel } from './Panel';
import type { FirstPaint } from './score-mark';
import { type PanelRecord, type PanelSource, type PanelStatus, recordKey } from './source';
import { TEST_RECORD, testUsage } from './testing';

afterEach(cleanup);

const record: PanelRecord = TEST_RECORD;
const NOW = new Date('2026-11-23T12:00:00Z');
let view: AccountView;

beforeAll(async () => {
  const usage = testUsage();
  const parsed = parseDataset({
    schemaVersion: 1,
    currency: 'USD',
    dataThrough: '2026-10-31',
    plans: [{ id: 'p1', name: 'Growth', tier: 1, features: [] }],
    accounts: [
      {
        id: 'a1',
        name: 'Acme <img src=x onerror=alert(1)>',
        domains: ['acme.com'],
        crm: { hubspotCompanyId: '2' },
        planId: 'p1',
        segment: 'mid-market',
        owner: 'dana@example.com',
        seats: 10,
        renewsOn: '2026-12-01',
        updatedAt: '2026-10-01T00:00:00Z',
      },
    ],
    revenue: [{ accountId: 'a1', month: '2026-10', mrr: 12000 }],
    usage,
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const db = openDb({ name: 'first-paint-test' });
  await importDataset(db, parsed.dataset, { rejected: [], replaced: [] }, new Date());
  const v = await accountView(db, 'a1', '2026-11-23', DEFAULT_SETTINGS);
  if (!v) throw new Error('no view');
  view = v;
});

function statusOf(sync: Partial<PanelStatus['sync']> = {}): PanelStatus {
  return {
    configured: true,
    hasData: true,
    sync: { status: 'idle', lastSuccessAt: '2026-11-23T10:00:00Z', ...sync } as PanelStatus['sync'],
    staleAfterHours: 24,
    role: 'csm',
    dataVersion: 3,
  };
}

/** A source whose reads never answer: the React panel must start from the seed alone. */
function sourceOf(): PanelSource {
  const never = () => new Promise<never>(() => {});
  return {
    locale: 'en-US',
    now: () => NOW,
    status: never,
    resolve: never,
    view: never,
    history: never,
    remember: never,
    search: never,
  };
}

/** The markup without the React panel's test ids (the first paint has none: tests find React's). */
const bare = (html: string) => html.replace(/ data-testid="[^"]*"/g, '');

function firstRender(v: AccountView, status: PanelStatus) {
  const seed: FirstPaint = {
    record,
    status,
    resolution: { status: 'matched', accountId: 'a1', by: 'hubspotCompanyId' },
    view: v,
  };
  const { container } = render(<Panel source={sourceOf()} record={record} seed={seed} />);
  return container;
}

describe('the first paint and the React panel that takes over', () => {
  it('the React panel’s first render, seeded, is the header the first paint drew (no skeleton, same markup)', () => {
    const status = statusOf();
    const container = firstRender(view, status);
    expect(container.querySelector('.hb-skeleton')).toBeNull();
    const react = container.querySelector('header.hb-head');
    expect(react).not.toBeNull();
    const first = headerOf(view, status.sync.lastSuccessAt, 'en-US', NOW);
    expect(bare(react!.outerHTML)).toBe(first.outerHTML);
    // The account's name is text, never markup.
    expect(first.querySelector('img')).toBeNull();
    expect(first.querySelector('h1')?.textContent).toBe('Acme <img src=x onerror=alert(1)>');
    expect(first.textContent).toContain('Growth · mid-market · dana@example.com');
  });

  it('a 30-day change that cannot be computed is "—" with its reason, in both', () => {
    const v: AccountView = {
      ...view,
      report: { ...view.report, health: { ...view.report.health, delta30: null } },
    };
    const status = statusOf();
    const container = firstRender(v, status);
    const first = headerOf(v, status.sync.lastSuccessAt, 'en-US', NOW);
    const abbr = first.querySelector('abbr.hb-null');
    expect(abbr?.textContent).toBe('—');
    expect(abbr?.getAttribute('aria-label')).toBe('not available: No score 30 days ago or today');
    expect(bare(container.querySelector('header.hb-head')!.outerHTML)).toBe(first.outerHTML);
  });

  it('the banner (here: stale data) and the panel around the header are the same', () => {
    const status = statusOf({ lastSuccessAt: '2026-11-20T10:00:00Z' });
    const container = firstRender(view, status);
    const main = panelMain(status, NOW, headerOf(view, status.sync.lastSuccessAt, 'en-US', NOW));
    const reactMain = container.querySelector('main.hb-panel')!;
    expect(main.getAttribute('aria-label')).toBe(reactMain.getAttribute('aria-label'));
    const banner = main.querySelector('.hb-banner');
    expect(banner?.textContent).toMatch(/^Stale — last synced /);
    expect(banner?.textContent).toBe(reactMain.querySelector('.hb-banner')?.textContent);
    expect(banner?.getAttribute('role')).toBe('status');
    expect(main.querySelector('.hb-brand')?.textContent).toBe(
      reactMain.querySelector('.hb-brand')?.textContent,
    );
    expect(main.querySelector('.hb-brand img')?.outerHTML).toBe(
      reactMain.querySelector('.hb-brand img')?.outerHTML,
    );
  });
});

describe('the header the background prepares for the frame (lib/ext/panel-header.ts)', () => {
  /** A source that answers like the cache with `view` matched for `record`. */
  function readingSource(status: PanelStatus, v: AccountView | null): PanelSource {
    return {
      ...sourceOf(),
      status: async () => status,
      resolve: async () => ({ status: 'matched', accountId: 'a1', by: 'hubspotCompanyId' }),
      view: async () => v,
    };
  }

  it('painted by the frame’s first script, it is the first paint’s panel and header, banner included', async () => {
    for (const status of [statusOf(), statusOf({ lastSuccessAt: '2026-11-20T10:00:00Z' })]) {
      const header = await headerFor(readingSource(status, view), record);
      expect(header?.record).toBe(recordKey(record));
      expect(header?.accountId).toBe('a1');
      // Through storage: structured-cloned, then checked as the frame checks it.
      const stored = asPanelHeader(structuredClone(header));
      expect(stored).toEqual(header);
      const early = accountFrame(stored!);
      const first = panelMain(
        status,
        NOW,
        h('article', { 'data-first-paint': '' }, headerOf(view, status.sync.lastSuccessAt, 'en-US', NOW)),
      );
      expect(early.outerHTML).toBe(first.outerHTML);
      // The account's name is text, never markup.
      expect(early.querySelectorAll('img')).toHaveLength(1); // the brand's
      expect(early.querySelector('h1')?.textContent).toBe('Acme <img src=x onerror=alert(1)>');
    }
  });

  it('none without data, without a single match, or without the account', async () => {
    expect(await headerFor(readingSource({ ...statusOf(), hasData: false }, view), record)).toBeNull();
    expect(await headerFor(readingSource(statusOf(), null), record)).toBeNull();
    const ambiguous: PanelSource = {
      ...readingSource(statusOf(), view),
      resolve: async () => ({ status: 'ambiguous', by: 'name', candidates: [] }),
    };
    expect(await headerFor(ambiguous, record)).toBeNull();
  });
});
