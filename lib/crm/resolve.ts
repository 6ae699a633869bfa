/**
 * Map a detected record's hints to an account of the dataset. Pure: works over any list of
 * account-like rows (the cached dataset now, an index later).
 *
 * Order — the first step that matches anything decides:
 * 1. **CRM id** (`crmId`): the page's HubSpot company / Salesforce account / Zendesk
 *    organization id against the account's `crm` ids. Salesforce ids compare by their
 *    15-character case-sensitive form, so a 15- and an 18-character id of the same record
 *    match (`salesforceId15`, which also repairs an 18-character id whose case was lost).
 * 2. **Domain** (`domain`): the page's web and e-mail domains against the account's domains,
 *    both through `normaliseDomain`; an exact match first, then a page domain that is a
 *    sub-domain of an account domain (`eu.northwind.com` → `northwind.com`).
 * 3. **Name** (`name`): exact equality after `normaliseName`.
 * One account → `matched`; several → `ambiguous` with the candidates (in dataset order).
 *
 * **Remembered pick**: the account a person chose for this record earlier. It wins over
 * domain and name matches (a human decided) and settles an ambiguity, but not over a unique
 * CRM-id match — that is the dataset's own statement of identity, and a pick made before the
 * dataset carried the id must not override it. A remembered id no longer in `accounts` is
 * ignored.
 *
 * @example resolveAccount({ crm: 'salesforce', objectType: 'account', recordId: '0018c00002JxQ4m',
 *   hints: { salesforceAccountId: '0018c00002JxQ4m' } }, accounts)
 *   // { status: 'matched', accountId: 'acc_northwind', by: 'crmId' }
 */
import { salesforceId15 } from './salesforce-id';
import type { AccountHints, DetectedRecord } from './types';

export { salesforceId15 } from './salesforce-id';

/** The part of a dataset `Account` the resolver needs (structurally compatible with it). */
export interface AccountLike {
  id: string;
  name: string;
  domains: string[];
  crm: { hubspotCompanyId?: string; salesforceAccountId?: string; zendeskOrganizationId?: string };
}

export type ResolveStep = 'crmId' | 'domain' | 'name';

export type Resolution =
  | { status: 'matched'; accountId: string; by: ResolveStep | 'remembered' }
  | { status: 'ambiguous'; candidates: string[]; by: ResolveStep }
  | { status: 'none'; tried: string[] };

/**
 * A domain as a bare lower-case host: scheme, user info, port, path, query and a leading
 * `www.` removed; an e-mail address gives its domain. '' when nothing host-like is left.
 *
 * @example normaliseDomain('https://WWW.Northwind-Traders.com/about?x=1') // 'northwind-traders.com'
 * @example normaliseDomain('ops@eu.northwind.com') // 'eu.northwind.com'
 */
export function normaliseDomain(input: string): string {
  let s = input.trim().toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  s = s.split(/[/?#]/, 1)[0];
  s = s.slice(s.lastIndexOf('@') + 1);
  s = s.replace(/:\d*$/, '').replace(/\.+$/, '');
  s = s.replace(/^www\d?\./, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(s) ? s : '';
}

/**
 * Legal-form words stripped from the end of a name (repeatedly, so "Pty Ltd" and
 * "GmbH & Co. KG" go), unless nothing would be left.
 */
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'se',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'oyj',
  'ab',
  'as',
  'asa',
  'aps',
  'pty',
  'kk',
  'and',
]);

/**
 * A company name for equality: Unicode-folded (accents dropped), lower-case, `&` read as
 * "and", punctuation dropped (`A.B.C.` → `abc`), spaces collapsed, a leading "the" and
 * trailing legal forms (Inc, Ltd, LLC, GmbH, S.A., Pty Ltd, …) removed.
 *
 * @example normaliseName('  Northwind Traders, Inc. ') // 'northwind traders'
 * @example normaliseName('Müller & Söhne GmbH & Co. KG') // 'muller and sohne'
 */
export function normaliseName(input: string): string {
  let s = input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/(?<=\b\p{L})\.(?=\p{L}\b)/gu, '')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const words = s.split(' ').filter(Boolean);
  if (words[0] === 'the' && words.length > 1) words.shift();
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1])) words.pop();
  s = words.join(' ');
  return s;
}

