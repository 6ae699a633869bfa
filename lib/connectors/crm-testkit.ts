/**
 * The CRM mapping tests' spine: accounts an earlier (billing) source created — acme (acme.com) and
 * beta (beta.io) — and one run of the resolver with a CRM source after it.
 */
import { resolveSources } from './resolve';
import type { AccountRecord, SourceOutput } from './types';

export const CRM_AS_OF = '2026-11-15';

export function billingSpine(): SourceOutput {
  const acc = (id: string, domain: string): AccountRecord => ({
    sourceId: id,
    identity: { explicitId: id, domains: [domain] },
    newAccountId: id,
    fields: { name: id },
    domains: [domain],
  });
  return { read: 2, accounts: [acc('acme', 'acme.com'), acc('beta', 'beta.io')], rows: [], leftOut: [] };
}

/** The spine, then `output` as source `type`; the accounts by id and the CRM source's report. */
export function resolveAfterSpine(type: string, output: SourceOutput) {
  const r = resolveSources({
    currency: 'USD',
    generatedAt: '2026-11-16T02:00:00Z',
    asOf: CRM_AS_OF,
    plans: [],
    features: [],
    milestones: [],
    sources: [
      { name: 'billing', type: 'dataset', output: billingSpine() },
      { name: type, type, output },
    ],
    previous: {},
  });
  return {
    ...r,
    crm: r.report.sources[1],
    account: (id: string) => r.dataset.accounts.find((a) => a.id === id),
  };
}
