import { describe, expect, it } from 'vitest';
import { detectRecord } from '../crm';
import { RECORD_URLS } from '../crm/url-examples-testing';
import type { Dataset } from '../dataset/schema';
import { generateDataset } from '../demo/generate';
import { computeReport, computeWorkspaceContext, DEFAULT_SETTINGS, parseSettings } from '../metrics';
import type { AccountReport, Signal } from '../metrics/types';
import { allMetrics, CORE_KPIS, formatMetric, formatValue, metricDef } from './catalog';
import {
  crmLinks,
  hubspotCompanyUrl,
  lastCrmHostsSchema,
  readLastCrmHosts,
  salesforceAccountUrl,
  zendeskOrganizationUrl,
} from './crm-links';
import { csvRows, safeText, toCsv } from './csv';
import {
  describeFilters,
  filterOptions,
  filtersKey,
  matchesFilters,
  matchesScope,
  subsetDataset,
} from './filters';
import { atRiskList, churnedList, featureDemandLists, isAtRisk, myBook, upsellList } from './lists';
import { checkForm, formFromSettings, overridesOf, SCORING_FIELDS, scoringPreview } from './scoring';
import { fromInput, toInput } from './target-input';
import {
  DEFAULT_DASHBOARD_PREFS,
  evaluateTarget,
  makeTarget,
  northStarOf,
  readDashboardPrefs,
  readTargets,
  STAGE_PRESETS,
  TARGET_PRESETS,
  tabOf,
} from './targets';
import { accountReports, asOfFor, computeDashboard, scopeReport } from './view';

const AS_OF = '2026-10-31';
const TODAY = '2026-11-23';
const ds = generateDataset({ accounts: 40, seed: 3, asOf: AS_OF });
const whole = computeReport(ds, AS_OF);

describe('computeDashboard', () => {
  it('with no filter, is the report CLI on the whole dataset as of min(dataThrough, today)', () => {
    const v = computeDashboard({
      dataset: ds,
      today: TODAY,
      settings: DEFAULT_SETTINGS,
      filters: { owner: 'all', segment: 'all', plan: 'all' },
      myEmail: '',
    });
    expect(v.asOf).toBe(AS_OF);
    expect(v.report).toEqual(whole);
    expect(v.totalAccounts).toBe(40);
    expect(v.atRisk).toEqual(atRiskList(whole.accounts));
    expect(v.upsell).toEqual(upsellList(whole.accounts));
    expect(v.usageTrend).toHaveLength(12);
    expect(v.usageTrend.at(-1)?.asOf).toBe(AS_OF);
    expect(v.usageTrend.at(-1)?.dauMau).toBe(whole.portfolio.dauMau);
    const sticks = whole.accounts.map((a) => a.usage.stickiness).filter((x): x is number => x !== null);
    expect(v.usageTrend.at(-1)?.stickiness).toBeCloseTo(
      sticks.reduce((a, b) => a + b, 0) / sticks.length,
      12,
    );
    // Each weekly point is the report's own figure as of that day.
    const past = computeReport(ds, v.usageTrend[3].asOf);
    expect(v.usageTrend[3].dauMau).toBe(past.portfolio.dauMau);
  });

  it('as of today when the data runs past it', () => {
    expect(asOfFor(ds, '2026-10-15')).toBe('2026-10-15');
    expect(asOfFor({ ...ds, dataThrough: undefined }, TODAY)).toBe(AS_OF);
  });

  it('filtered: the portfolio is the accounts’ own; each account keeps whole-workspace figures', () => {
    const owner = ds.accounts[3].owner as string;
    const filters = { owner: 'mine' as const, segment: 'all' as const, plan: 'all' };
    const v = computeDashboard({
      dataset: ds,
      today: TODAY,
      settings: DEFAULT_SETTINGS,
      filters,
      myEmail: owner.toUpperCase(),
    });
    const ids = ds.accounts.filter((a) => a.owner === owner).map((a) => a.id);
    expect(v.report.accounts.map((a) => a.id)).toEqual(ids);
    const sub = subsetDataset(ds, (a) => ids.includes(a.id));
    const expected = computeReport(sub, AS_OF, DEFAULT_SETTINGS, {
      context: computeWorkspaceContext(ds, AS_OF),
    });
    expect(v.report.portfolio).toEqual(expected.portfolio);
    for (const a of v.report.accounts) expect(a).toEqual(whole.accounts.find((w) => w.id === a.id));
    expect(v.totalAccounts).toBe(40);
  });

  it('feature breadth by segment and by plan are means over the accounts with a value', () => {
    const v = computeDashboard({
      dataset: ds,
      today: TODAY,
      settings: DEFAULT_SETTINGS,
      filters: { owner: 'all', segment: 'all', plan: 'all' },
      myEmail: '',
    });
    for (const g of v.breadthBySegment) {
      const vals = whole.accounts
        .filter((a) => a.segment === g.key && a.usage.featureBreadth !== null)
        .map((a) => a.usage.featureBreadth as number);
      expect(g.value).toBeCloseTo(vals.reduce((a, b) => a + b, 0) / vals.length, 12);
    }
    expect(v.breadthByPlan.map((g) => g.key)).toEqual(
      (ds.plans ?? []).map((p) => p.id).filter((id) => whole.accounts.some((a) => a.planId === id)),
    );
  });

  it('scope reports and account-only reports agree with the whole report', () => {
    const seg = ds.accounts[0].segment as 'smb';
    const r = scopeReport(ds, TODAY, DEFAULT_SETTINGS, { kind: 'segment', segment: seg });
    expect(r.accounts.every((a) => a.segment === seg)).toBe(true);
    expect(scopeReport(ds, TODAY, DEFAULT_SETTINGS, { kind: 'all' }).portfolio).toEqual(whole.portfolio);
    const some = accountReports(ds, TODAY, DEFAULT_SETTINGS, (a) => a.segment === seg);
    expect(some.asOf).toBe(AS_OF);
    expect(some.accounts).toEqual(whole.accounts.filter((a) => a.segment === seg));
  });
});

