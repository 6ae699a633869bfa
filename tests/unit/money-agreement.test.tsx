// @vitest-environment happy-dom
/**
 * One amount, every surface: in a zero-decimal (JPY) and a three-decimal (KWD) currency, an
 * account's MRR reads the same in its signal evidence, the panel, "Copy summary", the report CLI
 * and the dashboard (issue 26: signal evidence used to divide by 100 whatever the currency).
 */
import 'fake-indexeddb/auto';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Panel } from '@/components/panel/Panel';
import type { PanelSource, PanelStatus } from '@/components/panel/source';
import { summaryText } from '@/components/panel/summary';
import { tableLines } from '@/lib/cli/report';
import { parseDataset } from '@/lib/dataset/parse';
import { accountView } from '@/lib/db/account-view';
import { openDb } from '@/lib/db/db';
import { importDataset } from '@/lib/db/import';
import { generateDataset } from '@/lib/demo/generate';
import { computeReport, DEFAULT_SETTINGS } from '@/lib/metrics';
import { formatMetric } from '@/lib/portfolio/catalog';

afterEach(cleanup);

const AS_OF = '2026-10-31';
/** The number a text shows, whatever its currency sign and grouping: "¥29,400" → 29400. */
const amount = (text: string) => Number(text.replace(/[^\d.-]/g, ''));
/** The panel, summary and dashboard round amounts of 100 major units or more to whole units. */
const rounded = (major: number) => (Math.abs(major) < 100 ? major : Math.round(major));

const db = openDb({ name: 'money-agreement' });

const status: PanelStatus = {
  configured: true,
  hasData: true,
  sync: { status: 'ok', pages: 1, records: 10, rejected: 0, lastSuccessAt: '2026-10-31T09:00:00Z' },
  staleAfterHours: 24,
  role: 'csm',
  dataVersion: 1,
};

describe.each([
  // ISO 4217: a yen has no minor unit, a Kuwaiti dinar has 1000 fils.
  { currency: 'JPY', perMajor: 1 },
  { currency: 'KWD', perMajor: 1000 },
])('money in $currency', ({ currency, perMajor }) => {
  it('signal evidence, panel, summary, CLI and dashboard state the same MRR', async () => {
    const base = generateDataset({ accounts: 40, seed: 42, asOf: AS_OF });
    const parsed = parseDataset({ ...base, currency });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const report = computeReport(parsed.dataset, AS_OF);
    const acc = report.accounts.find((a) => a.signals.some((s) => s.id === 'plan-headroom'));
    if (!acc) throw new Error('the seed has no plan-headroom account');
    const major = acc.mrr / perMajor;
    expect(acc.mrr).toBeGreaterThan(0);

    // Signal evidence (metrics core, also in the report JSON): exact, in major units.
    const evidence = acc.signals.find((s) => s.id === 'plan-headroom')?.evidence ?? '';
    const paid = new RegExp(`pays ([\\d.]+) ${currency} a month`).exec(evidence);
    expect(paid, evidence).not.toBeNull();
    expect(Number(paid?.[1])).toBe(major);

    // Report CLI table: exact, to the minor unit.
    const row = [...tableLines(report)].find((l) => l.startsWith(acc.name));
    expect(row).toBeDefined();
    const cliMrr =
      row
        ?.slice(acc.name.length)
        .trim()
        .split(/\s{2,}/)[0] ?? '';
    expect(amount(cliMrr)).toBe(major);

    // Dashboard: the metric catalogue's formatter.
    expect(amount(formatMetric('mrr', acc.mrr, currency, 'en-US'))).toBe(rounded(major));

    // Panel and "Copy summary", from the cached copy.
    // One cache for both currencies: each import is a new dataset version, as in the extension
    // (account views are memoised per version).
    await importDataset(db, parsed.dataset, { rejected: [], replaced: [] }, new Date());
    const view = await accountView(db, acc.id, AS_OF, DEFAULT_SETTINGS);
    if (!view) throw new Error('no view');
    expect(view.report.mrr).toBe(acc.mrr);
    const summaryMrr = /^MRR (.+?) ·/m.exec(summaryText(view))?.[1] ?? '';
    expect(amount(summaryMrr), summaryText(view)).toBe(rounded(major));
    expect(summaryText(view)).toContain(evidence);

    const source: PanelSource = {
      locale: 'en-US',
      now: () => new Date('2026-10-31T10:00:00Z'),
      status: async () => status,
      resolve: async () => ({ status: 'matched', accountId: acc.id, by: 'crmId' }),
      view: async () => view,
      history: async () => null,
      remember: async () => {},
      search: async () => [],
    };
    render(
      <Panel source={source} record={{ crm: 'hubspot', objectType: 'company', recordId: '1', hints: {} }} />,
    );
    await screen.findByTestId('account-name');
    const tile = screen.getByText('MRR', { selector: 'dt, span, div' }).parentElement as HTMLElement;
    expect(tile.textContent).toContain(summaryMrr);
    expect(document.body.textContent).toContain(evidence);
  });
});
