/**
 * A small Zendesk account for the source, CLI and e2e tests, beside the Stripe fixture (acme has
 * the explicit id `acme`, Beta GmbH the domain beta.io), as of 2026-11-15:
 * - organizations: 1 "Acme" (external_id acme), 2 "Beta" (domain_names beta.io), 3 "Gamma"
 *   (external_id gamma, gamma.co.uk: its Stripe customer is left out, so it attaches nothing);
 * - tickets: 1 acme urgent open (first reply after 30 min); 2 acme solved, CSAT good (reply after
 *   120 min, solved 2026-11-02T08:00Z); 3 no organization, requester bob@beta.io → Beta by domain,
 *   on hold; 4 requester carl@gmail.com → unmatched (free-mail); 5 created after the as-of day.
 * `zendeskChanges` adds, for a second run: ticket 1 solved, ticket 3 deleted, ticket 6 new (Beta).
 */
import type { ZendeskStandInData } from './stand-in';
import { zMetricSet, zOrganization, zTicket, zUser } from './testing';

const at = (iso: string) => Date.parse(iso) / 1000;

/** `acmeId`/`acmeOrgId`: the explicit account id and the Zendesk id of organization 1 (e2e). */
export function zendeskFixture(acmeId = 'acme', acmeOrgId = 1): ZendeskStandInData {
  return {
    organizations: [
      {
        at: at('2026-01-01T00:00:00Z'),
        organization: zOrganization(acmeOrgId, { name: 'Acme', externalId: acmeId }),
      },
      {
        at: at('2026-01-02T00:00:00Z'),
        organization: zOrganization(2, { name: 'Beta', domains: ['beta.io'] }),
      },
      {
        at: at('2026-01-03T00:00:00Z'),
        organization: zOrganization(3, { name: 'Gamma', externalId: 'gamma', domains: ['gamma.co.uk'] }),
      },
    ],
    users: [
      zUser(100, { email: 'ann@acme.com', org: acmeOrgId }),
      zUser(101, { email: 'bob@beta.io' }),
      zUser(102, { email: 'carl@gmail.com' }),
    ],
    ticketLog: [
      {
        ticket: zTicket(2, {
          created: '2026-11-01T08:00:00Z',
          updated: '2026-11-02T08:00:00Z',
          status: 'solved',
          priority: 'high',
          subject: 'Export fails',
          org: acmeOrgId,
          requester: 100,
          csat: 'good',
        }),
        metricSet: zMetricSet(2, { reply: 120, solvedAt: '2026-11-02T08:00:00Z' }),
      },
      {
        ticket: zTicket(1, {
          created: '2026-11-10T09:00:00Z',
          status: 'open',
          priority: 'urgent',
          subject: 'Cannot log in',
          org: acmeOrgId,
          requester: 100,
        }),
        metricSet: zMetricSet(1, { reply: 30 }),
      },
      {
        ticket: zTicket(3, {
          created: '2026-11-12T10:00:00Z',
          status: 'hold',
          priority: null,
          requester: 101,
        }),
        metricSet: zMetricSet(3, { reply: null }),
      },
      {
        ticket: zTicket(4, { created: '2026-11-13T10:00:00Z', requester: 102 }),
        metricSet: zMetricSet(4, {}),
      },
      { ticket: zTicket(5, { created: '2026-11-20T10:00:00Z', org: 2, requester: 101 }) },
    ],
  };
}

/** The changes a second run reads: ticket 1 solved, ticket 3 deleted, ticket 6 new. */
export function zendeskChanges(data: ZendeskStandInData, acmeOrgId = 1): void {
  data.ticketLog.push(
    {
      ticket: zTicket(1, {
        created: '2026-11-10T09:00:00Z',
        updated: '2026-11-14T12:00:00Z',
        status: 'solved',
        priority: 'urgent',
        subject: 'Cannot log in',
        org: acmeOrgId,
        requester: 100,
        csat: 'bad',
      }),
      metricSet: zMetricSet(1, { reply: 30, solvedAt: '2026-11-14T12:00:00Z' }),
    },
    { ticket: zTicket(3, { created: '2026-11-12T10:00:00Z', status: 'deleted', requester: 101 }) },
    {
      ticket: zTicket(6, { created: '2026-11-14T07:00:00Z', priority: 'low', org: 2, requester: 101 }),
      metricSet: zMetricSet(6, { reply: 5 }),
    },
  );
}