function acct(
  id: string,
  over: Partial<AccountReport> & { score?: number | null; band?: 'red' | 'yellow' | 'green' | null },
) {
  const base = whole.accounts[0];
  return {
    ...base,
    id,
    name: id,
    status: over.status ?? 'active',
    churnedIn: over.churnedIn ?? null,
    lastMrr: over.lastMrr ?? null,
    mrr: over.mrr ?? 0,
    renewsInDays: over.renewsInDays ?? null,
    signals: over.signals ?? [],
    owner: over.owner ?? null,
    featureDemand: over.featureDemand ?? [],
    health: { ...base.health, score: over.score ?? null, band: over.band ?? null },
  } as AccountReport;
}
const sig = (id: Signal['id'], kind: Signal['kind'], severity: Signal['severity']): Signal => ({
  id,
  kind,
  severity,
  evidence: '',
  action: '',
});

describe('lists', () => {
  it('upsell by feature: per feature in the features order, most users first, then MRR, then dataset order', () => {
    const fd = (key: string, users: number, planId: string | null = 'p') => ({ key, users, planId });
    const list = [
      acct('a', { mrr: 100, featureDemand: [fd('x', 2), fd('y', 1, null)] }),
      acct('b', { mrr: 500, featureDemand: [fd('x', 2)] }),
      acct('c', { mrr: 900, featureDemand: [fd('x', 1)] }),
      acct('d', { mrr: 500, featureDemand: [fd('x', 2)] }),
      acct('none', { mrr: 999 }),
    ];
    const out = featureDemandLists(list, ['y', 'z', 'x']);
    expect(out.map((l) => l.key)).toEqual(['y', 'x']);
    expect(out[1].accounts.map((e) => `${e.account.id}:${e.users}`)).toEqual(['b:2', 'd:2', 'a:2', 'c:1']);
    expect(out[0].accounts).toEqual([{ account: list[0], users: 1, planId: null }]);
  });
  it('at risk: red/yellow or a high risk signal; lowest score first, unknown last, then soonest renewal', () => {
    const list = [
      acct('green-ok', { score: 90, band: 'green' }),
      acct('green-high', { score: 80, band: 'green', signals: [sig('champion-inactive', 'risk', 'high')] }),
      acct('green-medium', { score: 80, band: 'green', signals: [sig('detractor', 'risk', 'medium')] }),
      acct('yellow-later', { score: 60, band: 'yellow', renewsInDays: 200 }),
      acct('yellow-sooner', { score: 60, band: 'yellow', renewsInDays: 20 }),
      acct('red', { score: 30, band: 'red' }),
      acct('unknown-high', { signals: [sig('usage-decline', 'risk', 'high')] }),
    ];
    expect(atRiskList(list).map((a) => a.id)).toEqual([
      'red',
      'yellow-sooner',
      'yellow-later',
      'green-high',
      'unknown-high',
    ]);
    expect(isAtRisk(list[2])).toBe(false);
  });

  it('upsell: high first, then MRR largest first, then dataset order', () => {
    const list = [
      acct('low-big', { mrr: 900, signals: [sig('usage-growth', 'upsell', 'low')] }),
      acct('high-small', { mrr: 100, signals: [sig('seat-limit', 'upsell', 'high')] }),
      acct('medium', {
        mrr: 50,
        signals: [sig('seat-limit', 'upsell', 'medium'), sig('usage-growth', 'upsell', 'low')],
      }),
      acct('high-big', { mrr: 500, signals: [sig('seat-limit', 'upsell', 'high')] }),
      acct('risk-only', { mrr: 5000, signals: [sig('detractor', 'risk', 'medium')] }),
      acct('low-big-2', { mrr: 900, signals: [sig('promoter', 'upsell', 'low')] }),
    ];
    expect(upsellList(list).map((a) => a.id)).toEqual([
      'high-big',
      'high-small',
      'medium',
      'low-big',
      'low-big-2',
    ]);
  });

  it('active accounts only in at risk, upsell and upsell by feature; churned ones listed apart', () => {
    const churned = (id: string, churnedIn: string, lastMrr: number) =>
      acct(id, {
        status: 'churned',
        churnedIn,
        lastMrr,
        score: 10,
        band: 'red',
        signals: [sig('seat-limit', 'upsell', 'high')],
        featureDemand: [{ key: 'x', users: 3, planId: null }],
      });
    const list = [
      churned('lost-old', '2026-03', 900),
      acct('active-red', {
        score: 10,
        band: 'red',
        signals: [sig('seat-limit', 'upsell', 'high')],
        featureDemand: [{ key: 'x', users: 1, planId: null }],
      }),
      acct('never-paid', {
        status: 'not-yet-paying',
        score: 10,
        band: 'red',
        signals: [sig('usage-decline', 'risk', 'high'), sig('seat-limit', 'upsell', 'high')],
        featureDemand: [{ key: 'x', users: 3, planId: null }],
      }),
      churned('lost-small', '2026-10', 100),
      churned('lost-big', '2026-10', 2392),
    ];
    expect(atRiskList(list).map((a) => a.id)).toEqual(['active-red']);
    expect(upsellList(list).map((a) => a.id)).toEqual(['active-red']);
    expect(featureDemandLists(list, ['x'])[0].accounts.map((e) => e.account.id)).toEqual(['active-red']);
    expect(churnedList(list).map((a) => `${a.id}:${a.churnedIn}:${a.lastMrr}`)).toEqual([
      'lost-big:2026-10:2392',
      'lost-small:2026-10:100',
      'lost-old:2026-03:900',
    ]);
  });

  it('the dashboard view: the demo lists hold active accounts only; churned ones are all listed apart', () => {
    const v = computeDashboard({
      dataset: ds,
      today: TODAY,
      settings: DEFAULT_SETTINGS,
      filters: { owner: 'all', segment: 'all', plan: 'all' },
      myEmail: '',
    });
    const lost = whole.accounts.filter((a) => a.status === 'churned').map((a) => a.id);
    expect(lost.length).toBeGreaterThan(0);
    expect(v.churned.map((a) => a.id).sort()).toEqual([...lost].sort());
    for (const a of [
      ...v.atRisk,
      ...v.upsell,
      ...v.featureDemand.flatMap((f) => f.accounts.map((e) => e.account)),
    ])
      expect(a.status).toBe('active');
  });

  it('my book: owner equals the email (any case); everyone when no email is set', () => {
    const rows = [{ owner: 'Maria@X.com' }, { owner: 'tom@x.com' }, { owner: null }];
    expect(myBook(rows, ' maria@x.com ')).toEqual([rows[0]]);
    expect(myBook(rows, '')).toEqual(rows);
  });
});

