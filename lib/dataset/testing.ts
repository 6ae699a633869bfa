/**
 * Test helpers for the dataset readers (not used by product code): a minimal zip writer and
 * fast-check arbitraries that produce valid interchange-form records.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';

/** A valid .zip (deflate, UTF-8 names) holding `entries`; yauzl reads it. */
export function makeZip(entries: { name: string; data: string | Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const compressed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries (valid records; optional fields sometimes absent, sometimes null)

const DAY0 = Date.UTC(1990, 0, 1);
export const arbDate = fc
  .integer({ min: 0, max: 365 * 60 })
  .map((d) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10));
export const arbMonth = arbDate.map((d) => d.slice(0, 7));
export const arbTimestamp = fc
  .tuple(arbDate, fc.integer({ min: 0, max: 86_399_999 }), fc.constantFrom('min', 's', 'ms'))
  .map(([d, ms, precision]) => {
    const t = new Date(Date.parse(`${d}T00:00:00Z`) + ms).toISOString(); // …T12:34:56.789Z
    if (precision === 'min') return `${t.slice(0, 16)}Z`;
    if (precision === 's') return `${t.slice(0, 19)}Z`;
    return t;
  });
/** Any text, including commas, quotes, line breaks, spaces at the ends and non-ASCII. */
export const arbText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', 'a,b', 'say "hi"', 'line\nbreak', 'cr\r\nlf', ' padded ', 'Zoë', '日本', '=1+2'),
);
export const arbId = fc.oneof(
  fc.constantFrom('a1', 'a2', 'a3', 'x,y', '"q"', 'multi\nline', ' sp '),
  fc.string({ minLength: 1, maxLength: 8 }),
);
/** A list item or map key: non-empty, no `;` (the CSV list separator), not `__proto__`. */
export const arbItem = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter((s) => !s.includes(';') && s !== '__proto__');
const count = fc.oneof(fc.nat({ max: 1000 }), fc.maxSafeNat());
const int = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger());
const minutes = fc.oneof(
  fc.nat({ max: 10_000 }),
  fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }),
  fc.constant(-0),
);

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> {
  return fc.oneof(arb, fc.constant(undefined), fc.constant(null));
}
/** Builds a record arbitrary: optional keys are dropped when undefined. */
function rec<T extends Record<string, fc.Arbitrary<unknown>>>(shape: T) {
  return fc.record(shape).map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
    return out;
  });
}
const dateMap = fc.dictionary(arbItem, arbDate, { maxKeys: 3 });
const salesforceId = fc
  .tuple(fc.stringMatching(/^[a-zA-Z0-9]{15}$/), fc.boolean(), fc.stringMatching(/^[a-zA-Z0-9]{3}$/))
  .map(([a, long, b]) => (long ? a + b : a));

export const arbRecords = {
  plans: rec({
    id: arbId,
    name: arbText,
    tier: int,
    seatLimit: optional(count),
    features: fc.array(arbItem, { maxLength: 3 }),
  }),
  features: rec({ key: arbId, name: arbText, minTier: optional(int) }),
  milestones: rec({ key: arbId, name: arbText, order: int, firstValue: fc.boolean() }),
  accounts: rec({
    id: arbId,
    name: arbText,
    domains: fc.array(arbItem, { maxLength: 3 }),
    crm: rec({
      hubspotCompanyId: optional(arbId),
      salesforceAccountId: optional(salesforceId),
      zendeskOrganizationId: optional(arbId),
    }),
    planId: optional(arbId),
    seats: optional(count),
    segment: optional(fc.constantFrom('smb', 'mid-market', 'enterprise')),
    owner: optional(arbId),
    startedOn: optional(arbDate),
    renewsOn: optional(arbDate),
    acquisitionCost: optional(count),
    dealCreatedOn: optional(arbDate),
    dealClosedOn: optional(arbDate),
    milestones: optional(dateMap),
    updatedAt: arbTimestamp,
  }),
  revenue: rec({ accountId: arbId, month: arbMonth, mrr: count }),
  usage: rec({
    accountId: arbId,
    date: arbDate,
    dau: count,
    wau: count,
    mau: count,
    minutes,
    sessions: count,
  }),
  users: rec({
    accountId: arbId,
    id: arbId,
    email: optional(arbText),
    name: optional(arbText),
    title: optional(arbText),
    champion: fc.boolean(),
    firstSeenOn: optional(arbDate),
    lastSeenOn: optional(arbDate),
    features: dateMap,
  }),
  tickets: rec({
    id: arbId,
    accountId: arbId,
    openedAt: arbTimestamp,
    firstResponseAt: optional(arbTimestamp),
    solvedAt: optional(arbTimestamp),
    priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
    status: fc.constantFrom('open', 'pending', 'solved', 'closed'),
    subject: optional(arbText),
    csat: optional(fc.constantFrom('good', 'bad')),
  }),
  surveys: fc
    .tuple(
      rec({
        id: arbId,
        accountId: arbId,
        respondedOn: arbDate,
        comment: optional(arbText),
        userId: optional(arbId),
      }),
      fc.oneof(
        fc.record({ kind: fc.constant('nps'), score: fc.integer({ min: 0, max: 10 }) }),
        fc.record({ kind: fc.constant('csat'), score: fc.integer({ min: 1, max: 5 }) }),
      ),
    )
    .map(([r, s]) => ({ ...r, ...s })),
  deals: fc
    .tuple(
      rec({
        id: arbId,
        accountId: arbId,
        name: optional(arbText),
        amount: count,
        stage: arbId,
        createdOn: arbDate,
      }),
      fc.option(fc.record({ closedOn: arbDate, won: fc.boolean() }), { nil: undefined }),
    )
    .map(([r, closed]) => ({ ...r, ...closed })),
};

/** A raw dataset in the JSON form whose every record is valid (ids may repeat). */
export const arbDataset = fc.record({
  schemaVersion: fc.constant(1),
  currency: fc.constantFrom('USD', 'EUR', 'JPY'),
  generatedAt: optional(arbTimestamp),
  dataThrough: optional(arbDate),
  plans: fc.array(arbRecords.plans, { maxLength: 3 }),
  features: fc.array(arbRecords.features, { maxLength: 3 }),
  milestones: fc.array(arbRecords.milestones, { maxLength: 3 }),
  accounts: fc.array(arbRecords.accounts, { maxLength: 4 }),
  revenue: fc.array(arbRecords.revenue, { maxLength: 4 }),
  usage: fc.array(arbRecords.usage, { maxLength: 6 }),
  users: fc.array(arbRecords.users, { maxLength: 3 }),
  tickets: fc.array(arbRecords.tickets, { maxLength: 3 }),
  surveys: fc.array(arbRecords.surveys, { maxLength: 3 }),
  deals: fc.array(arbRecords.deals, { maxLength: 3 }),
});
