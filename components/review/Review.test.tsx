// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from '@/lib/contracts/review-settings';
import type { Dataset } from '@/lib/dataset/schema';
import { generateDataset } from '@/lib/demo/generate';
import { money, num } from '@/lib/format';
import { BAND_LABELS, computeReport, computeWorkspaceContext, DEFAULT_SETTINGS } from '@/lib/metrics';
import { SIGNAL_NAMES } from '@/lib/metrics/types';
import { parseParams, Review, type ReviewParams, searchOf } from './Review';
import type { ReviewSource } from './source';

afterEach(cleanup);

const AS_OF = '2026-10-31';
const ds = generateDataset({ accounts: 40, seed: 5, asOf: AS_OF });
const report = computeReport(ds, AS_OF);
// An account with everything the customer must not see: a band, risk and upsell signals, MRR, an owner, a renewal.
const target = report.accounts.find(
  (a) =>
    a.health.band !== null &&
    a.signals.some((s) => s.kind === 'risk') &&
    a.signals.some((s) => s.kind === 'upsell') &&
    a.mrr > 0 &&
    a.owner,
);
if (!target) throw new Error('the generated dataset has no account with risks and openings');
const account = ds.accounts.find((a) => a.id === target.id);

function sourceFor(
  settings: ReviewSettings = DEFAULT_REVIEW_SETTINGS,
): ReviewSource & { saved: ReviewSettings[] } {
  const saved: ReviewSettings[] = [];
  const one = (id: string): Dataset => ({
    ...ds,
    accounts: ds.accounts.filter((a) => a.id === id),
    usage: ds.usage?.filter((r) => r.accountId === id),
    revenue: ds.revenue?.filter((r) => r.accountId === id),
    users: ds.users?.filter((r) => r.accountId === id),
    tickets: ds.tickets?.filter((r) => r.accountId === id),
    surveys: ds.surveys?.filter((r) => r.accountId === id),
  });
  return {
    saved,
    locale: 'en-GB',
    account: async (id) =>
      ds.accounts.some((a) => a.id === id)
        ? {
            dataset: one(id),
            asOf: AS_OF,
            context: computeWorkspaceContext(ds, AS_OF),
            contextSource: 'computed',
          }
        : null,
    scoring: async () => DEFAULT_SETTINGS,
    history: async () => ({ asOf: AS_OF, history: [], bands: DEFAULT_SETTINGS.bands }),
    loadSettings: async () => saved[saved.length - 1] ?? settings,
    saveSettings: async (s) => {
      saved.push(s);
    },
    print: vi.fn(),
  };
}

function show(params: Partial<ReviewParams>, source = sourceFor()) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const initial: ReviewParams = {
    account: target?.id ?? null,
    version: 'customer',
    from: null,
    to: null,
    paper: 'a4',
    ...params,
  };
  render(
    <QueryClientProvider client={qc}>
      <Review source={source} initial={initial} />
    </QueryClientProvider>,
  );
  return source;
}

/** Every string or value of the internal prep that must never be in the customer's version. */
function internalNeedles(): string[] {
  if (!target || !account) return [];
  return [
    'Health',
    'health',
    ...Object.values(BAND_LABELS),
    // A signal as the internal prep names it ("Promoter" alone is NPS vocabulary the customer reads).
    ...target.signals.flatMap((s) => [`${SIGNAL_NAMES[s.id]} (${s.severity})`, s.evidence, s.action]),
    'Risk',
    'Openings',
    'upsell',
    'MRR',
    'ARR',
    money(target.mrr, ds.currency, 'en-GB'),
    money(target.arr, ds.currency, 'en-GB'),
    target.owner as string,
    'Renewal',
    'Internal',
    'not for the customer',
  ];
}

