import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { salesforceChecksum as salesforceSuffix } from '../crm/salesforce-id';
import { readDatasetPath } from '../dataset/read-node';
import {
  type CollectionName,
  collectionSchemas,
  type Dataset,
  datasetHeaderSchema,
  isCalendarDate,
  OPTIONAL_COLLECTIONS,
} from '../dataset/schema';
import { FIXTURE_ACCOUNTS } from './crm-fixture-accounts';
import {
  DEMO_OWNERS,
  DEMO_PLANS,
  FIXTURE_PATTERNS,
  generateDataset,
  generateDatasetStream,
  generatePatterns,
  PATTERN_SHARES,
  type Pattern,
} from './generate';
import { main, parseSeedArgs } from './seed-cli';

const AS_OF = '2026-10-31';
const dayNumberOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Independent check of Salesforce's case checksum (the well-known algorithm, written out again). */
function checksumOk(id18: string): boolean {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let n = 0;
    for (let i = 4; i >= 0; i--) n = n * 2 + (/[A-Z]/.test(id18[chunk * 5 + i]) ? 1 : 0);
    suffix += alphabet[n];
  }
  return id18.length === 18 && id18.slice(15) === suffix;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const PER_ACCOUNT: CollectionName[] = ['revenue', 'usage', 'users', 'tickets', 'surveys'];

