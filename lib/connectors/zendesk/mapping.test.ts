import { describe, expect, it } from 'vitest';
import { resolveSources } from '../resolve';
import type { AccountRecord, SourceOutput } from '../types';
import { mapZendesk } from './mapping';
import { metricSetSchema, organizationSchema, ticketSchema, userSchema } from './objects';
import { zMetricSet, zOrganization, zTicket, zUser } from './testing';

const AS_OF = '2026-11-15';

/** Accounts an earlier (billing) source created: acme (acme.com) and beta (beta.io). */
function spine(): SourceOutput {
  const acc = (id: string, domain: string): AccountRecord => ({
    sourceId: id,
    identity: { explicitId: id, domains: [domain] },
    newAccountId: id,
    fields: { name: id },
    domains: [domain],
  });
  return { read: 2, accounts: [acc('acme', 'acme.com'), acc('beta', 'beta.io')], rows: [], leftOut: [] };
}

function run(o: {
  tickets?: unknown[];
  metricSets?: unknown[];
  users?: unknown[];
  organizations?: unknown[];
}) {
  const output = mapZendesk(
    {
      tickets: (o.tickets ?? []).map((t) => ticketSchema.parse(t)),
      metricSets: (o.metricSets ?? []).map((m) => metricSetSchema.parse(m)),
      users: (o.users ?? []).map((u) => userSchema.parse(u)),
      organizations: (o.organizations ?? [zOrganization(1, { externalId: 'acme' })]).map((x) =>
        organizationSchema.parse(x),
      ),
    },
    { asOf: AS_OF },
  );
  const r = resolveSources({
    currency: 'USD',
    generatedAt: '2026-11-16T02:00:00Z',
    asOf: AS_OF,
    plans: [],
    features: [],
    milestones: [],
    sources: [
      { name: 'billing', type: 'dataset', output: spine() },
      { name: 'zendesk', type: 'zendesk', output },
    ],
    previous: {},
  });
  return {
    ...r,
    zendesk: r.report.sources[1],
    ticket: (id: number) => r.dataset.tickets.find((t) => t.id === `zendesk:${id}`),
  };
}

describe('Zendesk tickets: status and priority', () => {
  it.each([
    ['new', 'open'],
    ['open', 'open'],
    ['pending', 'pending'],
    ['hold', 'pending'],
    ['solved', 'solved'],
    ['closed', 'closed'],
  ])('status %s → %s', (zendesk, want) => {
    const r = run({ tickets: [zTicket(7, { created: '2026-11-01T10:00:00Z', status: zendesk, org: 1 })] });
    expect(r.ticket(7)?.status).toBe(want);
  });

  it.each([
    ['urgent', 'urgent'],
    ['high', 'high'],
    ['normal', 'normal'],
    ['low', 'low'],
    [null, 'normal'],
  ])('priority %s → %s', (zendesk, want) => {
    const r = run({ tickets: [zTicket(7, { created: '2026-11-01T10:00:00Z', priority: zendesk, org: 1 })] });
    expect(r.ticket(7)?.priority).toBe(want);
  });

  it('a deleted ticket is a tombstone: no record, not counted', () => {
    const r = run({
      tickets: [
        zTicket(7, { created: '2026-11-01T10:00:00Z', status: 'deleted', org: 1 }),
        zTicket(8, { created: '2026-11-01T10:00:00Z', org: 1 }),
      ],
    });
    expect(r.dataset.tickets.map((t) => t.id)).toEqual(['zendesk:8']);
    expect([r.zendesk.read, r.zendesk.attached]).toEqual([2, 2]); // organization 1 and ticket 8
  });

  it('a ticket created after the as-of day is not read', () => {
    const r = run({
      tickets: [
        zTicket(7, { created: '2026-11-15T23:59:59Z', org: 1 }),
        zTicket(8, { created: '2026-11-16T00:00:00Z', org: 1 }),
      ],
    });
    expect(r.dataset.tickets.map((t) => t.id)).toEqual(['zendesk:7']);
    expect(r.zendesk.read).toBe(2);
  });
});

