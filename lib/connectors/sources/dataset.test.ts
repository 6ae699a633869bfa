import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { runIngest } from '../ingest';
import { SourceError } from '../types';
import { SOURCES } from './index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-dataset-source-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hand = {
  schemaVersion: 1,
  currency: 'EUR',
  plans: [{ id: 'team', name: 'Team (from the dataset)', tier: 1, features: ['reports'] }],
  features: [{ key: 'reports', name: 'Reports' }],
  accounts: [
    {
      id: 'acme',
      name: 'Acme',
      domains: ['WWW.Acme.com'],
      crm: { hubspotCompanyId: '101' },
      owner: 'maria@us.example',
      acquisitionCost: 100000,
      updatedAt: '2026-01-01T00:00:00Z',
    },
    { id: 'acme-eu', name: 'Acme Europe', domains: ['acme.com'], crm: {}, updatedAt: '2026-01-01T00:00:00Z' },
    { id: 'bad', name: 'Bad', domains: 'nope', crm: {}, updatedAt: '2026-01-01T00:00:00Z' },
  ],
  revenue: [
    { accountId: 'acme', month: '2026-10', mrr: 1001 },
    { accountId: 'ghost', month: '2026-10', mrr: 5 },
  ],
  usage: [{ accountId: 'acme', date: '2026-11-15', dau: 2, wau: 3, mau: 4, minutes: 10, sessions: 2 }],
};

async function run(sources: unknown[], rates: Record<string, number> = { EUR: 1.08 }) {
  const config = parseConfig(
    { currency: 'USD', rates, plans: [{ id: 'team', name: 'Team', tier: 1, features: [] }], sources },
    { env: {}, configDir: dir, registry: SOURCES },
  );
  return runIngest(config, { asOf: '2026-11-15', generatedAt: '2026-11-16T00:00:00Z' });
}

describe('dataset source', () => {
  it('reads a dataset through the dataset reader: accounts kept by id, rows attached, money converted', async () => {
    await writeFile(join(dir, 'hand.json'), JSON.stringify(hand));
    const r = await run([{ type: 'dataset', path: 'hand.json' }]);
    // Two accounts of one dataset never match each other by domain, even when they share one.
    expect(r.dataset.accounts.map((a) => [a.id, a.domains, a.acquisitionCost])).toEqual([
      ['acme', ['acme.com'], 108000],
      ['acme-eu', ['acme.com'], undefined],
    ]);
    expect(r.dataset.revenue).toEqual([{ accountId: 'acme', month: '2026-10', mrr: 1081 }]); // 10.01 EUR × 1.08 = 10.8108 USD
    expect(r.dataset.usage).toHaveLength(1);
    expect(r.dataset.plans.map((p) => p.name)).toEqual(['Team']); // the config's plan wins
    expect(r.dataset.features.map((f) => f.key)).toEqual(['reports']);
    expect(r.report.sources[0]).toMatchObject({
      name: 'dataset',
      read: 6,
      attached: 4,
      leftOut: { invalid: 1, unmatched: 1 },
      examples: {
        unmatched: [
          {
            sourceId: 'ghost 2026-10',
            why: 'account id "ghost" names no account; no company domain to match',
          },
        ],
      },
    });
  });

  it('deals of a hand-kept dataset: amounts converted, attached to their accounts; no rate → left out', async () => {
    const deal = {
      id: 'crm:1',
      accountId: 'acme',
      amount: 1001,
      stage: 'won',
      createdOn: '2026-10-01',
      closedOn: '2026-10-20',
      won: true,
    };
    await writeFile(join(dir, 'deals.json'), JSON.stringify({ ...hand, deals: [deal] }));
    const r = await run([{ type: 'dataset', path: 'deals.json' }]);
    expect(r.dataset.deals).toEqual([{ ...deal, amount: 1081 }]);
    expect(r.report.sources[0]).toMatchObject({ read: 7, attached: 5 });
    const none = await run([{ type: 'dataset', path: 'deals.json' }], {});
    expect(none.dataset.deals).toBeUndefined();
    expect(none.report.sources[0].examples.unknownCurrency).toContainEqual({
      sourceId: 'crm:1',
      why: 'deals are in EUR, which has no rate in the config',
    });
  });

  it('a currency without a rate leaves the money out and reports it', async () => {
    await writeFile(join(dir, 'hand.json'), JSON.stringify(hand));
    const r = await run([{ type: 'dataset', path: 'hand.json' }], {});
    expect(r.dataset.revenue).toEqual([]);
    expect(r.dataset.accounts[0].acquisitionCost).toBeUndefined();
    expect(r.report.sources[0].leftOut.unknownCurrency).toBe(3);
  });

  it('a later source attaches by explicit id and domain; its rows follow', async () => {
    await writeFile(
      join(dir, 'base.json'),
      JSON.stringify({ schemaVersion: 1, currency: 'USD', accounts: [hand.accounts[0]] }),
    );
    await writeFile(
      join(dir, 'more.json'),
      JSON.stringify({
        schemaVersion: 1,
        currency: 'USD',
        accounts: [
          {
            id: 'acme',
            name: 'ACME Corp',
            domains: ['acme.io'],
            crm: { zendeskOrganizationId: '7' },
            segment: 'smb',
            updatedAt: '2026-01-01T00:00:00Z',
          },
        ],
        usage: [{ accountId: 'acme', date: '2026-11-14', dau: 1, wau: 1, mau: 1, minutes: 1, sessions: 1 }],
      }),
    );
    const r = await run([
      { type: 'dataset', path: join(dir, 'base.json') },
      { type: 'dataset', path: 'more.json', name: 'extra' },
    ]);
    expect(r.dataset.accounts).toHaveLength(1);
    expect(r.dataset.accounts[0]).toMatchObject({
      id: 'acme',
      name: 'Acme',
      segment: 'smb',
      domains: ['acme.com', 'acme.io'],
      crm: { hubspotCompanyId: '101', zendeskOrganizationId: '7' },
    });
    expect(r.dataset.usage.map((u) => u.date)).toEqual(['2026-11-14']);
    expect(r.report.sources.map((s) => s.name)).toEqual(['dataset', 'extra']);
    expect(r.report.sources[1]).toMatchObject({
      overridden: 1,
      overriddenExamples: [{ sourceId: 'acme', why: 'name: kept "Acme" from dataset, not "ACME Corp"' }],
    });
  });

  it('an unusable dataset fails the source with its name', async () => {
    await expect(run([{ type: 'dataset', path: 'missing.json' }])).rejects.toThrow(SourceError);
    await expect(run([{ type: 'dataset', path: 'missing.json' }])).rejects.toThrow(
      /^dataset: Cannot read .*missing\.json: no such file or folder/,
    );
  });
});