describe('filters', () => {
  const a = ds.accounts[0];
  it('match by owner, segment and plan', () => {
    expect(matchesFilters(a, { owner: 'mine', segment: 'all', plan: 'all' }, a.owner as string)).toBe(true);
    expect(matchesFilters(a, { owner: 'mine', segment: 'all', plan: 'all' }, 'nobody@x.com')).toBe(false);
    expect(matchesFilters(a, { owner: 'mine', segment: 'all', plan: 'all' }, '')).toBe(true);
    expect(
      matchesFilters(a, { owner: 'all', segment: a.segment as 'smb', plan: a.planId as string }, ''),
    ).toBe(true);
    expect(matchesFilters(a, { owner: 'all', segment: 'all', plan: 'nope' }, '')).toBe(false);
    expect(matchesScope(a, { kind: 'book', owner: (a.owner as string).toUpperCase() })).toBe(true);
    expect(filtersKey({ owner: 'mine', segment: 'all', plan: 'all' }, '')).toBe('all');
  });
  it('subset keeps only the accounts’ rows; the same object when nothing is left out', () => {
    expect(subsetDataset(ds, () => true)).toBe(ds);
    const sub = subsetDataset(ds, (x) => x.id === a.id);
    expect(sub.accounts).toEqual([a]);
    expect(sub.usage?.every((u) => u.accountId === a.id)).toBe(true);
    expect(sub.revenue?.length).toBeGreaterThan(0);
    expect(sub.features).toBe(ds.features);
  });
  it('options and descriptions', () => {
    const o = filterOptions(ds);
    expect(o.segments.length).toBeGreaterThan(0);
    expect(o.plans[0]).toEqual({ id: 'starter', name: 'Starter' });
    expect(
      describeFilters({ owner: 'mine', segment: 'smb', plan: 'growth' }, 'me@x.com', { growth: 'Growth' }),
    ).toBe('My book (me@x.com) · SMB · Growth plan');
    expect(describeFilters({ owner: 'mine', segment: 'all', plan: 'all' }, '')).toBe('All accounts');
  });
});