function uniq(ids: string[]): string[] {
  return [...new Set(ids)];
}

function byCrmId(hints: AccountHints, accounts: readonly AccountLike[], tried: string[]): string[] {
  const out: string[] = [];
  const hs = hints.hubspotCompanyId?.trim();
  if (hs) {
    tried.push(`HubSpot company ${hs}`);
    for (const a of accounts) if (a.crm.hubspotCompanyId?.trim() === hs) out.push(a.id);
  }
  const sfRaw = hints.salesforceAccountId?.trim();
  if (sfRaw) {
    tried.push(`Salesforce account ${sfRaw}`);
    const sf = salesforceId15(sfRaw);
    if (sf) {
      for (const a of accounts) {
        const own = a.crm.salesforceAccountId;
        if (own && salesforceId15(own) === sf) out.push(a.id);
      }
    }
  }
  const zd = hints.zendeskOrganizationId?.trim();
  if (zd) {
    tried.push(`Zendesk organization ${zd}`);
    for (const a of accounts) if (a.crm.zendeskOrganizationId?.trim() === zd) out.push(a.id);
  }
  return uniq(out);
}

function byDomain(hints: AccountHints, accounts: readonly AccountLike[], tried: string[]): string[] {
  const pageDomains = uniq(
    [...(hints.domains ?? []), ...(hints.emailDomains ?? [])].map(normaliseDomain),
  ).filter(Boolean);
  if (pageDomains.length === 0) return [];
  tried.push(`domain ${pageDomains.join(', ')}`);
  const owned = accounts.map((a) => ({ id: a.id, domains: a.domains.map(normaliseDomain).filter(Boolean) }));
  const exact = owned.filter((a) => a.domains.some((d) => pageDomains.includes(d))).map((a) => a.id);
  if (exact.length) return uniq(exact);
  return uniq(
    owned.filter((a) => a.domains.some((d) => pageDomains.some((p) => p.endsWith(`.${d}`)))).map((a) => a.id),
  );
}

function byName(hints: AccountHints, accounts: readonly AccountLike[], tried: string[]): string[] {
  const names = uniq((hints.names ?? []).map(normaliseName)).filter(Boolean);
  if (names.length === 0) return [];
  tried.push(`name ${names.map((n) => `"${n}"`).join(', ')}`);
  return uniq(accounts.filter((a) => names.includes(normaliseName(a.name))).map((a) => a.id));
}

/** The account a detected record belongs to (see the module comment for the order). */
export function resolveAccount(
  record: Pick<DetectedRecord, 'hints'>,
  accounts: readonly AccountLike[],
  remembered?: string,
): Resolution {
  const tried: string[] = [];
  const hints = record.hints ?? {};
  const pick = remembered && accounts.some((a) => a.id === remembered) ? remembered : undefined;

  const crm = byCrmId(hints, accounts, tried);
  if (crm.length === 1) return { status: 'matched', accountId: crm[0], by: 'crmId' };
  if (pick) return { status: 'matched', accountId: pick, by: 'remembered' };
  if (crm.length > 1) return { status: 'ambiguous', candidates: crm, by: 'crmId' };

  const steps: [ResolveStep, typeof byDomain][] = [
    ['domain', byDomain],
    ['name', byName],
  ];
  for (const [by, step] of steps) {
    const found = step(hints, accounts, tried);
    if (found.length === 1) return { status: 'matched', accountId: found[0], by };
    if (found.length > 1) return { status: 'ambiguous', candidates: found, by };
  }
  if (remembered) tried.push(`remembered account ${remembered} (not in the dataset)`);
  return { status: 'none', tried };
}
