/**
 * A second, deliberately naive reading of METRICS.md (row scans, no index, Date.UTC for days),
 * compared field by field with `computeReport` on random datasets — with and without repeated keys.
 * It catches indexing, windowing and grouping mistakes that hand fixtures could miss.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Dataset, Ticket } from '../dataset/schema';
import { arbAsOf, arbDataset, arbSentiment, withDuplicates } from './arbitraries';
import { computeReport, DEFAULT_SETTINGS, parseSettings } from './index';

const S = DEFAULT_SETTINGS;
const DAY = 86_400_000;
const dn = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / DAY;
const mn = (s: string) => +s.slice(0, 4) * 12 + +s.slice(5, 7) - 1;
const mstr = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
const med = (v: number[]) => {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
const geq = (a: number, b: number) => a >= b || near(a, b);
const leq = (a: number, b: number) => a <= b || near(a, b);
/** Last record per id, among rows of known accounts. */
const byId = <T extends { id: string; accountId: string }>(rows: T[], known: Set<string>) => {
  const m = new Map<string, T>();
  for (const r of rows) m.set(r.id, r);
  return [...m.values()].filter((r) => known.has(r.accountId));
};

/**
 * `demandUsers`: the featureDemandUsers setting (3 by default); `sentimentWeight`: the
 * `weights.sentiment` setting (0 by default: no `sentiment` component).
 */