describe('catalog', () => {
  it('has the core KPIs in order, each defined, with a reason when it can be null', () => {
    expect(CORE_KPIS).toHaveLength(14);
    for (const k of CORE_KPIS) {
      const d = metricDef(k);
      expect(d?.definition.length).toBeGreaterThan(10);
      expect(d?.value(whole)).toBe(d?.value(whole));
    }
    expect(metricDef('nrr')?.value(whole)).toBe(whole.portfolio.nrr);
    expect(metricDef('featureAdoption:reports', { reports: 'Scheduled reports' })?.label).toBe(
      'Adoption of Scheduled reports',
    );
    expect(metricDef('nope')).toBeNull();
    expect(allMetrics({ a: 'A' }).at(-1)?.key).toBe('featureAdoption:a');
  });
  it('formats with lib/format', () => {
    expect(formatMetric('nrr', 1.054, 'USD')).toBe('105.4%');
    expect(formatMetric('mrr', 1234500, 'USD')).toBe('$12,345');
    expect(formatMetric('ltvToCac', 3.25, 'USD')).toBe('3.3:1');
    expect(formatMetric('mrrGrowth', 0.052, 'USD')).toBe('+5.2%');
    expect(formatMetric('mrrGrowth', -0.052, 'USD')).toBe('−5.2%');
    expect(formatMetric('salesCycleDays', 41.25, 'USD')).toBe('41.3 days');
    expect(formatMetric('medianFirstResponseHours', 60, 'USD')).toBe('2.5 days');
    expect(formatValue('money', null, 'USD')).toBe('—');
    expect(formatMetric('mrr', 1234500, 'JPY')).toBe('¥1,234,500');
  });
  it('converts target inputs to and from the stored units', () => {
    expect(toInput('ratio', 0.75, 'USD')).toBe(75);
    expect(fromInput('ratio', 75, 'USD')).toBe(0.75);
    expect(fromInput('money', 12.34, 'USD')).toBe(1234);
    expect(toInput('money', 1234, 'USD')).toBe(12.34);
    expect(fromInput('money', 500, 'JPY')).toBe(500);
  });
});

