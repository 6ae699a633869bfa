/**
 * The per-dataset index every metric reads: built once, in time linear in the data (plus a sort of
 * any account's rows that arrive out of date order), then queried for any as-of date.
 *
 * - Accounts keep dataset order; a repeated account id replaces the earlier record in place.
 * - Rows whose `accountId` is not a known account (orphans) are dropped here, so they count nowhere.
 * - Keyed rows (`revenue` by account+month, `usage` by account+date) are grouped per account with a
 *   counting sort into shared typed arrays, sorted by month/day; a repeated key keeps the later row.
 * - `users`, `tickets`, `surveys` and `sentiment` are de-duplicated by id (later wins; skipped when
 *   the reader says ids are unique, `IndexOptions.uniqueIds`), then grouped per account, with every
 *   date and timestamp converted to a number once. Users, tickets and surveys are kept as columns
 *   shared by all accounts (`UserCols`, `TicketCols`, `SurveyCols`), each account a range of them.
 */
import type { Account, Dataset, Plan, Survey, Ticket, User } from '../dataset/schema';
import type { UsageColumns } from '../dataset/store';
import { dayNumber, dayOfMs, monthNumber, timestampMs } from './dates';
import { usageKeysOfColumns, usageKeysOfRows } from './index-usage';
import { indexSentiment, type SentimentIx, sentimentOrder } from './sentiment';

/**
 * The tickets of all accounts as columns, grouped by account (`AccountIx.ticketFrom` …
 * `ticketTo`), each account's in dataset order. One entry per ticket; a few typed arrays for the
 * whole dataset instead of one object per ticket (hundreds of thousands, all kept to the report,
 * were most of the index build's garbage-collection time).
 */
export interface TicketCols {
  openedMs: Float64Array;
  openedDay: Int32Array;
  /** NaN when unknown. */
  firstResponseMs: Float64Array;
  /** NaN when unknown. */
  solvedMs: Float64Array;
  /** 1: status `open` or `pending`. */
  open: Uint8Array;
  /** 1: priority `high` or `urgent`. */
  urgent: Uint8Array;
}

/** The surveys of all accounts as columns, grouped by account (`surveyFrom` … `surveyTo`). */
export interface SurveyCols {
  day: Int32Array;
  /** 1: kind `nps` (else csat). */
  nps: Uint8Array;
  score: Float64Array;
}

/** The users of all accounts as columns, grouped by account (`userFrom` … `userTo`). */
export interface UserCols {
  /** 1: a champion. */
  champion: Uint8Array;
  /** NaN when unknown. */
  lastSeenDay: Float64Array;
  /**
   * User i's features are entries `featFrom[i]` … `featFrom[i + 1] − 1` of `featIdx` (indices
   * into `DatasetIndex.featureKeys`; user feature keys not in `features` are left out) and
   * `featDay` (that feature's day number).
   */
  featFrom: Int32Array;
  featIdx: Int32Array;
  featDay: Int32Array;
  /** `name`, else `email`, else null. */
  name: (string | null)[];
}

export interface AccountIx {
  /** Position in the dataset's account order. */
  pos: number;
  account: Account;
  /** Months (month numbers, ascending, unique) with a revenue row, and their MRR. */
  revMonths: Int32Array;
  revMrr: Float64Array;
  /** Earliest month with MRR > 0 in the whole dataset (Infinity when none). */
  firstPositiveMonth: number;
  /**
   * Days (ascending, unique) with a usage row, that row's dau, and its index in `dataset.usage`
   * (or, for an index built from usage columns, in `DatasetIndex.usageColumns`).
   */
  useDays: Int32Array;
  useDau: Float64Array;
  useRow: Int32Array;
  /** The dataset's users (shared by all accounts); this account's are `userFrom` … `userTo − 1`. */
  users: UserCols;
  userFrom: number;
  userTo: number;
  /** The dataset's tickets (shared); this account's are `ticketFrom` … `ticketTo − 1`. */
  tickets: TicketCols;
  ticketFrom: number;
  ticketTo: number;
  /** The dataset's surveys (shared); this account's are `surveyFrom` … `surveyTo − 1`. */
  surveys: SurveyCols;
  surveyFrom: number;
  surveyTo: number;
  /** Sentiment entries, oldest first (`sentimentOrder`: by time, then id). */
  sentiment: SentimentIx[];
  /** Indices of the features available to the account (plan features that exist), ascending. */
  available: Int32Array;
  /** Position in `DatasetIndex.plans` of the plan `planId` names; null without a plan or for an unknown id. */
  planPos: number | null;
  /** Day numbers of the defined milestones the account achieved (any date). */
  milestoneDays: number[];
  /** Day of the `firstValue` milestone, when defined and achieved (any date). */
  firstValueDay: number | null;
  startedDay: number | null;
  renewsDay: number | null;
  dealCreatedDay: number | null;
  dealClosedDay: number | null;
}

