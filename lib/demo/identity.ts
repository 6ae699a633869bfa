/**
 * Who a demo account is: its company name, domains and CRM ids (HubSpot, Salesforce with a valid
 * 18-character id, Zendesk), generated from a word list without clashing with the fixtures, or
 * taken from a CRM page fixture.
 */
import { salesforceChecksum } from '../crm/salesforce-id';
import type { Account } from '../dataset/schema';
import type { Ctx } from './context';
import type { FixtureAccountLike } from './options';
import type { Rng } from './rng';

// biome-ignore format: a word list reads better packed
const NAME_PREFIX = [
  'North', 'Blue', 'Silver', 'Bright', 'Iron', 'Green', 'Red', 'Stone', 'Clear', 'Swift',
  'High', 'Oak', 'Pine', 'Cedar', 'Maple', 'Summit', 'River', 'Harbor', 'Golden', 'Crystal',
  'Falcon', 'Eagle', 'Copper', 'Granite', 'Sky', 'Sun', 'Moon', 'Star', 'Polar', 'Coral',
  'Amber', 'Jade', 'Indigo', 'Crimson', 'Violet', 'Arrow', 'Atlas', 'Nova', 'Echo', 'Orbit',
];
// biome-ignore format: a word list reads better packed
const NAME_ROOT = [
  'wind', 'peak', 'field', 'line', 'gate', 'bridge', 'stone', 'wave', 'light', 'point',
  'ridge', 'brook', 'haven', 'crest', 'forge', 'works', 'path', 'leaf', 'rock', 'vale',
  'port', 'wood', 'view', 'side', 'shore', 'mark', 'spring', 'fall', 'land', 'crown',
  'hill', 'lake', 'dale', 'ford', 'grove', 'key', 'mill', 'stream', 'town', 'way',
];
// biome-ignore format: a word list reads better packed
const NAME_INDUSTRY = [
  'Logistics', 'Analytics', 'Health', 'Foods', 'Robotics', 'Media', 'Labs', 'Capital',
  'Energy', 'Software', 'Apparel', 'Freight', 'Dental', 'Legal', 'Realty', 'Bakery',
  'Studios', 'Systems', 'Clinics', 'Insurance', 'Consulting', 'Networks', 'Pharma', 'Outdoors',
  'Hospitality', 'Education', 'Security', 'Payments', 'Marine', 'Motors', 'Architects', 'Biotech',
];
export const NAME_COMBOS = NAME_PREFIX.length * NAME_ROOT.length * NAME_INDUSTRY.length; // 51,200
const NAME_STRIDE = 7919; // prime, coprime with NAME_COMBOS: consecutive accounts look unrelated

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(n: number, width: number): string {
  let s = '';
  let x = n;
  for (let i = 0; i < width; i++) {
    s = BASE62[x % 62] + s;
    x = Math.floor(x / 62);
  }
  return s;
}

export interface Identity {
  name: string;
  domains: string[];
  crm: Account['crm'];
}

export function generatedIdentity(ctx: Ctx, index: number, rng: Rng): Identity {
  const g = index - ctx.fixtures.length;
  const k = ((((g % NAME_COMBOS) * NAME_STRIDE) % NAME_COMBOS) + ctx.nameOffset) % NAME_COMBOS;
  const round = Math.floor(g / NAME_COMBOS);
  const prefix = NAME_PREFIX[k % NAME_PREFIX.length];
  const root = NAME_ROOT[Math.floor(k / NAME_PREFIX.length) % NAME_ROOT.length];
  const industry = NAME_INDUSTRY[Math.floor(k / (NAME_PREFIX.length * NAME_ROOT.length))];
  let name = `${prefix}${root} ${industry}${round > 0 ? ` ${round + 1}` : ''}`;
  let slug = `${prefix}${root}`.toLowerCase();
  let ind = `${industry.toLowerCase()}${round > 0 ? round + 1 : ''}`;
  const clash = () =>
    ctx.taken.has(name.toLowerCase()) ||
    ctx.taken.has(`${slug}-${ind}.com`) ||
    ctx.taken.has(`${slug}${ind}.io`);
  if (clash()) {
    name = `${name} Group`;
    slug = `${slug}group`;
    ind = `${ind}group`;
  }
  const domains = [`${slug}-${ind}.com`];
  if (rng.chance(0.25)) domains.push(`${slug}${ind}.io`);

  // Each account owns a slot of ids; a random one in the slot, skipping any a fixture uses.
  const pick = (slots: number, make: (r: number) => string) => {
    const r0 = rng.int(0, slots - 1);
    for (let i = 0; i < slots; i++) {
      const v = make((r0 + i) % slots);
      if (!ctx.taken.has(v.toLowerCase().slice(0, 15))) return v;
    }
    return make(r0);
  };
  const hubspot = pick(97, (r) => String(7_000_000_000 + g * 97 + r));
  const sf15 = pick(61, (r) => `0018d0000${base62(1_000_000 + g * 61 + r, 6)}`);
  const zendesk = pick(89, (r) => String(360_000_000_000 + g * 89 + r));
  return {
    name,
    domains,
    crm: {
      hubspotCompanyId: hubspot,
      salesforceAccountId: sf15 + salesforceChecksum(sf15),
      zendeskOrganizationId: zendesk,
    },
  };
}

export function fixtureIdentity(f: FixtureAccountLike): Identity {
  const crm: Account['crm'] = {};
  if (f.crm.hubspotCompanyId) crm.hubspotCompanyId = f.crm.hubspotCompanyId;
  if (f.crm.salesforceAccountId) crm.salesforceAccountId = f.crm.salesforceAccountId;
  if (f.crm.zendeskOrganizationId) crm.zendeskOrganizationId = f.crm.zendeskOrganizationId;
  return { name: f.name, domains: [...f.domains], crm };
}