describe('the success review page', () => {
  it('the customer version shows the figures with their period and none of the internal fields', async () => {
    show({});
    const doc = await screen.findByTestId('review-doc');
    expect(screen.getByTestId('review-period').textContent).toBe(
      'Success review · Q3 2026 (1 Jul 2026 – 30 Sept 2026)',
    );
    expect(doc.querySelectorAll('.rv-page')).toHaveLength(4);
    expect(screen.getByTestId('fig-mau').textContent).toContain('30 days ending 30 Sept 2026');
    expect(doc.querySelectorAll('svg[role="img"]').length).toBeGreaterThanOrEqual(2);
    const html = doc.outerHTML;
    // The score as a number anywhere in the text people read (SVG coordinates aside).
    const score = num(target?.health.score, 'en-GB', 1).replace('.', '\\.');
    expect(doc.textContent).not.toMatch(new RegExp(`(^|[^\\d.,])${score}([^\\d.,]|$)`));
    for (const needle of internalNeedles()) {
      const at = html.indexOf(needle);
      expect(at, `${needle}: …${html.slice(Math.max(0, at - 80), at + 80)}…`).toBe(-1);
    }
  });

  it('the internal prep adds the health, risks, openings, revenue and renewal (so the needles are real)', async () => {
    show({ version: 'internal' });
    const doc = await screen.findByTestId('review-doc');
    await waitFor(() => expect(doc.querySelector('[data-section="internal"]')).not.toBeNull());
    const html = doc.outerHTML;
    // Of the band labels, the account's own shows; 'health' and 'upsell' are written capitalised.
    const others = Object.values(BAND_LABELS).filter((l) => l !== target?.health.label);
    const missing = internalNeedles().filter(
      (n) => !html.includes(n) && n !== 'health' && n !== 'upsell' && !others.includes(n as never),
    );
    expect(missing).toEqual([]);
    expect(screen.getByTestId('fig-mrr').textContent).toContain(money(target?.mrr, ds.currency, 'en-GB'));
  });

  it('takes any two dates, refuses a period past the data, and prints through the browser', async () => {
    const source = show({ from: '2026-08-01', to: '2026-10-31' });
    expect((await screen.findByTestId('review-period')).textContent).toBe(
      'Success review · 1 Aug 2026 – 31 Oct 2026',
    );
    fireEvent.click(screen.getByTestId('save-pdf'));
    expect(source.print).toHaveBeenCalledOnce();
    cleanup();
    show({ from: '2026-10-01', to: '2026-12-31' });
    expect((await screen.findByTestId('review-message')).textContent).toContain(
      'choose an end on or before 2026-10-31',
    );
  });

  it('prints the workspace name and value statements, and saves them', async () => {
    const feature = ds.features?.[0];
    const source = show(
      {},
      sourceFor({
        workspaceName: 'Northwind CS',
        valueStatements: [
          {
            id: 'v1',
            basis: 'feature',
            featureKey: feature?.key ?? '',
            unit: 'report created',
            minutesPerUse: 30,
          },
        ],
      }),
    );
    const doc = await screen.findByTestId('review-doc');
    expect(doc.querySelector('.rv-pagehead')?.textContent).toContain('Northwind CS · Success review · ');
    expect(screen.getByTestId('value-statements').textContent).toMatch(
      /hours saved — \d+ × report created at 30 minutes each/,
    );
    fireEvent.change(screen.getByDisplayValue('Northwind CS'), { target: { value: 'Contoso' } });
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(source.saved).toHaveLength(1));
    expect(source.saved[0].workspaceName).toBe('Contoso');
  });

  it('says what to do for an unknown account', async () => {
    show({ account: 'nobody' });
    expect((await screen.findByTestId('review-message')).textContent).toContain(
      'Healthbar has no account “nobody”',
    );
  });

  it('reads and writes its address', () => {
    expect(parseParams('?account=a%201&version=internal&from=2026-01-01&to=2026-03-31&paper=letter')).toEqual(
      {
        account: 'a 1',
        version: 'internal',
        from: '2026-01-01',
        to: '2026-03-31',
        paper: 'letter',
      },
    );
    expect(parseParams('?version=evil')).toMatchObject({ version: 'customer', paper: 'a4', account: null });
    expect(searchOf({ account: 'x', version: 'customer', from: null, to: null, paper: 'a4' })).toBe(
      '?account=x&version=customer',
    );
  });
});
