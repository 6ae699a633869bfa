/**
 * Literal HubSpot CRM v3 objects in the shapes of HubSpot's reference (objects list, owners), for
 * the mapping tests and the local HubSpot stand-in. Fields the mapping does not read are kept
 * where the reference shows them, so the stand-in answers what HubSpot answers.
 */

export function hsCompany(
  id: string,
  properties: Record<string, string | null>,
  o: { createdAt?: string; archived?: boolean } = {},
) {
  const createdAt = o.createdAt ?? '2025-01-10T09:00:00.000Z';
  return {
    id,
    properties: {
      createdate: createdAt,
      hs_lastmodifieddate: createdAt,
      hs_object_id: id,
      ...properties,
    },
    createdAt,
    updatedAt: createdAt,
    archived: o.archived ?? false,
    url: `https://app.hubspot.com/contacts/4417291/record/0-2/${id}`,
  };
}

export function hsOwner(id: string, email: string | null) {
  return {
    id,
    email,
    type: 'PERSON',
    firstName: `Owner`,
    lastName: id,
    userId: Number(id) + 1000,
    userIdIncludingInactive: Number(id) + 1000,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    archived: false,
    teams: [],
  };
}

/**
 * A deal as the v3 list gives it with the source's properties. `closed` is the `closedate`
 * value (HubSpot sets it on open deals too: the expected close date); `isClosed` (default: `won`)
 * gives `hs_is_closed`; `amount` a decimal string or null (none); `currency` `deal_currency_code`.
 */
export function hsDeal(
  id: string,
  d: {
    created: string;
    closed?: string | null;
    won: boolean;
    isClosed?: boolean;
    stage?: string;
    amount?: string | null;
    currency?: string | null;
    name?: string | null;
  },
) {
  const isClosed = d.isClosed ?? d.won;
  return {
    id,
    properties: {
      amount: d.amount === undefined ? '1000' : d.amount,
      closedate: d.closed ?? null,
      createdate: d.created,
      deal_currency_code: d.currency ?? null,
      dealname: d.name === undefined ? `Deal ${id}` : d.name,
      dealstage: d.stage ?? (d.won ? 'closedwon' : isClosed ? 'closedlost' : 'appointmentscheduled'),
      hs_is_closed: isClosed ? 'true' : 'false',
      hs_is_closed_won: d.won ? 'true' : 'false',
      hs_lastmodifieddate: d.created,
      hs_object_id: id,
      pipeline: 'default',
    },
    createdAt: d.created,
    updatedAt: d.created,
    archived: false,
  };
}

/**
 * One deal's companies as the v4 batch read gives them: each with the unlabeled type (341, label
 * null) and, for `primary`, HubSpot's "Primary" type (5) beside it.
 */
export function hsDealCompanies(dealId: string, companies: readonly string[], primary?: string) {
  return {
    from: { id: dealId },
    to: companies.map((c) => ({
      toObjectId: Number(c),
      associationTypes: [
        ...(c === primary ? [{ category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' }] : []),
        { category: 'HUBSPOT_DEFINED', typeId: 341, label: null },
      ],
    })),
  };
}