describe('CRM links', () => {
  const hosts = readLastCrmHosts({
    hubspot: 'app-eu1.hubspot.com',
    hubspotPortal: '4417291',
    salesforce: 'Acme.lightning.force.com',
    zendesk: 'acme.zendesk.com',
  });
  it('builds each CRM’s record URL', () => {
    expect(hubspotCompanyUrl(hosts, '9384756102')).toBe(
      'https://app-eu1.hubspot.com/contacts/4417291/record/0-2/9384756102',
    );
    expect(salesforceAccountUrl(hosts, '0018c00002JxQ4mAAF')).toBe(
      'https://acme.lightning.force.com/lightning/r/Account/0018c00002JxQ4mAAF/view',
    );
    expect(zendeskOrganizationUrl(hosts, '360045123891')).toBe(
      'https://acme.zendesk.com/agent/organizations/360045123891',
    );
  });
  it('needs a host (and HubSpot a portal); says which CRMs lack one', () => {
    const r = crmLinks(
      { hubspotCompanyId: '1', salesforceAccountId: '0018c00002JxQ4mAAF', zendeskOrganizationId: '2' },
      { zendesk: 'x.zendesk.com', hubspot: 'app.hubspot.com' },
    );
    expect(r.links.map((l) => l.crm)).toEqual(['zendesk']);
    expect(r.missing).toEqual(['HubSpot', 'Salesforce']);
  });
  it('links back to every host a detector accepts (a Salesforce sandbox too)', () => {
    const ids = { hubspot: '9384756102', salesforce: '0018c00002JxQ4mAAF', zendesk: '360045123891' };
    for (const [crm, examples] of Object.entries(RECORD_URLS)) {
      for (const [url] of examples) {
        expect(detectRecord(url), url).not.toBeNull();
        const host = new URL(url).host;
        const stored = readLastCrmHosts({ [crm]: host, hubspotPortal: '4417291' });
        const r = crmLinks(
          {
            hubspotCompanyId: ids.hubspot,
            salesforceAccountId: ids.salesforce,
            zendeskOrganizationId: ids.zendesk,
          },
          stored,
        );
        expect(
          r.links.map((l) => new URL(l.url).host),
          url,
        ).toEqual([host]);
      }
    }
    expect(readLastCrmHosts({ salesforce: 'acme--uat.sandbox.lightning.force.com' })).toEqual({
      salesforce: 'acme--uat.sandbox.lightning.force.com',
    });
  });
  it('drops hosts that are not CRM hosts, and ids that would change the path', () => {
    expect(
      readLastCrmHosts({ hubspot: 'evil.com', zendesk: 'a.zendesk.com.evil.com', salesforce: 42 }),
    ).toEqual({});
    expect(readLastCrmHosts(null)).toEqual({});
    expect(lastCrmHostsSchema.safeParse({ hubspotPortal: '12ab' }).success).toBe(false);
    expect(zendeskOrganizationUrl({ zendesk: 'a.zendesk.com' }, '../../admin')).toBeNull();
    expect(hubspotCompanyUrl({ hubspot: 'app.hubspot.com', hubspotPortal: '1' }, '12/x')).toBeNull();
  });
});