describe('generateDataset', () => {
  const d = generateDataset({ accounts: 240, seed: 11, asOf: AS_OF });
  const patterns = generatePatterns({ accounts: 240, seed: 11, asOf: AS_OF });
  const byPattern = (p: Pattern) => d.accounts.filter((_, i) => patterns[i] === p);

  it('is deterministic: the same options give the same dataset, another seed another one', () => {
    const a = generateDataset({ accounts: 30, seed: 5, asOf: AS_OF });
    const b = generateDataset({ accounts: 30, seed: 5, asOf: AS_OF });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = generateDataset({ accounts: 30, seed: 6, asOf: AS_OF });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    // Generated (non-fixture) accounts all differ with the seed.
    const fixtures = FIXTURE_ACCOUNTS.length;
    expect(c.accounts.slice(fixtures).map((x) => x.name)).not.toEqual(
      a.accounts.slice(fixtures).map((x) => x.name),
    );
    // Account i does not depend on how many accounts are generated.
    const small = generateDataset({ accounts: 12, seed: 5, asOf: AS_OF });
    expect(small.accounts).toEqual(a.accounts.slice(0, 12));
    const ids = new Set(small.accounts.map((x) => x.id));
    expect(small.usage).toEqual(a.usage.filter((r) => ids.has(r.accountId)));
  });

  it('reads neither the clock nor Math.random', () => {
    const expected = JSON.stringify(generateDataset({ accounts: 15, seed: 3, asOf: AS_OF }));
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    const now = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now called');
    });
    try {
      expect(JSON.stringify(generateDataset({ accounts: 15, seed: 3, asOf: AS_OF }))).toBe(expected);
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });

  it('streams the same records it builds in memory, catalogue first then account by account', () => {
    const chunks = [...generateDatasetStream({ accounts: 9, seed: 2, asOf: AS_OF })];
    expect(chunks[0].kind).toBe('catalog');
    expect(chunks.slice(1).every((c) => c.kind === 'account')).toBe(true);
    const whole = generateDataset({ accounts: 9, seed: 2, asOf: AS_OF });
    const accounts = chunks.flatMap((c) => (c.kind === 'account' ? [c.account] : []));
    const usage = chunks.flatMap((c) => (c.kind === 'account' ? c.usage : []));
    expect(accounts).toEqual(whole.accounts);
    expect(usage).toEqual(whole.usage);
  });

  it('rejects bad options', () => {
    expect(() => generateDataset({ accounts: -1, seed: 1, asOf: AS_OF })).toThrow(RangeError);
    expect(() => generateDataset({ accounts: 1.5, seed: 1, asOf: AS_OF })).toThrow(/accounts/);
    expect(() => generateDataset({ accounts: 1, seed: 0.5, asOf: AS_OF })).toThrow(/seed/);
    expect(() => generateDataset({ accounts: 1, seed: 1, asOf: '2026-02-30' })).toThrow(/asOf/);
    expect(generateDataset({ accounts: 0, seed: 1, asOf: AS_OF }).accounts).toEqual([]);
  });

  it('makes every record valid against the zod schemas, unchanged by them', () => {
    expect(datasetHeaderSchema.parse(d)).toEqual({
      schemaVersion: 1,
      currency: 'USD',
      generatedAt: `${AS_OF}T23:00:00Z`,
      dataThrough: AS_OF,
    });
    for (const name of Object.keys(collectionSchemas) as CollectionName[]) {
      // People's records (tasks, sentiment): the demo has none. It has the CRM's deals.
      if (OPTIONAL_COLLECTIONS.includes(name) && name !== 'deals') continue;
      const schema = collectionSchemas[name];
      const records = d[name] as unknown[];
      expect(records.length, name).toBeGreaterThan(0);
      for (const r of records) {
        const parsed = schema.safeParse(r);
        if (!parsed.success) throw new Error(`${name} ${JSON.stringify(r)}: ${parsed.error.message}`);
        // Nothing stripped or normalised: the generator writes exactly the contract's fields.
        expect(parsed.data).toEqual(r);
      }
    }
  });

  it('keeps ids and keys unique and rows pointing at known accounts', () => {
    const accountIds = new Set(d.accounts.map((a) => a.id));
    expect(accountIds.size).toBe(d.accounts.length);
    for (const name of ['users', 'tickets', 'surveys', 'deals'] as const) {
      const ids = (d[name] as { id: string }[]).map((r) => r.id);
      expect(new Set(ids).size, name).toBe(ids.length);
    }
    expect(new Set(d.usage.map((r) => `${r.accountId}|${r.date}`)).size).toBe(d.usage.length);
    expect(new Set(d.revenue.map((r) => `${r.accountId}|${r.month}`)).size).toBe(d.revenue.length);
    for (const name of PER_ACCOUNT) {
      for (const r of d[name] as { accountId: string }[]) expect(accountIds.has(r.accountId)).toBe(true);
    }
    const userIds = new Set(d.users.map((u) => u.id));
    for (const s of d.surveys) if (s.userId !== undefined) expect(userIds.has(s.userId)).toBe(true);
    expect(new Set(d.accounts.map((a) => a.name)).size).toBe(d.accounts.length);
    const domains = d.accounts.flatMap((a) => a.domains);
    expect(new Set(domains).size).toBe(domains.length);
  });

  it('has the catalogue: plans in tiers with seat limits, features and a journey with one first-value step', () => {
    expect(d.currency).toBe('USD');
    expect(d.plans.map((p) => p.tier)).toEqual([1, 2, 3, 4]);
    expect(d.plans.filter((p) => p.seatLimit !== undefined).length).toBeGreaterThanOrEqual(3);
    const keys = new Set(d.features.map((f) => f.key));
    expect(keys.size).toBe(8);
    for (const p of d.plans) for (const f of p.features) expect(keys.has(f)).toBe(true);
    expect(d.milestones).toHaveLength(5);
    expect(d.milestones.filter((m) => m.firstValue)).toHaveLength(1);
  });

  it('gives every account domains, CRM ids, a segment, a plan and an owner', () => {
    for (const a of d.accounts) {
      expect(a.domains.length).toBeGreaterThan(0);
      expect(a.crm.hubspotCompanyId).toMatch(/^\d{6,}$/);
      expect(a.crm.zendeskOrganizationId).toMatch(/^\d{6,}$/);
      expect(a.crm.salesforceAccountId).toMatch(/^001[A-Za-z0-9]{15}$/);
      expect(checksumOk(a.crm.salesforceAccountId!), a.crm.salesforceAccountId).toBe(true);
      expect(d.plans.some((p) => p.id === a.planId)).toBe(true);
      expect(DEMO_OWNERS).toContain(a.owner);
      if (a.seats !== undefined) {
        const limit = d.plans.find((p) => p.id === a.planId)!.seatLimit;
        if (limit !== undefined) expect(a.seats).toBeLessThanOrEqual(limit);
      }
    }
    expect(new Set(d.accounts.map((a) => a.segment))).toEqual(new Set(['smb', 'mid-market', 'enterprise']));
    const owners = new Set(d.accounts.map((a) => a.owner));
    expect(owners.size).toBeGreaterThanOrEqual(5);
    expect(owners.size).toBeLessThanOrEqual(8);
    for (const o of owners) expect(o).toMatch(/^[a-z]+\.[a-z]+@healthbar-demo\.com$/);
    for (const s of ['hubspotCompanyId', 'salesforceAccountId', 'zendeskOrganizationId'] as const) {
      const ids = d.accounts.map((a) => a.crm[s]!);
      expect(new Set(ids).size, s).toBe(ids.length);
    }
    // Salesforce ids are case-sensitive; their 18-character form is unique even ignoring case.
    const sf18 = d.accounts.map((a) => a.crm.salesforceAccountId!.toLowerCase());
    expect(new Set(sf18).size).toBe(sf18.length);
  });

  it('computes the Salesforce checksum like Salesforce', () => {
    expect(salesforceSuffix('001A0000006Vm9r')).toBe('IAC');
    expect(salesforceSuffix('0015g00000Nw7Tr')).toBe('AAJ');
    for (const f of FIXTURE_ACCOUNTS) {
      expect(salesforceSuffix(f.crm.salesforceAccountId.slice(0, 15))).toBe(
        f.crm.salesforceAccountId.slice(15),
      );
    }
  });

  it('starts with the CRM fixture accounts, with their names, domains and CRM ids, and varied patterns', () => {
    FIXTURE_ACCOUNTS.forEach((f, i) => {
      const a = d.accounts[i];
      expect(a.id).toBe(f.id);
      expect(a.name).toBe(f.name);
      expect(a.domains).toEqual(f.domains);
      expect(a.crm).toEqual(f.crm);
      expect(patterns[i]).toBe(FIXTURE_PATTERNS[i % FIXTURE_PATTERNS.length]);
    });
    expect(new Set(patterns.slice(0, FIXTURE_ACCOUNTS.length)).size).toBe(FIXTURE_ACCOUNTS.length);
    // The fixture accounts do not depend on the seed (the demo shows the same stories).
    const other = generateDataset({ accounts: FIXTURE_ACCOUNTS.length, seed: 999, asOf: AS_OF });
    expect(other.accounts).toEqual(d.accounts.slice(0, FIXTURE_ACCOUNTS.length));
  });

  it('spreads the patterns over the accounts roughly by their shares', () => {
    const counts = new Map<Pattern, number>();
    const mine = generatePatterns({ accounts: 3000, seed: 4, asOf: AS_OF }).slice(FIXTURE_ACCOUNTS.length);
    for (const p of mine) counts.set(p, (counts.get(p) ?? 0) + 1);
    const total = Object.values(PATTERN_SHARES).reduce((s, x) => s + x, 0);
    for (const [p, share] of Object.entries(PATTERN_SHARES) as [Pattern, number][]) {
      expect(Math.abs((counts.get(p) ?? 0) / mine.length - share / total), p).toBeLessThan(0.025);
    }
  });

  it('has 400 days of usage ending asOf with consistent counts and a weekly rhythm', () => {
    const first = addDays(AS_OF, -399);
    let weekday = 0;
    let weekend = 0;
    for (const r of d.usage) {
      expect(r.date >= first && r.date <= AS_OF).toBe(true);
      expect(r.dau).toBeLessThanOrEqual(r.wau);
      expect(r.wau).toBeLessThanOrEqual(r.mau);
      const dow = new Date(`${r.date}T00:00:00Z`).getUTCDay();
      if (dow === 0 || dow === 6) weekend += r.dau;
      else weekday += r.dau;
    }
    // Per day, weekdays carry several times the weekend's use.
    expect(weekday / 5 / (weekend / 2)).toBeGreaterThan(2.5);
    const healthy = byPattern('healthy')[0];
    const rows = d.usage.filter((r) => r.accountId === healthy.id);
    expect(rows).toHaveLength(400);
    expect(rows[0].date).toBe(first);
    expect(rows[399].date).toBe(AS_OF);
  });

  it('has 28 months of revenue ending in asOf’s month; churned accounts end at 0, contracting ones shrink', () => {
    const old = byPattern('healthy').find((a) => a.startedOn! < '2024-07-01')!;
    const months = d.revenue.filter((r) => r.accountId === old.id).map((r) => r.month);
    expect(months).toHaveLength(28);
    expect(months[27]).toBe('2026-10');
    expect(months[0]).toBe('2024-07');
    const mrrAt = (id: string, month: string) =>
      d.revenue.find((r) => r.accountId === id && r.month === month)?.mrr ?? 0;
    for (const a of byPattern('churned')) {
      expect(mrrAt(a.id, '2026-10')).toBe(0);
      expect(d.revenue.some((r) => r.accountId === a.id && r.mrr > 0)).toBe(true);
    }
    for (const a of byPattern('contracting'))
      expect(mrrAt(a.id, '2026-10')).toBeLessThan(mrrAt(a.id, '2026-07'));
    for (const a of byPattern('reactivated')) {
      const rows = d.revenue.filter((r) => r.accountId === a.id).map((r) => r.mrr);
      const gap = rows.findIndex((m, i) => m === 0 && i > 0 && rows[i - 1] > 0);
      expect(gap).toBeGreaterThan(0);
      expect(rows[rows.length - 1]).toBeGreaterThan(0);
    }
  });

  it('has new accounts with acquisition costs and deals, renewals coming up and champions who left', () => {
    const yearAgo = addDays(AS_OF, -365);
    const fresh = d.accounts.filter((a) => a.startedOn! > yearAgo);
    expect(fresh.length).toBeGreaterThan(10);
    for (const a of fresh) {
      expect(a.acquisitionCost).toBeGreaterThan(0);
      expect(a.dealCreatedOn! < a.dealClosedOn!).toBe(true);
      expect(a.dealClosedOn! <= a.startedOn!).toBe(true);
    }
    const soon = addDays(AS_OF, 90);
    expect(d.accounts.filter((a) => a.renewsOn! > AS_OF && a.renewsOn! <= soon).length).toBeGreaterThan(20);
    const monthAgo = addDays(AS_OF, -30);
    const left = d.users.filter((u) => u.champion && u.lastSeenOn! < monthAgo);
    expect(left.length).toBeGreaterThan(10);
    for (const u of d.users) {
      if (u.firstSeenOn !== undefined) expect(u.firstSeenOn <= u.lastSeenOn!).toBe(true);
      for (const day of Object.values(u.features)) {
        expect(isCalendarDate(day)).toBe(true);
        expect(day <= u.lastSeenOn!).toBe(true);
      }
    }
  });

  it('has deals from a stream of their own: every other collection is byte-identical to before deals existed', () => {
    const { deals, ...rest } = generateDataset({ accounts: 60, seed: 42, asOf: AS_OF });
    // sha-256 of JSON.stringify of the dataset without deals, as generated before issue 32.
    expect(createHash('sha256').update(JSON.stringify(rest)).digest('hex')).toBe(
      '17c0d411422598490c4ac16ba9783576ca1b5d06ff4b981e8013737636c25467',
    );
    expect(deals?.length).toBeGreaterThan(60);
  });

  it("has realistic deals: won, lost and open ones in and out of the win-rate window, and the fixture pages' deals open", () => {
    const deals = d.deals ?? [];
    const D = dayNumberOf(AS_OF);
    const open = deals.filter((x) => x.closedOn === undefined);
    const closedYear = deals.filter((x) => x.closedOn !== undefined && dayNumberOf(x.closedOn) > D - 365);
    expect(open.length).toBeGreaterThan(20);
    expect(open.every((x) => x.createdOn <= AS_OF)).toBe(true);
    expect(
      deals.every((x) => x.closedOn === undefined || (x.closedOn <= AS_OF && x.createdOn <= x.closedOn)),
    ).toBe(true);
    const winRate = closedYear.filter((x) => x.won).length / closedYear.length;
    expect(winRate).toBeGreaterThan(0.2);
    expect(winRate).toBeLessThan(0.6);
    expect(deals.some((x) => x.closedOn !== undefined && dayNumberOf(x.closedOn) <= D - 365)).toBe(true);
    // The HubSpot deal and Salesforce opportunity fixture pages show deals of their accounts.
    const byName = new Map(d.accounts.map((a) => [a.id, a.name]));
    expect(byName.get(deals.find((x) => x.id === 'hubspot:18273645091')?.accountId ?? '')).toBe(
      'Wide World Importers',
    );
    expect(byName.get(deals.find((x) => x.id === 'salesforce:0068c00001Qr5TzAAJ')?.accountId ?? '')).toBe(
      'Fabrikam Robotics',
    );
    // Churned accounts have no open deal.
    const churned = new Set(d.accounts.filter((_, i) => patterns[i] === 'churned').map((a) => a.id));
    expect(
      open.filter(
        (x) =>
          churned.has(x.accountId) && !x.id.startsWith('hubspot:18') && !x.id.startsWith('salesforce:0068c'),
      ),
    ).toEqual([]);
  });

  it('has some active users using a feature of the next plan up, in the last 30 days (feature demand)', () => {
    const planOf = new Map(d.accounts.map((a) => [a.id, DEMO_PLANS.findIndex((p) => p.id === a.planId)]));
    const from = addDays(AS_OF, -29);
    const demanding = new Set<string>();
    for (const u of d.users) {
      const i = planOf.get(u.accountId) as number;
      for (const [f, day] of Object.entries(u.features)) {
        if (DEMO_PLANS[i].features.includes(f)) continue;
        // Only the next plan's features, used by a user active in the last 30 days, on a day in them.
        expect(DEMO_PLANS[i + 1].features).toContain(f);
        expect(u.lastSeenOn! >= from && day >= from && day <= u.lastSeenOn!).toBe(true);
        demanding.add(u.accountId);
      }
    }
    expect(demanding.size).toBeGreaterThan(d.accounts.length * 0.05);
    expect(demanding.size).toBeLessThan(d.accounts.length * 0.3);
  });

  it('has tickets and surveys that make sense as of asOf', () => {
    const cutoff = `${AS_OF}T23:00:00Z`;
    for (const t of d.tickets) {
      expect(t.openedAt <= cutoff).toBe(true);
      if (t.firstResponseAt)
        expect(t.firstResponseAt >= t.openedAt && t.firstResponseAt <= cutoff).toBe(true);
      if (t.solvedAt)
        expect(t.solvedAt >= (t.firstResponseAt ?? t.openedAt) && t.solvedAt <= cutoff).toBe(true);
      expect(t.status === 'solved' || t.status === 'closed').toBe(t.solvedAt !== undefined);
    }
    const nps = d.surveys.filter((s) => s.kind === 'nps');
    expect(nps.some((s) => s.score >= 9 && s.comment)).toBe(true);
    expect(nps.some((s) => s.score <= 6 && s.comment)).toBe(true);
    expect(d.surveys.some((s) => s.kind === 'csat')).toBe(true);
    for (const s of d.surveys) expect(s.respondedOn <= AS_OF).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('seed CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'healthbar-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const now = Date.parse('2026-11-01T05:00:00Z');

  it('parses flags and defaults --as-of to yesterday in UTC', () => {
    expect(parseSeedArgs(['--accounts', '10', '--seed', '3', '--out', 'x.json'], now)).toEqual({
      ok: true,
      args: { accounts: 10, seed: 3, asOf: '2026-10-31', out: 'x.json', format: 'json' },
    });
    expect(parseSeedArgs(['--accounts=20000', '--seed=-4', '--as-of=2025-02-28', '--out=demo'], now)).toEqual(
      {
        ok: true,
        args: { accounts: 20000, seed: -4, asOf: '2025-02-28', out: 'demo', format: 'csv' },
      },
    );
  });

  it.each([
    [['--seed', '1', '--out', 'x.json'], /--accounts is required/],
    [['--accounts', '10', '--out', 'x.json'], /--seed is required/],
    [['--accounts', '10', '--seed', '1'], /--out is required/],
    [['--accounts', 'ten', '--seed', '1', '--out', 'x'], /--accounts must be a whole number/],
    [['--accounts', '0', '--seed', '1', '--out', 'x'], /--accounts must be a whole number from 1/],
    [['--accounts', '50001', '--seed', '1', '--out', 'x'], /50,000/],
    [['--accounts', '10', '--seed', '1.5', '--out', 'x'], /--seed must be a whole number/],
    [['--accounts', '10', '--seed', '1', '--as-of', '2026-13-01', '--out', 'x'], /--as-of must be a date/],
    [['--accounts', '10', '--seed', '1', '--out'], /--out needs a value/],
    [['--accounts', '10', '--seed', '1', '--out', 'x', '--colour', 'red'], /unknown flag --colour/],
    [['--accounts', '6000', '--seed', '1', '--out', 'big.json'], /too many for one JSON file.*folder/],
  ])('refuses %j', async (argv, message) => {
    const parsed = parseSeedArgs(argv, now);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
    let err = '';
    const code = await main(argv, { stdout: () => {}, stderr: (s) => (err += s) }, now);
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });

  it('writes a JSON file and a CSV folder that read back as the generated dataset', async () => {
    const opts = { accounts: 25, seed: 8, asOf: AS_OF };
    const expected: Dataset = generateDataset(opts);
    const json = path.join(dir, 'sub', 'demo.json');
    let err = '';
    const io = { stdout: () => {}, stderr: (s: string) => (err += s) };
    const argv = ['--accounts', '25', '--seed', '8', '--as-of', AS_OF];
    expect(await main([...argv, '--out', json], io, now)).toBe(0);
    expect(err).toMatch(/^seed: wrote 25 accounts .* as JSON, .* in [\d.]+ s\n$/);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(expected)));
    const fromJson = await readDatasetPath(json);
    expect(fromJson.ok).toBe(true);
    if (fromJson.ok) {
      expect(fromJson.rejected).toEqual([]);
      expect(fromJson.replaced).toEqual([]);
      // A reader gives every collection; the optional ones the file leaves out read as empty.
      expect(fromJson.dataset).toEqual({ ...expected, tasks: [], sentiment: [] });
    }

    const csv = path.join(dir, 'csv');
    err = '';
    expect(await main([...argv, '--out', csv], io, now)).toBe(0);
    expect(err).toMatch(/as 11 CSV files/);
    expect(readdirSync(csv).sort()).toEqual(
      [
        'accounts',
        'dataset',
        'deals',
        'features',
        'milestones',
        'plans',
        'revenue',
        'surveys',
        'tickets',
        'usage',
        'users',
      ].map((n) => `${n}.csv`),
    );
    const fromCsv = await readDatasetPath(csv);
    expect(fromCsv.ok).toBe(true);
    if (fromCsv.ok) {
      expect(fromCsv.rejected).toEqual([]);
      const { generatedAt: _notInCsv, ...rest } = expected;
      expect(fromCsv.dataset).toEqual({ ...rest, tasks: [], sentiment: [] });
    }
  });

  it('refuses a CSV folder that is a file, and a JSON path that is a folder', async () => {
    const file = path.join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    const folder = path.join(dir, 'folder.json');
    mkdirSync(folder);
    let err = '';
    const io = { stdout: () => {}, stderr: (s: string) => (err += s) };
    expect(await main(['--accounts', '3', '--seed', '1', '--out', file], io, now)).toBe(1);
    expect(err).toMatch(/is a file/);
    err = '';
    expect(await main(['--accounts', '3', '--seed', '1', '--out', folder], io, now)).toBe(1);
    expect(err).toMatch(/is a folder/);
  });
});