describe('Zendesk tickets: times, subject and CSAT', () => {
  it('the whole record: ids, openedAt, first reply from reply_time_in_minutes.calendar, solved_at', () => {
    const r = run({
      tickets: [
        zTicket(7, {
          created: '2026-11-01T10:00:00Z',
          status: 'solved',
          priority: 'high',
          subject: 'Export fails',
          org: 1,
          csat: 'good',
        }),
      ],
      metricSets: [zMetricSet(7, { reply: 95, solvedAt: '2026-11-02T08:30:00Z' })],
    });
    expect(r.ticket(7)).toEqual({
      id: 'zendesk:7',
      accountId: 'acme',
      openedAt: '2026-11-01T10:00:00Z',
      firstResponseAt: '2026-11-01T11:35:00Z',
      solvedAt: '2026-11-02T08:30:00Z',
      priority: 'high',
      status: 'solved',
      subject: 'Export fails',
      csat: 'good',
    });
  });

  it.each([
    ['a null calendar reply time', [zMetricSet(7, { reply: null })]],
    ['no metric set', []],
  ])('%s: no firstResponseAt', (_, metricSets) => {
    const r = run({ tickets: [zTicket(7, { created: '2026-11-01T10:00:00Z', org: 1 })], metricSets });
    expect(r.ticket(7)).not.toHaveProperty('firstResponseAt');
  });

  it('solved_at counts only for solved or closed tickets (a reopened ticket keeps none)', () => {
    const r = run({
      tickets: [
        zTicket(7, { created: '2026-11-01T10:00:00Z', status: 'open', org: 1 }),
        zTicket(8, { created: '2026-11-01T10:00:00Z', status: 'closed', org: 1 }),
      ],
      metricSets: [
        zMetricSet(7, { solvedAt: '2026-11-02T00:00:00Z' }),
        zMetricSet(8, { solvedAt: '2026-11-03T00:00:00Z' }),
      ],
    });
    expect(r.ticket(7)).not.toHaveProperty('solvedAt');
    expect(r.ticket(8)?.solvedAt).toBe('2026-11-03T00:00:00Z');
  });

  it.each([
    ['good', 'good'],
    ['bad', 'bad'],
    ['offered', undefined],
    ['unoffered', undefined],
    [null, undefined],
  ])('satisfaction_rating.score %s → csat %s', (score, want) => {
    const r = run({ tickets: [zTicket(7, { created: '2026-11-01T10:00:00Z', org: 1, csat: score })] });
    expect(r.ticket(7)?.csat).toBe(want);
  });

  it('an empty or null subject is no subject', () => {
    const r = run({
      tickets: [
        zTicket(7, { created: '2026-11-01T10:00:00Z', org: 1, subject: '' }),
        zTicket(8, { created: '2026-11-01T10:00:00Z', org: 1, subject: null }),
      ],
    });
    expect(r.ticket(7)).not.toHaveProperty('subject');
    expect(r.ticket(8)).not.toHaveProperty('subject');
  });
});

describe('Zendesk: which account', () => {
  it('organizations attach by external_id, then domain_names, and set crm.zendeskOrganizationId', () => {
    const r = run({
      organizations: [
        zOrganization(1, { externalId: 'acme', domains: ['beta.io'] }),
        zOrganization(2, { domains: ['WWW.Beta.io '] }),
        zOrganization(3, { externalId: 'nobody', domains: ['gamma.com'] }),
      ],
    });
    expect(r.dataset.accounts.map((a) => [a.id, a.crm])).toEqual([
      ['acme', { zendeskOrganizationId: '1' }],
      ['beta', { zendeskOrganizationId: '2' }],
    ]);
    expect(r.zendesk.leftOut.unmatched).toBe(1);
    expect(r.zendesk.examples.unmatched?.[0]).toEqual({
      sourceId: 'org:3',
      why: 'account id "nobody" names no account; no account has the domain gamma.com',
    });
  });

  it('a deleted organization attaches nothing', () => {
    const r = run({
      organizations: [zOrganization(1, { externalId: 'acme', deleted: '2026-10-01T00:00:00Z' })],
    });
    expect(r.dataset.accounts.find((a) => a.id === 'acme')?.crm).toEqual({});
  });

  it("a ticket without organization attaches through its requester's organization, then e-mail domain", () => {
    const r = run({
      organizations: [zOrganization(1, { externalId: 'acme' }), zOrganization(2, { externalId: 'beta' })],
      users: [
        zUser(50, { email: 'ann@acme.com', org: 2 }),
        zUser(51, { email: 'bob@beta.io' }),
        zUser(52, { email: 'carl@gmail.com' }),
        zUser(53, { email: 'dora@unknown.org' }),
      ],
      tickets: [
        zTicket(1, { created: '2026-11-01T10:00:00Z', org: 1, requester: 50 }), // own org wins
        zTicket(2, { created: '2026-11-01T10:00:00Z', requester: 50 }), // requester's org (beta), not acme.com
        zTicket(3, { created: '2026-11-01T10:00:00Z', requester: 51 }), // requester's e-mail domain
        zTicket(4, { created: '2026-11-01T10:00:00Z', requester: 52 }), // free-mail: refused
        zTicket(5, { created: '2026-11-01T10:00:00Z', requester: 53 }), // domain of no account
        zTicket(6, { created: '2026-11-01T10:00:00Z', org: 9 }), // an organization that is not there
      ],
    });
    expect(r.dataset.tickets.map((t) => [t.id, t.accountId])).toEqual([
      ['zendesk:1', 'acme'],
      ['zendesk:2', 'beta'],
      ['zendesk:3', 'beta'],
    ]);
    expect(r.zendesk.leftOut.unmatched).toBe(3);
    expect(r.zendesk.examples.unmatched).toEqual([
      { sourceId: 'zendesk:4', why: 'no company domain to match' },
      { sourceId: 'zendesk:5', why: 'no account has the domain unknown.org' },
      { sourceId: 'zendesk:6', why: 'its account was left out' },
    ]);
  });

  it("a requester's organization that attaches nothing leaves the ticket unmatched (no fall-through to the e-mail)", () => {
    const r = run({
      organizations: [zOrganization(3, { externalId: 'nobody' })],
      users: [zUser(50, { email: 'ann@acme.com', org: 3 })],
      tickets: [zTicket(1, { created: '2026-11-01T10:00:00Z', requester: 50 })],
    });
    expect(r.dataset.tickets).toEqual([]);
    expect(r.zendesk.examples.unmatched?.map((e) => e.sourceId)).toEqual(['org:3', 'zendesk:1']);
  });
});