describe('CSV', () => {
  it('quotes, doubles quotes, uses CRLF and neutralises formulas from the data', () => {
    const csv = toCsv([
      { section: 'KPI', name: 'MRR', value: '$1,200' },
      { section: 'At risk', name: safeText('=HYPERLINK("x")'), value: '42', detail: 'a "b"\nc' },
    ]);
    expect(csv).toBe(
      'section,name,value,detail\r\nKPI,MRR,"$1,200",\r\nAt risk,"\'=HYPERLINK(""x"")",42,"a ""b""\nc"\r\n',
    );
    expect(safeText('-1')).toBe("'-1");
    expect(safeText('Acme')).toBe('Acme');
  });
});

describe('CSV of the current view', () => {
  it('has the view, north star, KPIs, trends, the tab’s metrics, the lists and the targets, as shown', () => {
    const v = computeDashboard({
      dataset: ds,
      today: TODAY,
      settings: DEFAULT_SETTINGS,
      filters: { owner: 'all', segment: 'all', plan: 'all' },
      myEmail: '',
    });
    const target = {
      id: 't',
      metric: 'nrr',
      scope: { kind: 'all' as const },
      baseline: 1,
      target: 1.2,
      setOn: '2026-10-01',
      dueOn: '2027-10-01',
    };
    const rows = csvRows({
      v,
      locale: 'en-US',
      northStar: 'nrr',
      stageLabel: 'Growth',
      filters: 'All accounts',
      tab: 'executive',
      targets: [{ t: target, current: whole.portfolio.nrr }],
    });
    const find = (section: string, name: string) =>
      rows.find((r) => r.section === section && r.name === name);
    expect(find('View', 'As of')?.value).toBe('31 Oct 2026');
    expect(find('North star', 'NRR')).toMatchObject({
      value: formatMetric('nrr', whole.portfolio.nrr, 'USD'),
      detail: 'review weekly',
    });
    expect(rows.filter((r) => r.section === 'Core KPIs')).toHaveLength(14);
    expect(find('Executive', 'MRR growth (month)')?.value).toBe(
      formatMetric('mrrGrowth', whole.portfolio.trends.mrrGrowth, 'USD'),
    );
    expect(rows.filter((r) => r.section === 'NRR trend')).toHaveLength(12);
    expect(rows.filter((r) => r.section === 'At risk').map((r) => r.name)).toEqual(
      atRiskList(whole.accounts).map((a) => a.name),
    );
    expect(rows.filter((r) => r.section === 'Upsell')).toHaveLength(upsellList(whole.accounts).length);
    expect(find('Targets', 'NRR (All accounts)')?.value).toMatch(/On track|Behind|Met/);
    expect(toCsv(rows).startsWith('section,name,value,detail\r\n')).toBe(true);
    // The Product tab adds its upsell-by-feature rows, one per feature and account.
    const product = csvRows({
      v,
      locale: 'en-US',
      northStar: 'nrr',
      stageLabel: 'Growth',
      filters: '',
      tab: 'product',
      targets: [],
    });
    const demand = product.filter((r) => r.section.startsWith('Product: upsell by feature: '));
    expect(v.featureDemand.length).toBeGreaterThan(0);
    expect(demand).toHaveLength(v.featureDemand.reduce((n, l) => n + l.accounts.length, 0));
    const e = v.featureDemand[0].accounts[0];
    expect(demand[0]).toEqual({
      section: `Product: upsell by feature: ${v.featureNames[v.featureDemand[0].key]}`,
      name: e.account.name,
      value: `${e.users} user${e.users === 1 ? '' : 's'}`,
      detail: `plan with it: ${e.planId === null ? 'none' : v.planNames[e.planId]}`,
    });
  });
});