export interface DatasetIndex {
  dataset: Dataset;
  accounts: AccountIx[];
  byId: Map<string, AccountIx>;
  /** Keys of the `features` collection, first-occurrence order, unique. */
  featureKeys: string[];
  /** Their names (the later record of a repeated key wins), same order. */
  featureNames: string[];
  /** The plans, unique by id (the later record wins), first-occurrence order. */
  plans: Plan[];
  /** Per plan: the indices of the features it includes (keys not in `features` dropped). */
  planFeatures: Set<number>[];
  /** Number of milestones defined (unique keys). */
  milestoneCount: number;
  /** At least one ticket of a known account exists (any date). */
  ticketsTracked: boolean;
  /** Latest usage day of a known account, or null. */
  latestUsageDay: number | null;
  /** The usage rows as columns when the index was built from them (`dataset.usage` is then not read). */
  usageColumns: UsageColumns | null;
}

/** What an index is built from besides the dataset. */
export interface IndexOptions {
  /** The usage rows as columns (a reader's `usageColumns`), read instead of `dataset.usage`. */
  usageColumns?: UsageColumns;
  /**
   * The ids of `users`, `tickets`, `surveys` and `sentiment` are known to be unique (a reader's
   * `ParseSuccess.uniqueIds`), so the index does not look for repeats. Wrong when they repeat.
   */
  uniqueIds?: boolean;
}

/** Keep the last record per key, in first-occurrence order. */
function lastByKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const m = new Map<string, T>();
  for (const r of rows) m.set(key(r), r);
  return [...m.values()];
}

interface Grouped {
  /** Per account: ascending unique keys … */
  keys: Int32Array[];
  /** … and the index of the row that holds each key. */
  rows: Int32Array[];
  /** The number of keys of all accounts. */
  total: number;
}

const EMPTY_I32 = new Int32Array(0);

/**
 * Counting-sort rows into per-account segments, each sorted by key with one row per key (the
 * later row wins). `acc[i]` is the account position of row i (−1: orphan), `key[i]` its key.
 */
function groupKeyed(acc: Int32Array, key: Int32Array, nAcc: number): Grouped {
  const n = acc.length;
  const start = new Int32Array(nAcc + 1);
  for (let i = 0; i < n; i++) if (acc[i] >= 0) start[acc[i] + 1]++;
  for (let a = 0; a < nAcc; a++) start[a + 1] += start[a];
  const fill = start.slice(0, nAcc);
  const order = new Int32Array(start[nAcc]);
  for (let i = 0; i < n; i++) {
    const a = acc[i];
    if (a >= 0) order[fill[a]++] = i;
  }
  const keysAll = new Int32Array(order.length);
  const keys: Int32Array[] = new Array(nAcc);
  const rows: Int32Array[] = new Array(nAcc);
  let total = 0;
  for (let a = 0; a < nAcc; a++) {
    const s = start[a];
    const e = start[a + 1];
    if (s === e) {
      keys[a] = EMPTY_I32;
      rows[a] = EMPTY_I32;
      continue;
    }
    let strictly = true;
    for (let j = s + 1; j < e; j++) {
      if (key[order[j]] <= key[order[j - 1]]) {
        strictly = false;
        break;
      }
    }
    let len = e - s;
    if (!strictly) {
      // Rows were grouped in dataset order, so a stable sort by key keeps later rows after earlier ones.
      const seg = Array.from(order.subarray(s, e)).sort((x, y) => key[x] - key[y] || x - y);
      let w = s;
      for (let j = 0; j < seg.length; j++) {
        if (j + 1 < seg.length && key[seg[j + 1]] === key[seg[j]]) continue; // a later row has this key
        order[w++] = seg[j];
      }
      len = w - s;
    }
    for (let j = s; j < s + len; j++) keysAll[j] = key[order[j]];
    keys[a] = keysAll.subarray(s, s + len);
    rows[a] = order.subarray(s, s + len);
    total += len;
  }
  return { keys, rows, total };
}