function naive(ds: Dataset, asOf: string, demandUsers = 3, sentimentWeight = 0) {
  const D = dn(asOf);
  const M = Math.floor(mn(asOf));
  const ids = ds.accounts.map((a) => a.id);
  const known = new Set(ids);
  // Lookups through maps filled in row order (a later row overwrites an earlier one).
  const rev = new Map<string, number>();
  for (const r of ds.revenue) rev.set(`${r.accountId}|${mn(r.month)}`, r.mrr);
  const use = new Map<string, Dataset['usage'][number]>();
  for (const u of ds.usage) use.set(`${u.accountId}|${dn(u.date)}`, u);
  const MRR = (id: string, m: number) => rev.get(`${id}|${m}`) ?? 0;
  const row = (id: string, d: number) => use.get(`${id}|${d}`);
  const users = byId(ds.users, known);
  const tickets = byId(ds.tickets, known);
  const surveys = byId(ds.surveys, known);
  const sentiment = byId(ds.sentiment ?? [], known);
  const featureKeys = [...new Set(ds.features.map((f) => f.key))];
  // Plans by id: a Map keeps the first position of a key and the last value set for it.
  const planList = [...new Map(ds.plans.map((p) => [p.id, p])).values()];
  const msKeys = [...new Set(ds.milestones.map((m) => m.key))];
  const fvKey = ds.milestones.find((m) => m.firstValue)?.key;
  const yearAgo = (d: number) => {
    const dt = new Date(d * DAY);
    const y = dt.getUTCFullYear() - 1;
    const mo = dt.getUTCMonth();
    const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
    return Date.UTC(y, mo, Math.min(dt.getUTCDate(), lastDay)) / DAY;
  };
  const in12 = (x: string | undefined) => x !== undefined && dn(x) > yearAgo(D) && dn(x) <= D;

  // revenue
  const mrr = ids.reduce((s, id) => s + MRR(id, M), 0);
  const paying = ids.filter((id) => MRR(id, M) > 0).length;
  const everPositiveBefore = (id: string, m: number) =>
    ds.revenue.some((r) => r.accountId === id && mn(r.month) < m && MRR(id, mn(r.month)) > 0);
  const movements = [];
  let churned = 0;
  let exposed = 0;
  for (let m = M - 11; m <= M; m++) {
    const mv = { month: mstr(m), new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, net: 0 };
    for (const id of ids) {
      const prev = MRR(id, m - 1);
      const cur = MRR(id, m);
      if (prev > 0) exposed++;
      if (prev === 0 && cur > 0) {
        if (everPositiveBefore(id, m)) mv.reactivation += cur;
        else mv.new += cur;
      }
      if (prev > 0 && cur > prev) mv.expansion += cur - prev;
      if (cur > 0 && cur < prev) mv.contraction += cur - prev;
      if (prev > 0 && cur === 0) {
        mv.churn -= prev;
        churned++;
      }
    }
    mv.net = mv.new + mv.expansion + mv.contraction + mv.churn + mv.reactivation;
    movements.push(mv);
  }
  const cohort = ids.filter((id) => MRR(id, M - 12) > 0);
  const base = cohort.reduce((s, id) => s + MRR(id, M - 12), 0);
  const monthlyRate = exposed === 0 ? null : churned / exposed;
  const arpa = paying === 0 ? null : mrr / paying;
  const withCost = ds.accounts.filter((a) => in12(a.startedOn) && a.acquisitionCost !== undefined);
  const cycles = ds.accounts.filter((a) => a.dealCreatedOn && a.dealClosedOn && in12(a.dealClosedOn));

  let promoters = 0;
  let detractors = 0;
  let npsN = 0;
  let csatN = 0;
  let csatOk = 0;
  let sumAvg = 0;
  let sumMau = 0;
  const ttvs: number[] = [];
  const tracked = tickets.length > 0;
  const accounts = ds.accounts.map((a) => {
    const id = a.id;
    const usageAt = (x: number) => {
      const r = row(id, x);
      let w = 0;
      let p = 0;
      let minutes = 0;
      for (let d = x - 59; d <= x; d++) {
        const u = row(id, d);
        if (!u) continue;
        if (d >= x - 29) {
          w += u.dau;
          minutes += u.minutes;
        } else p += u.dau;
      }
      const mau = r?.mau ?? 0;
      return {
        dau: r?.dau ?? 0,
        wau: r?.wau ?? 0,
        mau,
        avgDau30: w / 30,
        stickiness: mau === 0 ? null : w / 30 / mau,
        seatUtilization: a.seats ? mau / a.seats : null,
        usageChange: p === 0 ? null : w / 30 / (p / 30) - 1,
        minutesPerActiveUser: w === 0 ? null : minutes / w,
      };
    };
    const u = usageAt(D);
    const mine = users.filter((x) => x.accountId === id);
    const active = mine.filter((x) => x.lastSeenOn && dn(x.lastSeenOn) >= D - 29 && dn(x.lastSeenOn) <= D);
    const usedF = (f: string) =>
      active.filter((x) => x.features[f] && dn(x.features[f]) >= D - 29 && dn(x.features[f]) <= D).length;
    const featureAdoption = Object.fromEntries(
      featureKeys.map((f) => [f, active.length ? usedF(f) / active.length : null]),
    );
    const plan = ds.plans.filter((p) => p.id === a.planId).pop();
    const avail = plan ? featureKeys.filter((f) => plan.features.includes(f)) : featureKeys;
    const breadth =
      avail.length === 0
        ? null
        : active.length === 0
          ? 0
          : avail.filter((f) => usedF(f) > 0).length / avail.length;
    const journeyAt = (x: number) =>
      msKeys.length === 0
        ? null
        : msKeys.filter((k) => a.milestones?.[k] && dn(a.milestones[k]) <= x).length / msKeys.length;
    const fv = fvKey ? a.milestones?.[fvKey] : undefined;
    const ttv = a.startedOn && fv && dn(fv) <= D ? dn(fv) - dn(a.startedOn) : null;
    if (ttv !== null && in12(a.startedOn)) ttvs.push(ttv);
    const survAt = (x: number) => {
      const s = surveys.filter(
        (v) => v.accountId === id && dn(v.respondedOn) >= x - 179 && dn(v.respondedOn) <= x,
      );
      const n = s.filter((v) => v.kind === 'nps');
      const c = s.filter((v) => v.kind === 'csat');
      const p = n.filter((v) => v.score >= 9).length;
      const dd = n.filter((v) => v.score <= 6).length;
      return {
        n: n.length,
        p,
        dd,
        nps: n.length ? (100 * (p - dd)) / n.length : null,
        cN: c.length,
        cOk: c.filter((v) => v.score >= 4).length,
        csat: c.length ? c.filter((v) => v.score >= 4).length / c.length : null,
      };
    };
    const sv = survAt(D);
    promoters += sv.p;
    detractors += sv.dd;
    npsN += sv.n;
    csatN += sv.cN;
    csatOk += sv.cOk;
    sumAvg += u.avgDau30;
    sumMau += u.mau;
    const tk = (x: number) =>
      tickets.filter((t) => t.accountId === id && Math.floor(Date.parse(t.openedAt) / DAY) <= x);
    const openedIn = (t: Ticket, from: number, to: number) => {
      const d = Math.floor(Date.parse(t.openedAt) / DAY);
      return d >= from && d <= to;
    };
    const supportAt = (x: number) => {
      const open = tk(x).filter((t) => t.status === 'open' || t.status === 'pending');
      return {
        openTickets: open.length,
        openUrgent: open.filter((t) => t.priority === 'high' || t.priority === 'urgent').length,
        tickets30: tk(x).filter((t) => openedIn(t, x - 29, x)).length,
      };
    };
    const sup = supportAt(D);
    const hours = (k: 'firstResponseAt' | 'solvedAt') =>
      med(
        tk(D)
          .filter(
            (t) => openedIn(t, D - 89, D) && t[k] !== undefined && Date.parse(t[k] as string) < (D + 1) * DAY,
          )
          .map((t) => (Date.parse(t[k] as string) - Date.parse(t.openedAt)) / 3_600_000),
      );
    const comps = (x: number) => {
      const ux = usageAt(x);
      const sx = survAt(x);
      const px = supportAt(x);
      const a1 = ux.seatUtilization === null ? null : Math.min(1, ux.seatUtilization);
      const b1 = ux.stickiness === null ? null : Math.min(1, ux.stickiness / 0.4);
      const j = journeyAt(x);
      return {
        engagement:
          a1 === null && b1 === null
            ? null
            : a1 === null
              ? 100 * (b1 as number)
              : b1 === null
                ? 100 * a1
                : 100 * (0.6 * a1 + 0.4 * b1),
        adoption:
          breadth === null && j === null
            ? null
            : breadth === null
              ? 100 * (j as number)
              : j === null
                ? 100 * breadth
                : 50 * (breadth + j),
        satisfaction: sx.nps !== null ? (sx.nps + 100) / 2 : sx.csat !== null ? 100 * sx.csat : null,
        support: tracked
          ? Math.min(100, Math.max(0, 100 - 15 * px.openUrgent - 5 * Math.max(0, px.tickets30 - 2)))
          : null,
        trend: ux.usageChange === null ? null : 50 + 50 * Math.max(-1, Math.min(1, ux.usageChange)),
        ...(sentimentWeight > 0 ? { sentiment: sentimentOn(x) } : {}),
      };
    };
    // The latest entry whose recordedAt is before the end of day x; equal times: the greater id.
    const sentimentOn = (x: number): number | null => {
      let best: (typeof sentiment)[number] | undefined;
      for (const e of sentiment) {
        if (e.accountId !== id || Date.parse(e.recordedAt) >= (x + 1) * DAY) continue;
        const t = Date.parse(e.recordedAt);
        const bt = best === undefined ? -Infinity : Date.parse(best.recordedAt);
        if (best === undefined || t > bt || (t === bt && e.id > best.id)) best = e;
      }
      return best === undefined ? null : { good: 100, neutral: 50, poor: 0 }[best.value];
    };
    const score = (c: ReturnType<typeof comps>) => {
      const w = { ...S.weights, sentiment: sentimentWeight };
      let n = 0;
      let d = 0;
      for (const k of ['engagement', 'adoption', 'satisfaction', 'support', 'trend', 'sentiment'] as const) {
        const v = c[k];
        if (v === undefined || v === null) continue;
        n += w[k] * v;
        d += w[k];
      }
      return d === 0 ? null : n / d;
    };
    const c = comps(D);
    const sc = score(c);
    const before = score(comps(D - 30));
    const band = (x: number | null): 'red' | 'yellow' | 'green' | null => {
      if (x === null) return null;
      const r = Math.floor(x + 0.5 + 1e-7);
      return r <= 50 ? 'red' : r <= 75 ? 'yellow' : 'green';
    };
    const b = band(sc);
    const renewsInDays = a.renewsOn ? dn(a.renewsOn) - D : null;
    const prior = tk(D).filter((t) => openedIn(t, D - 119, D - 30)).length;
    const sig: string[] = [];
    if (u.usageChange !== null && leq(u.usageChange, -0.25))
      sig.push(`usage-decline:${leq(u.usageChange, -0.5) ? 'high' : 'medium'}`);
    if (mine.some((x) => x.champion && x.lastSeenOn && dn(x.lastSeenOn) < D - 30))
      sig.push('champion-inactive:high');
    if (
      surveys.some(
        (v) =>
          v.accountId === id &&
          v.kind === 'nps' &&
          v.score <= 6 &&
          dn(v.respondedOn) >= D - 89 &&
          dn(v.respondedOn) <= D,
      )
    )
      sig.push('detractor:medium');
    if (sup.tickets30 >= 3 && 3 * sup.tickets30 >= 2 * prior) sig.push('ticket-spike:medium');
    if (renewsInDays !== null && renewsInDays > 0 && renewsInDays <= 90 && b !== 'green')
      sig.push(`renewal-risk:${b === 'red' ? 'high' : 'medium'}`);
    if (MRR(id, M) > 0 && MRR(id, M) < MRR(id, M - 3)) sig.push('contraction:medium');
    if (breadth !== null && breadth < 0.3 && !near(breadth, 0.3) && a.startedOn && D - dn(a.startedOn) > 90)
      sig.push('low-adoption:low');
    if (u.seatUtilization !== null && geq(u.seatUtilization, 0.9))
      sig.push(`seat-limit:${geq(u.seatUtilization, 1) ? 'high' : 'medium'}`);
    if (u.usageChange !== null && geq(u.usageChange, 0.2)) sig.push('usage-growth:low');
    if (sv.nps !== null && geq(sv.nps, 50) && sv.n >= 3 && b === 'green') sig.push('promoter:low');
    const peers = ds.accounts
      .filter((x) => a.segment && x.segment === a.segment && MRR(x.id, M) > 0)
      .map((x) => MRR(x.id, M));
    const segMed = med(peers);
    if (u.seatUtilization !== null && geq(u.seatUtilization, 0.8) && segMed !== null && MRR(id, M) < segMed)
      sig.push('plan-headroom:low');
    // feature-demand: only on a plan the dataset defines; features outside it used in W30 by active users.
    const inW30 = (x: string | undefined) => x !== undefined && dn(x) >= D - 29 && dn(x) <= D;
    const missing = plan ? featureKeys.filter((f) => !plan.features.includes(f)) : [];
    const demanders = active.filter((x) => missing.some((f) => inW30(x.features[f])));
    if (demanders.length >= demandUsers) sig.push('feature-demand:medium');
    else if (demanders.length > 0) sig.push('feature-demand:low');
    const lowest = (f: string) => {
      let best: Dataset['plans'][number] | undefined;
      for (const p of planList)
        if (
          p.features.includes(f) &&
          (!best || p.tier < best.tier || (p.tier === best.tier && p.id < best.id))
        )
          best = p;
      return best?.id ?? null;
    };
    const featureDemand = missing
      .map((f) => ({ f, n: active.filter((x) => inW30(x.features[f])).length }))
      .filter((x) => x.n > 0)
      .sort((x, y) => y.n - x.n || (x.f < y.f ? -1 : 1))
      .map((x) => `${x.f}:${x.n}:${lowest(x.f)}`)
      .join(',');
    let expansion = 0;
    for (let m = M - 11; m <= M; m++)
      if (MRR(id, m - 1) > 0 && MRR(id, m) > MRR(id, m - 1)) expansion += MRR(id, m) - MRR(id, m - 1);
    const heatmap: number[] = [];
    for (let d = D - 83; d <= D; d++) heatmap.push(row(id, d)?.dau ?? 0);
    // status: walk back month by month from M to the account's earliest revenue row.
    const earliest = Math.min(...ds.revenue.filter((r) => r.accountId === id).map((r) => mn(r.month)));
    let lastPaid: number | null = null;
    for (let m = M; m >= earliest; m--)
      if (MRR(id, m) > 0) {
        lastPaid = m;
        break;
      }
    const status = lastPaid === M ? 'active' : lastPaid === null ? 'not-yet-paying' : 'churned';
    return {
      id,
      status,
      churnedIn: status === 'churned' ? mstr((lastPaid as number) + 1) : null,
      lastMrr: status === 'churned' ? MRR(id, lastPaid as number) : null,
      mrr: MRR(id, M),
      nrr: MRR(id, M - 12) > 0 ? MRR(id, M) / MRR(id, M - 12) : null,
      expansionRevenue: expansion,
      ltv: monthlyRate ? MRR(id, M) / monthlyRate : null,
      renewsInDays,
      ttvDays: ttv,
      journeyCompletion: journeyAt(D),
      usage: { ...u, featureAdoption, featureBreadth: breadth, heatmap },
      nps: sv.nps,
      csat: sv.csat,
      support: {
        ...sup,
        medianFirstResponseHours: hours('firstResponseAt'),
        medianResolutionHours: hours('solvedAt'),
      },
      health: {
        score: sc,
        band: b,
        delta30: sc === null || before === null ? null : sc - before,
        components: c,
      },
      signals: sig,
      featureDemand,
    };
  });
  // ttvTrend: for each month end M−11 … M−1 and then D, the same median with that day as D.
  const ttvAsOf = (x: number) =>
    med(
      ds.accounts.flatMap((a) => {
        const fv = fvKey ? a.milestones?.[fvKey] : undefined;
        if (!a.startedOn || !fv || dn(fv) > x) return [];
        const st = dn(a.startedOn);
        return st > yearAgo(x) && st <= x ? [dn(fv) - st] : [];
      }),
    );
  const ttvTrend = [];
  for (let m = M - 11; m <= M; m++) {
    const x = m === M ? D : Date.UTC(Math.floor(m / 12), (m % 12) + 1, 0) / DAY;
    ttvTrend.push({ asOf: new Date(x * DAY).toISOString().slice(0, 10), month: mstr(m), value: ttvAsOf(x) });
  }
  // Deals (METRICS.md): open on D = created ≤ D and no close ≤ D; closed in D−364 … D.
  const deals = byId(ds.deals ?? [], known);
  const openDeals = deals.filter((x) => dn(x.createdOn) <= D && !(x.closedOn && dn(x.closedOn) <= D));
  const closedDeals = deals.filter((x) => x.closedOn && dn(x.closedOn) <= D && dn(x.closedOn) > D - 365);
  const wonDeals = closedDeals.filter((x) => x.won);
  const counts = { green: 0, yellow: 0, red: 0, unknown: 0 };
  for (const a of accounts) counts[a.health.band ?? 'unknown']++;
  const ltv = arpa !== null && monthlyRate ? arpa / monthlyRate : null;
  const cac = withCost.length
    ? withCost.reduce((s, a) => s + (a.acquisitionCost as number), 0) / withCost.length
    : null;
  return {
    portfolio: {
      accounts: ids.length,
      payingAccounts: paying,
      mrr,
      arr: 12 * mrr,
      arpa,
      nrr: base ? cohort.reduce((s, id) => s + MRR(id, M), 0) / base : null,
      grr: base ? cohort.reduce((s, id) => s + Math.min(MRR(id, M), MRR(id, M - 12)), 0) / base : null,
      logoChurnRate: cohort.length ? cohort.filter((id) => MRR(id, M) === 0).length / cohort.length : null,
      monthlyLogoChurnRate: monthlyRate,
      expansionRevenue: movements.reduce((s, m) => s + m.expansion, 0),
      movements,
      ltv,
      cac,
      ltvToCac: ltv !== null && cac ? ltv / cac : null,
      salesCycleDays: cycles.length
        ? cycles.reduce((s, a) => s + dn(a.dealClosedOn as string) - dn(a.dealCreatedOn as string), 0) /
          cycles.length
        : null,
      nps: npsN ? (100 * (promoters - detractors)) / npsN : null,
      csat: csatN ? csatOk / csatN : null,
      dauMau: sumMau ? sumAvg / sumMau : null,
      ttvDays: med(ttvs),
      pipelineValue: deals.length ? openDeals.reduce((s, x) => s + x.amount, 0) : null,
      winRate: deals.length && closedDeals.length ? wonDeals.length / closedDeals.length : null,
      avgDealSize: wonDeals.length ? wonDeals.reduce((s, x) => s + x.amount, 0) / wonDeals.length : null,
      health: counts,
      trends: { ttvTrend },
    },
    accounts,
  };
}