describe('targets', () => {
  it('records the baseline and measures progress with the metrics core', () => {
    const t = makeTarget({
      id: 't1',
      metric: 'nrr',
      scope: { kind: 'all' },
      baseline: 1,
      target: 1.1,
      setOn: '2026-10-01',
      dueOn: '2026-12-30',
    });
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const p = evaluateTarget(t.target, 1.05, '2026-10-31');
    expect(p.progress).toBeCloseTo(0.5, 12);
    expect(p.status).toBe('on-track');
    expect(evaluateTarget(t.target, 1.01, '2026-12-01').status).toBe('behind');
    expect(evaluateTarget(t.target, 1.1, '2026-12-01').status).toBe('met');
    expect(evaluateTarget(t.target, 1.05, '2027-01-01').status).toBe('missed');
  });
  it('refuses a target without a baseline, equal to it, or due too early', () => {
    const base = {
      id: 'x',
      metric: 'nrr',
      scope: { kind: 'all' as const },
      target: 1.2,
      setOn: AS_OF,
      dueOn: '2027-01-01',
    };
    expect(makeTarget({ ...base, baseline: null })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no baseline/),
    });
    expect(makeTarget({ ...base, baseline: 1.2 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/equals/),
    });
    expect(makeTarget({ ...base, baseline: 1, dueOn: AS_OF })).toMatchObject({ ok: false });
    expect(makeTarget({ ...base, metric: 'bogus', baseline: 1 })).toMatchObject({ ok: false });
  });
  it('reads stored targets, dropping damaged ones', () => {
    const good = {
      id: 'a',
      metric: 'mrr',
      scope: { kind: 'plan', planId: 'growth' },
      baseline: 1,
      target: 2,
      setOn: AS_OF,
      dueOn: '2027-01-29',
    };
    expect(readTargets([good, { ...good, id: '' }, { ...good, dueOn: '2020-01-01' }, 'x'])).toEqual([good]);
    expect(readTargets({})).toEqual([]);
  });
  it('presets: relative MRR/ARR, absolute others; stages pick north star and tab', () => {
    const mrr = TARGET_PRESETS.find((p) => p.id === 'mrr-growth');
    expect(mrr?.targetFor(1000)).toBe(1150);
    expect(TARGET_PRESETS.find((p) => p.id === 'arr-growth')?.targetFor(1000)).toBe(2000);
    expect(STAGE_PRESETS.early).toMatchObject({ northStar: 'dauMau', tab: 'product' });
    expect(STAGE_PRESETS.growth).toMatchObject({ northStar: 'nrr', tab: 'cs' });
    expect(STAGE_PRESETS.mature).toMatchObject({ northStar: 'nrr', tab: 'executive' });
    expect(northStarOf(DEFAULT_DASHBOARD_PREFS)).toBe('nrr');
    expect(tabOf({ ...DEFAULT_DASHBOARD_PREFS, stage: 'mature' })).toBe('executive');
    expect(readDashboardPrefs({ stage: 'x' })).toEqual(DEFAULT_DASHBOARD_PREFS);
  });
});

