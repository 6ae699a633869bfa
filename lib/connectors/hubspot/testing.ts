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

export function hsDeal(
  id: string,
  d: { created: string; closed?: string | null; won: boolean; companies: string[]; stage?: string },
) {
  return {
    id,
    properties: {
      amount: '1000',
      closedate: d.closed ?? null,
      createdate: d.created,
      dealname: `Deal ${id}`,
      dealstage: d.stage ?? (d.won ? 'closedwon' : 'appointmentscheduled'),
      hs_is_closed_won: d.won ? 'true' : 'false',
      hs_object_id: id,
      pipeline: 'default',
    },
    createdAt: d.created,
    updatedAt: d.created,
    archived: false,
    associations: {
      companies: { results: d.companies.map((c) => ({ id: c, type: 'deal_to_company' })) },
    },
  };
}