type DayOf = (date: string) => number;

/** `optDay` through a `dayReader`. */
function optDayOf(date: string | undefined | null, dayOf: DayOf): number | null {
  return date === undefined || date === null ? null : dayOf(date);
}

/**
 * `dayNumber` remembering what it has read: the same few hundred dates recur across hundreds of
 * thousands of rows. Bounded, so a dataset of many distinct dates only stops caching. Usage rows
 * mostly come as one account's days in a row, so it first tries the day after the last one read
 * (one string comparison, where a lookup in the map cost several times that over millions of rows).
 */
function dayReader(): DayOf {
  const cache = new Map<string, number>();
  /** The date string of each day read so far, at `day − base` (days within ±10,000 of the first one read). */
  const textOf = new Array<string | undefined>(20_000).fill(undefined);
  let base = Number.NaN;
  let next: string | undefined;
  let nextDay = 0;
  return (date) => {
    let d: number;
    if (date === next) d = nextDay;
    else {
      const known = cache.get(date);
      if (known === undefined) {
        d = dayNumber(date);
        if (cache.size < 100_000) cache.set(date, d);
        if (Number.isNaN(base)) base = d - 10_000;
        if (d - base >= 0 && d - base < 20_000) textOf[d - base] = date;
      } else d = known;
    }
    next = d + 1 - base < 20_000 ? textOf[d + 1 - base] : undefined;
    nextDay = d + 1;
    return d;
  };
}

/**
 * The rows of an id-keyed collection that count, grouped by account: de-duplicated by id (later
 * wins, in the first occurrence's position, as `lastByKey`; skipped when `uniqueIds`), orphans
 * dropped, then a stable counting sort by account. `rows[start[a]]` … `rows[start[a + 1] − 1]`
 * are the positions in `rows` of account a's rows, in that order.
 */
function groupById<T extends { id: string; accountId: string }>(
  rows: readonly T[],
  posOf: Map<string, number>,
  nAcc: number,
  uniqueIds: boolean,
): { start: Int32Array; rows: Int32Array } {
  const n = rows.length;
  // Per kept row (slot order): its position in `rows` and its account.
  const rowOf = new Int32Array(n);
  const accOf = new Int32Array(n);
  let kept = 0;
  // Rows usually come in runs of one account: remember the last lookup.
  let lastId: string | undefined;
  let lastA = -1;
  if (uniqueIds) {
    // No repeats: every row is its id's only (so first and last) occurrence, in dataset order.
    for (let i = 0; i < n; i++) {
      const id = rows[i].accountId;
      if (id !== lastId) {
        lastId = id;
        lastA = posOf.get(id) ?? -1;
      }
      if (lastA < 0) continue;
      rowOf[kept] = i;
      accOf[kept] = lastA;
      kept++;
    }
  } else {
    const slotOf = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r.accountId !== lastId) {
        lastId = r.accountId;
        lastA = posOf.get(lastId) ?? -1;
      }
      const slot = slotOf.get(r.id);
      if (slot === undefined) {
        slotOf.set(r.id, kept);
        rowOf[kept] = i;
        accOf[kept] = lastA;
        kept++;
      } else {
        rowOf[slot] = i;
        accOf[slot] = lastA;
      }
    }
  }
  const start = new Int32Array(nAcc + 1);
  for (let k = 0; k < kept; k++) if (accOf[k] >= 0) start[accOf[k] + 1]++;
  for (let a = 0; a < nAcc; a++) start[a + 1] += start[a];
  const fill = start.slice(0, nAcc);
  const order = new Int32Array(start[nAcc]);
  for (let k = 0; k < kept; k++) {
    const a = accOf[k];
    if (a >= 0) order[fill[a]++] = rowOf[k];
  }
  return { start, rows: order };
}

