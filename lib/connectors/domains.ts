/**
 * Domains for identity resolution (CONNECTORS.md, "Accounts: the spine and identity resolution").
 */

/** E-mail providers whose domain never names a company (the contract's list). */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
]);

/** Trimmed, lower-cased, without a leading `www.`; null for an empty value. */
export function normaliseDomain(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const d = raw
    .trim()
    .toLowerCase()
    .replace(/^www\./, '');
  return d === '' ? null : d;
}

/** The domain of an e-mail address, normalised; null when there is none or it is free-mail. */
export function companyEmailDomain(email: string | null | undefined): string | null {
  if (typeof email !== 'string') return null;
  const at = email.trim().lastIndexOf('@');
  if (at < 0) return null;
  const d = normaliseDomain(email.trim().slice(at + 1));
  return d === null || FREE_MAIL_DOMAINS.has(d) ? null : d;
}

/** A website's host without `www.` (`https://www.acme.com/about` → `acme.com`); a bare host is taken as is. */
export function websiteDomain(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const s = raw.trim();
  try {
    return normaliseDomain(new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`).hostname);
  } catch {
    return null;
  }
}

/** `;`-separated domains (`metadata.domains`), each normalised, empty ones dropped. */
export function splitDomains(raw: string | null | undefined): string[] {
  if (typeof raw !== 'string') return [];
  const out: string[] = [];
  for (const part of raw.split(';')) {
    const d = normaliseDomain(part);
    if (d !== null) out.push(d);
  }
  return out;
}

/** An empty string is no value, anywhere: returns null for it (and for non-strings). */
export function nonEmpty(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}
