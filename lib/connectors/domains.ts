/**
 * Domains for identity resolution (CONNECTORS.md, "Accounts: the spine and identity resolution").
 * The normalisation and the free-mail list are the project's one definition (lib/crm), so an
 * account's domains written here match what the panel derives from a CRM page.
 */
import { isFreeMailDomain } from '../crm/dom';
import { normaliseDomain as crmNormaliseDomain } from '../crm/resolve';

/** Trimmed, lower-cased, without a leading `www.` (a URL gives its host); null for no value. */
export function normaliseDomain(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const d = crmNormaliseDomain(raw);
  return d === '' ? null : d;
}

/** The domain of an e-mail address, normalised; null when there is none or it is free-mail. */
export function companyEmailDomain(email: string | null | undefined): string | null {
  if (typeof email !== 'string' || !email.includes('@')) return null;
  const d = normaliseDomain(email);
  return d === null || isFreeMailDomain(d) ? null : d;
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