/** Deep comparison allowing 1e-9 relative float differences; reports the first differing path. */
function compare(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (!near(actual, expected)) throw new Error(`${path}: got ${actual}, naive reading gives ${expected}`);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    if (actual !== expected)
      throw new Error(
        `${path}: got ${JSON.stringify(actual)}, naive reading gives ${JSON.stringify(expected)}`,
      );
    return;
  }
  if (actual === null || typeof actual !== 'object')
    throw new Error(`${path}: got ${JSON.stringify(actual)}, expected an object`);
  for (const [k, v] of Object.entries(expected))
    compare((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
}

describe('computeReport agrees with a naive reading of METRICS.md', () => {
  it('on random datasets', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, (ds, asOf) => {
        const r = computeReport(ds, asOf);
        const n = naive(ds, asOf);
        compare(r.portfolio, n.portfolio, 'portfolio');
        r.accounts.forEach((a, i) => {
          compare(
            {
              ...a,
              signals: a.signals.map((s) => `${s.id}:${s.severity}`),
              featureDemand: a.featureDemand.map((f) => `${f.key}:${f.users}:${f.planId}`).join(','),
            },
            n.accounts[i],
            `accounts[${a.id}]`,
          );
        });
      }),
      { numRuns: 120 },
    );
  });
  it('on random datasets, with featureDemandUsers 1 and 2 (feature-demand severities)', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, fc.constantFrom(1, 2), (ds, asOf, k) => {
        const set = parseSettings({ featureDemandUsers: k });
        if (!set.ok) throw new Error(set.error);
        const r = computeReport(ds, asOf, set.settings);
        const n = naive(ds, asOf, k);
        r.accounts.forEach((a, i) => {
          compare(a.signals.map((s) => `${s.id}:${s.severity}`).join(), n.accounts[i].signals.join(), a.id);
        });
      }),
      { numRuns: 60 },
    );
  });
  it('on random datasets with sentiment entries, at weights.sentiment 0 and > 0', () => {
    fc.assert(
      fc.property(arbDataset, arbSentiment, arbAsOf, fc.constantFrom(0, 10, 40), (ds0, entries, asOf, w) => {
        const ds = { ...ds0, sentiment: entries };
        const set = parseSettings({ weights: { sentiment: w } });
        if (!set.ok) throw new Error(set.error);
        const r = computeReport(ds, asOf, set.settings);
        const n = naive(ds, asOf, 3, w);
        compare(r.portfolio, n.portfolio, 'portfolio');
        r.accounts.forEach((a, i) => {
          if (w === 0 && 'sentiment' in a.health.components)
            throw new Error(`${a.id}: sentiment at weight 0`);
          compare(
            {
              ...a,
              signals: a.signals.map((s) => `${s.id}:${s.severity}`),
              featureDemand: a.featureDemand.map((f) => `${f.key}:${f.users}:${f.planId}`).join(','),
            },
            n.accounts[i],
            `accounts[${a.id}]`,
          );
        });
      }),
      { numRuns: 80 },
    );
  });
  it('on random datasets with repeated keys (the later row wins)', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, fc.nat(), (ds0, asOf, seed) => {
        const ds = withDuplicates(ds0, seed);
        const r = computeReport(ds, asOf);
        const n = naive(ds, asOf);
        compare(r.portfolio, n.portfolio, 'portfolio');
        r.accounts.forEach((a, i) => {
          compare(
            {
              ...a,
              signals: a.signals.map((s) => `${s.id}:${s.severity}`),
              featureDemand: a.featureDemand.map((f) => `${f.key}:${f.users}:${f.planId}`).join(','),
            },
            n.accounts[i],
            `accounts[${a.id}]`,
          );
        });
      }),
      { numRuns: 80 },
    );
  });
});