function indexTickets(tickets: readonly Ticket[], order: Int32Array): TicketCols {
  const m = order.length;
  const c: TicketCols = {
    openedMs: new Float64Array(m),
    openedDay: new Int32Array(m),
    firstResponseMs: new Float64Array(m),
    solvedMs: new Float64Array(m),
    open: new Uint8Array(m),
    urgent: new Uint8Array(m),
  };
  for (let k = 0; k < m; k++) {
    const t = tickets[order[k]];
    const openedMs = timestampMs(t.openedAt);
    c.openedMs[k] = openedMs;
    c.openedDay[k] = dayOfMs(openedMs);
    c.firstResponseMs[k] = t.firstResponseAt === undefined ? Number.NaN : timestampMs(t.firstResponseAt);
    c.solvedMs[k] = t.solvedAt === undefined ? Number.NaN : timestampMs(t.solvedAt);
    c.open[k] = t.status === 'open' || t.status === 'pending' ? 1 : 0;
    c.urgent[k] = t.priority === 'high' || t.priority === 'urgent' ? 1 : 0;
  }
  return c;
}

function indexSurveys(surveys: readonly Survey[], order: Int32Array, dayOf: DayOf): SurveyCols {
  const m = order.length;
  const c: SurveyCols = { day: new Int32Array(m), nps: new Uint8Array(m), score: new Float64Array(m) };
  for (let k = 0; k < m; k++) {
    const sv = surveys[order[k]];
    c.day[k] = dayOf(sv.respondedOn);
    c.nps[k] = sv.kind === 'nps' ? 1 : 0;
    c.score[k] = sv.score;
  }
  return c;
}

function indexUsers(
  users: readonly User[],
  order: Int32Array,
  featurePos: Map<string, number>,
  dayOf: DayOf,
): UserCols {
  const m = order.length;
  const champion = new Uint8Array(m);
  const lastSeenDay = new Float64Array(m);
  const featFrom = new Int32Array(m + 1);
  // Grown by doubling; a user has a few features.
  let featIdx = new Int32Array(Math.max(16, m * 4));
  let featDay = new Int32Array(featIdx.length);
  const name: (string | null)[] = new Array(m);
  let nf = 0;
  for (let k = 0; k < m; k++) {
    const u = users[order[k]];
    champion[k] = u.champion ? 1 : 0;
    lastSeenDay[k] = u.lastSeenOn === undefined || u.lastSeenOn === null ? Number.NaN : dayOf(u.lastSeenOn);
    name[k] = u.name ?? u.email ?? null;
    featFrom[k] = nf;
    const feats = u.features;
    // `for…in` rather than `Object.entries`, which builds an array of pairs per user.
    for (const key in feats) {
      const f = featurePos.get(key);
      if (f === undefined) continue; // user feature keys not in `features` are ignored
      if (nf === featIdx.length) {
        const idx = new Int32Array(nf * 2);
        idx.set(featIdx);
        featIdx = idx;
        const day = new Int32Array(nf * 2);
        day.set(featDay);
        featDay = day;
      }
      featIdx[nf] = f;
      featDay[nf] = dayOf(feats[key]);
      nf++;
    }
  }
  featFrom[m] = nf;
  return {
    champion,
    lastSeenDay,
    featFrom,
    featIdx: featIdx.subarray(0, nf),
    featDay: featDay.subarray(0, nf),
    name,
  };
}

/**
 * Build the index of a dataset. Linear in its size; dates are parsed once here and never again.
 * Throws only on malformed dates/timestamps, which a parsed Dataset cannot contain.
 */