describe('scoring', () => {
  it('round-trips the settings through the form, and keeps only overrides', () => {
    const form = formFromSettings(DEFAULT_SETTINGS);
    expect(Object.keys(form)).toHaveLength(SCORING_FIELDS.length);
    const r = checkForm({ ...form, 'weights.engagement': '50' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(overridesOf(r.settings)).toEqual({ weights: { engagement: 50 } });
    expect(overridesOf(DEFAULT_SETTINGS)).toEqual({});
    // Every settings key is editable.
    const n = (o: object): number =>
      Object.values(o).reduce((s: number, v) => s + (typeof v === 'object' ? n(v) : 1), 0);
    expect(SCORING_FIELDS.length).toBe(n(DEFAULT_SETTINGS));
  });
  it('reports parseSettings’ messages', () => {
    const form = formFromSettings(DEFAULT_SETTINGS);
    const r = checkForm({ ...form, 'weights.trend': '', grossMargin: '2' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('setting "weights.trend": must be a number');
    expect(r.errors).toContain('setting "grossMargin": must be ≤ 1');
    expect(checkForm({ ...form, 'bands.redMax': '80' })).toEqual({
      ok: false,
      errors: ['setting "bands": redMax must be below yellowMax'],
    });
  });
  it('previews exactly the band changes the report would show', () => {
    const proposed = parseSettings({ weights: { engagement: 0, satisfaction: 60 } });
    if (!proposed.ok) throw new Error(proposed.error);
    const p = scoringPreview(ds, TODAY, DEFAULT_SETTINGS, proposed.settings);
    const after = computeReport(ds, AS_OF, proposed.settings);
    expect(p.before).toEqual(whole.portfolio.health);
    expect(p.after).toEqual(after.portfolio.health);
    const changed = whole.accounts.filter((a, i) => a.health.band !== after.accounts[i].health.band);
    expect(p.changes.map((c) => c.id)).toEqual(changed.map((a) => a.id));
    expect(p.changes.length).toBeGreaterThan(0);
    expect(scoringPreview(ds, TODAY, DEFAULT_SETTINGS, DEFAULT_SETTINGS).changes).toEqual([]);
  });
});

it('an empty dataset gives an empty view, not an error', () => {
  const empty: Dataset = {
    schemaVersion: 1,
    currency: 'EUR',
    dataThrough: AS_OF,
    plans: [],
    features: [],
    milestones: [],
    accounts: [],
    revenue: [],
    usage: [],
    users: [],
    tickets: [],
    surveys: [],
  };
  const v = computeDashboard({
    dataset: empty,
    today: TODAY,
    settings: DEFAULT_SETTINGS,
    filters: { owner: 'all', segment: 'all', plan: 'all' },
    myEmail: '',
  });
  expect(v.report.accounts).toEqual([]);
  expect(v.report.portfolio.nrr).toBeNull();
  expect(v.atRisk).toEqual([]);
});

describe('the deal figures of a filtered or book view (issue 32)', () => {
  const [a, b, c] = ds.accounts;
  const mine = 'kim@example.com';
  const withDeals: Dataset = {
    ...ds,
    accounts: ds.accounts.map((x) =>
      x.id === a.id || x.id === c.id ? { ...x, owner: mine } : { ...x, owner: 'lee@example.com' },
    ),
    deals: [
      { id: 'd1', accountId: a.id, amount: 100_000, stage: 'proposal', createdOn: '2026-09-01' },
      {
        id: 'd2',
        accountId: a.id,
        amount: 40_000,
        stage: 'won',
        createdOn: '2026-02-01',
        closedOn: '2026-05-01',
        won: true,
      },
      { id: 'd3', accountId: b.id, amount: 70_000, stage: 'proposal', createdOn: '2026-09-01' },
      {
        id: 'd4',
        accountId: b.id,
        amount: 10_000,
        stage: 'lost',
        createdOn: '2026-02-01',
        closedOn: '2026-05-01',
        won: false,
      },
    ],
  };
  const view = (owner: 'all' | 'mine', email = mine) =>
    computeDashboard({
      dataset: withDeals,
      today: TODAY,
      settings: DEFAULT_SETTINGS,
      filters: { owner, segment: 'all', plan: 'all' },
      myEmail: email,
    });

  it("my book: only its accounts' deals (hand-computed), and its open deals", () => {
    const all = view('all').report.portfolio;
    expect(all).toMatchObject({ pipelineValue: 170_000, winRate: 0.5, avgDealSize: 40_000 });
    const book = view('mine');
    expect(book.report.portfolio).toMatchObject({ pipelineValue: 100_000, winRate: 1, avgDealSize: 40_000 });
    expect(book.openDeals?.map((d) => [d.id, d.account.id])).toEqual([['d1', a.id]]);
    expect(view('all').openDeals?.map((d) => d.id)).toEqual(['d1', 'd3']);
  });

  it('a book whose accounts have no deal: null figures and no list, not 0', () => {
    const v = view('mine', 'nobody@example.com');
    expect(v.report.accounts).toHaveLength(0);
    expect(v.report.portfolio).toMatchObject({ pipelineValue: null, winRate: null, avgDealSize: null });
    expect(v.openDeals).toBeNull();
    // A book-scoped cache holds only the book's rows: the same figures as the filtered view.
    const cache = subsetDataset(withDeals, (x) => x.owner === mine);
    expect(computeReport(cache, AS_OF).portfolio).toMatchObject(view('mine').report.portfolio);
  });
});
