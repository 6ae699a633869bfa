/**
 * The dashboard's filters (owner: my book / all; segment; plan) and target scopes, and the
 * sub-dataset they select. A filtered view's portfolio figures are those of its accounts alone
 * (METRICS.md "Workspace context": a book's MRR, NRR, health counts … are the book's own), while
 * account figures keep the whole-workspace context (passed to the metrics core separately).
 */
import { z } from 'zod';
import type { Account, Dataset } from '../dataset/schema';
import { segmentSchema } from '../dataset/schema';

export const filtersSchema = z.object({
  owner: z.enum(['all', 'mine']),
  /** `all` or a segment. */
  segment: z.union([z.literal('all'), segmentSchema]),
  /** `all` or a plan id. */
  plan: z.string().min(1),
});
export type Filters = z.output<typeof filtersSchema>;

export const ALL_FILTERS: Filters = { owner: 'all', segment: 'all', plan: 'all' };

/** A target's scope: all accounts, a segment, a plan, or a book (an owner's email). */
export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('segment'), segment: segmentSchema }),
  z.object({ kind: z.literal('plan'), planId: z.string().min(1) }),
  z.object({ kind: z.literal('book'), owner: z.string().min(1) }),
]);
export type Scope = z.output<typeof scopeSchema>;

export function sameEmail(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Whether an account is in the view. `mine` with no email set keeps every account (the UI says so). */
export function matchesFilters(a: Account, f: Filters, myEmail: string): boolean {
  if (f.owner === 'mine' && myEmail.trim() && !sameEmail(a.owner, myEmail)) return false;
  if (f.segment !== 'all' && a.segment !== f.segment) return false;
  if (f.plan !== 'all' && a.planId !== f.plan) return false;
  return true;
}

export function matchesScope(a: Account, s: Scope): boolean {
  switch (s.kind) {
    case 'all':
      return true;
    case 'segment':
      return a.segment === s.segment;
    case 'plan':
      return a.planId === s.planId;
    case 'book':
      return sameEmail(a.owner, s.owner);
  }
}

export function isAllFilters(f: Filters, myEmail: string): boolean {
  return (f.owner === 'all' || !myEmail.trim()) && f.segment === 'all' && f.plan === 'all';
}

export function filtersKey(f: Filters, myEmail: string): string {
  return isAllFilters(f, myEmail)
    ? 'all'
    : `${f.owner === 'mine' ? myEmail.trim().toLowerCase() : '*'}|${f.segment}|${f.plan}`;
}

/** A scope as text (`all`, `segment:smb`, `plan:pro`, `book:ann@example.com`); `scopeFromText` reads it back. */
export function scopeText(s: Scope): string {
  switch (s.kind) {
    case 'all':
      return 'all';
    case 'segment':
      return `segment:${s.segment}`;
    case 'plan':
      return `plan:${s.planId}`;
    case 'book':
      return `book:${s.owner}`;
  }
}

export function scopeFromText(v: string): Scope {
  if (v.startsWith('segment:')) return { kind: 'segment', segment: v.slice(8) as 'smb' };
  if (v.startsWith('plan:')) return { kind: 'plan', planId: v.slice(5) };
  if (v.startsWith('book:')) return { kind: 'book', owner: v.slice(5) };
  return { kind: 'all' };
}

/** A scope's cache key: its text, a book's owner compared case-insensitively. */
export function scopeKey(s: Scope): string {
  return scopeText(s.kind === 'book' ? { ...s, owner: s.owner.trim().toLowerCase() } : s);
}

/**
 * The dataset restricted to the accounts that pass `keep`, with only their rows (plans,
 * features and milestones kept whole). Returns the same object when every account passes.
 */
export function subsetDataset(ds: Dataset, keep: (a: Account) => boolean): Dataset {
  const ids = new Set<string>();
  for (const a of ds.accounts) if (keep(a)) ids.add(a.id);
  if (ids.size === new Set(ds.accounts.map((a) => a.id)).size) return ds;
  const mine = <T extends { accountId: string }>(rows: T[] | undefined): T[] =>
    (rows ?? []).filter((r) => ids.has(r.accountId));
  return {
    ...ds,
    accounts: ds.accounts.filter((a) => ids.has(a.id)),
    revenue: mine(ds.revenue),
    usage: mine(ds.usage),
    users: mine(ds.users),
    tickets: mine(ds.tickets),
    surveys: mine(ds.surveys),
    // Only when the dataset has them: a subset of a dataset without deals stays without (METRICS.md).
    ...(ds.deals === undefined ? {} : { deals: mine(ds.deals) }),
  };
}

/** Segments and plans present in the data, for the filter menus (plans in catalogue order). */
export type FilterOptions = {
  segments: string[];
  plans: { id: string; name: string }[];
  owners: string[];
};

export function filterOptions(ds: Dataset): FilterOptions {
  const segs = new Set<string>();
  const planIds = new Set<string>();
  const owners = new Set<string>();
  for (const a of ds.accounts) {
    if (a.segment) segs.add(a.segment);
    if (a.planId) planIds.add(a.planId);
    if (a.owner) owners.add(a.owner);
  }
  const order = ['smb', 'mid-market', 'enterprise'];
  const named = (ds.plans ?? []).filter((p) => planIds.has(p.id)).map((p) => ({ id: p.id, name: p.name }));
  const unnamed = [...planIds]
    .filter((id) => !named.some((p) => p.id === id))
    .map((id) => ({ id, name: id }));
  return {
    segments: order.filter((s) => segs.has(s)),
    plans: [...named, ...unnamed],
    owners: [...owners].sort(),
  };
}

export const SEGMENT_LABEL: Record<string, string> = {
  smb: 'SMB',
  'mid-market': 'Mid-market',
  enterprise: 'Enterprise',
};

/** "My book (maria@x.com) · SMB · Growth plan", or "All accounts". */
export function describeFilters(f: Filters, myEmail: string, planNames: Record<string, string> = {}): string {
  const parts: string[] = [];
  if (f.owner === 'mine' && myEmail.trim()) parts.push(`My book (${myEmail.trim()})`);
  if (f.segment !== 'all') parts.push(SEGMENT_LABEL[f.segment] ?? f.segment);
  if (f.plan !== 'all') parts.push(`${planNames[f.plan] ?? f.plan} plan`);
  return parts.length ? parts.join(' · ') : 'All accounts';
}

export function describeScope(s: Scope, planNames: Record<string, string> = {}): string {
  switch (s.kind) {
    case 'all':
      return 'All accounts';
    case 'segment':
      return SEGMENT_LABEL[s.segment] ?? s.segment;
    case 'plan':
      return `${planNames[s.planId] ?? s.planId} plan`;
    case 'book':
      return `Book of ${s.owner}`;
  }
}