export function buildIndex(dataset: Dataset, options: IndexOptions = {}): DatasetIndex {
  const dayOf = dayReader();
  const uniqueIds = options.uniqueIds === true;
  // Accounts: dataset order, a repeated id replaces the earlier record in place.
  const accountList = lastByKey(dataset.accounts ?? [], (a) => a.id);
  const nAcc = accountList.length;
  const posOf = new Map<string, number>();
  for (let i = 0; i < nAcc; i++) posOf.set(accountList[i].id, i);

  const featureList = lastByKey(dataset.features ?? [], (f) => f.key);
  const featureKeys = featureList.map((f) => f.key);
  const featureNames = featureList.map((f) => f.name);
  const featurePos = new Map<string, number>();
  for (let i = 0; i < featureKeys.length; i++) featurePos.set(featureKeys[i], i);
  const allFeatures = Int32Array.from(featureKeys.keys());

  const planList = lastByKey(dataset.plans ?? [], (p) => p.id);
  const planPosOf = new Map<string, number>();
  planList.forEach((p, i) => {
    planPosOf.set(p.id, i);
  });
  const planFeatures = planList.map((p) => {
    const set = new Set<number>();
    for (const k of p.features) {
      const f = featurePos.get(k);
      if (f !== undefined) set.add(f);
    }
    return set;
  });

  // Per plan, its features ascending (one array per plan, shared by its accounts).
  const planAvailable = planFeatures.map((set) => Int32Array.from([...set].sort((x, y) => x - y)));

  const milestones = lastByKey(dataset.milestones ?? [], (m) => m.key);
  const milestoneKeys = new Set(milestones.map((m) => m.key));
  // "Exactly one or zero has firstValue": should several, the first in dataset order is used.
  const firstValueKey = milestones.find((m) => m.firstValue)?.key ?? null;

  // Revenue, grouped by account and month.
  const revenue = dataset.revenue ?? [];
  const rAcc = new Int32Array(revenue.length);
  const rKey = new Int32Array(revenue.length);
  // Rows usually come in runs of one account, and a few hundred months recur: remember the last
  // account and month read.
  let lastAccId: string | undefined;
  let lastAcc = -1;
  let lastMonth: string | undefined;
  let lastMonthNo = 0;
  for (let i = 0; i < revenue.length; i++) {
    const r = revenue[i];
    if (r.accountId !== lastAccId) {
      lastAccId = r.accountId;
      lastAcc = posOf.get(lastAccId) ?? -1;
    }
    rAcc[i] = lastAcc;
    if (lastAcc < 0) continue;
    if (r.month !== lastMonth) {
      lastMonth = r.month;
      lastMonthNo = monthNumber(lastMonth);
    }
    rKey[i] = lastMonthNo;
  }
  const rev = groupKeyed(rAcc, rKey, nAcc);

  // Usage, grouped by account and day.
  const usageColumns = options.usageColumns ?? null;
  const { uAcc, uKey, uDau, latestUsageDay } =
    usageColumns === null
      ? usageKeysOfRows(dataset.usage ?? [], posOf, dayOf)
      : usageKeysOfColumns(usageColumns, posOf, dayOf);
  const use = groupKeyed(uAcc, uKey, nAcc);

  const users = dataset.users ?? [];
  const userGroups = groupById(users, posOf, nAcc, uniqueIds);
  const userCols = indexUsers(users, userGroups.rows, featurePos, dayOf);
  const tickets = dataset.tickets ?? [];
  const ticketGroups = groupById(tickets, posOf, nAcc, uniqueIds);
  const ticketCols = indexTickets(tickets, ticketGroups.rows);
  const ticketsTracked = ticketGroups.rows.length > 0;
  const surveys = dataset.surveys ?? [];
  const surveyGroups = groupById(surveys, posOf, nAcc, uniqueIds);
  const surveyCols = indexSurveys(surveys, surveyGroups.rows, dayOf);

  // Each account's MRR and dau are views of one array per collection: a typed array of its own
  // per account (its memory outside the heap) cost more to allocate than to fill.
  const mrrAll = new Float64Array(rev.total);
  const dauAll = new Float64Array(use.total);
  let revAt = 0;
  let useAt = 0;
  const accounts: AccountIx[] = accountList.map((account, pos) => {
    const revMonths = rev.keys[pos];
    const revRows = rev.rows[pos];
    const revMrr = mrrAll.subarray(revAt, revAt + revRows.length);
    revAt += revRows.length;
    let firstPositiveMonth = Number.POSITIVE_INFINITY;
    for (let j = 0; j < revRows.length; j++) {
      revMrr[j] = revenue[revRows[j]].mrr;
      if (revMrr[j] > 0 && revMonths[j] < firstPositiveMonth) firstPositiveMonth = revMonths[j];
    }
    const useRow = use.rows[pos];
    const useDau = dauAll.subarray(useAt, useAt + useRow.length);
    useAt += useRow.length;
    for (let j = 0; j < useRow.length; j++) useDau[j] = uDau[useRow[j]];

    const planPos = account.planId === undefined ? undefined : planPosOf.get(account.planId);
    const available = planPos === undefined ? allFeatures : planAvailable[planPos];

    const milestoneDays: number[] = [];
    let firstValueDay: number | null = null;
    for (const [k, d] of Object.entries(account.milestones ?? {})) {
      if (!milestoneKeys.has(k)) continue;
      const day = dayOf(d);
      milestoneDays.push(day);
      if (k === firstValueKey) firstValueDay = day;
    }

    return {
      pos,
      account,
      revMonths,
      revMrr,
      firstPositiveMonth,
      useDays: use.keys[pos],
      useDau,
      useRow,
      users: userCols,
      userFrom: userGroups.start[pos],
      userTo: userGroups.start[pos + 1],
      tickets: ticketCols,
      ticketFrom: ticketGroups.start[pos],
      ticketTo: ticketGroups.start[pos + 1],
      surveys: surveyCols,
      surveyFrom: surveyGroups.start[pos],
      surveyTo: surveyGroups.start[pos + 1],
      sentiment: [],
      available,
      planPos: planPos ?? null,
      milestoneDays,
      firstValueDay,
      startedDay: optDayOf(account.startedOn, dayOf),
      renewsDay: optDayOf(account.renewsOn, dayOf),
      dealCreatedDay: optDayOf(account.dealCreatedOn, dayOf),
      dealClosedDay: optDayOf(account.dealClosedOn, dayOf),
    };
  });

  if (dataset.sentiment && dataset.sentiment.length > 0) {
    const sentiment = dataset.sentiment;
    const g = groupById(sentiment, posOf, nAcc, uniqueIds);
    for (let a = 0; a < nAcc; a++) {
      const list = accounts[a].sentiment;
      for (let k = g.start[a]; k < g.start[a + 1]; k++) list.push(indexSentiment(sentiment[g.rows[k]]));
    }
    for (const ax of accounts) if (ax.sentiment.length > 1) ax.sentiment.sort(sentimentOrder);
  }

  const byId = new Map<string, AccountIx>();
  for (const ax of accounts) byId.set(ax.account.id, ax);
  return {
    dataset,
    accounts,
    byId,
    featureKeys,
    featureNames,
    plans: planList,
    planFeatures,
    milestoneCount: milestoneKeys.size,
    ticketsTracked,
    latestUsageDay,
    usageColumns,
  };
}

/**
 * Lets the index go of the rows it has read into its own form (users, tickets, surveys, sentiment,
 * revenue; usage when built from columns), for a caller that computes reports from the index alone
 * (the report CLI: at 20,000 accounts they are most of the heap). The report stays the same.
 */
export function releaseIndexedRows(ix: DatasetIndex): void {
  ix.dataset = {
    ...ix.dataset,
    users: [],
    tickets: [],
    surveys: [],
    revenue: [],
    ...(ix.dataset.sentiment === undefined ? {} : { sentiment: [] }),
    ...(ix.usageColumns === null ? {} : { usage: [] }),
  };
}

/** First position in ascending `arr` whose value is ≥ `x`. */
export function lowerBound(arr: Int32Array, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
