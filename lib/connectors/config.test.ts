import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig } from './config';
import { companyEmailDomain, normaliseDomain, splitDomains } from './domains';
import { convertMinor, decimalFraction, minorUnitExponent, roundHalfAwayFromZero } from './money';
import type { SourceDefinition } from './types';

const fake: SourceDefinition = {
  type: 'fake',
  schema: z.object({ apiKey: z.string().min(1), apiBase: z.url().optional() }),
  async read() {
    return { read: 0, accounts: [], rows: [], leftOut: [] };
  },
};
const registry = new Map([['fake', fake]]);
const base = { currency: 'usd', rates: { eur: 1.08 }, sources: [{ type: 'fake', apiKey: 'env:KEY' }] };
const parse = (raw: unknown, env: Record<string, string> = { KEY: 'sk_test' }) =>
  parseConfig(raw, { env, configDir: '/cfg', registry });

describe('config', () => {
  it('reads env: secrets, names sources type, type#2, … and upper-cases currencies', () => {
    const c = parse({
      ...base,
      sources: [
        ...base.sources,
        { type: 'fake', apiKey: 'literal' },
        { type: 'fake', apiKey: 'x', name: 'eu' },
      ],
    });
    expect(c.currency).toBe('USD');
    expect([...c.rates]).toEqual([['EUR', 1.08]]);
    expect(c.sources.map((s) => [s.config.name, s.config.apiKey, s.config.timeoutMs])).toEqual([
      ['fake', 'sk_test', 30000],
      ['fake#2', 'literal', 30000],
      ['eu', 'x', 30000],
    ]);
  });

  it.each([
    [{ ...base }, {}, 'sources[0] (fake).apiKey: the environment variable KEY is not set.'],
    [
      { ...base, sources: [{ type: 'nope' }] },
      undefined,
      'sources[0].type "nope" is not a known source (known: fake)',
    ],
    [{ ...base, sources: [{ type: 'fake', apikey: 'x', apiKey: 'y' }] }, undefined, 'sources[0] (fake)'],
    [
      { ...base, sources: [{ type: 'fake', apiKey: 'y', apiBase: 'not a url' }] },
      undefined,
      'sources[0] (fake).apiBase',
    ],
    [{ ...base, currency: 'dollars' }, undefined, 'config.currency'],
    [{ ...base, rates: { EUR: -1 } }, undefined, 'config.rates.EUR: must be a positive number'],
    [{ ...base, sources: [] }, undefined, 'config.sources: must name at least one source'],
    [
      {
        ...base,
        sources: [
          { type: 'fake', apiKey: 'a' },
          { type: 'fake', apiKey: 'b', name: 'fake' },
        ],
      },
      undefined,
      'a second source is named "fake"',
    ],
  ])('rejects %j naming the entry', (raw, env, message) => {
    expect(() => parse(raw, env)).toThrow(ConfigError);
    expect(() => parse(raw, env)).toThrow(message);
  });
});

describe('money', () => {
  it('reads rates as the decimals they print as and converts exactly, rounding once', () => {
    expect(decimalFraction(1.08)).toEqual({ n: 108n, d: 100n });
    expect(decimalFraction(0.0066)).toEqual({ n: 66n, d: 10000n });
    expect(decimalFraction(1e-7)).toEqual({ n: 1n, d: 10000000n });
    expect(decimalFraction(2e21)).toEqual({ n: 2000000000000000000000n, d: 1n });
    expect([minorUnitExponent('jpy'), minorUnitExponent('USD'), minorUnitExponent('KWD')]).toEqual([0, 2, 3]);
    expect([
      roundHalfAwayFromZero(5n, 2n),
      roundHalfAwayFromZero(-5n, 2n),
      roundHalfAwayFromZero(7n, 3n),
    ]).toEqual([3n, -3n, 2n]);
    const rates = new Map([
      ['EUR', 1.1],
      ['KWD', 3.25],
      ['JPY', 0.0066],
    ]);
    // 0.1 + 0.2-style noise cannot appear: 1.1 × 15 = 16.5 exactly → 17 (float gives 16.500000000000004).
    expect(convertMinor(15, 'eur', 'USD', rates)).toBe(17);
    expect(convertMinor(1, 'KWD', 'USD', rates)).toBe(0); // 0.001 KWD = 0.00325 USD
    expect(convertMinor(1000, 'KWD', 'USD', rates)).toBe(325);
    expect(convertMinor(100, 'USD', 'JPY', new Map([['USD', 150]]))).toBe(150);
    expect(convertMinor(100, 'GBP', 'USD', rates)).toBeNull();
  });
});

describe('domains', () => {
  it('normalises, drops www. and free-mail, splits metadata lists', () => {
    expect(normaliseDomain('  WWW.Acme.COM ')).toBe('acme.com');
    expect(normaliseDomain('  ')).toBeNull();
    expect(companyEmailDomain('Jane@GMAIL.com')).toBeNull();
    expect(companyEmailDomain('jane@www.Acme.com')).toBe('acme.com');
    expect(companyEmailDomain('not an email')).toBeNull();
    expect(normaliseDomain('https://www.acme.com/about')).toBe('acme.com');
    for (const free of [
      'gmail.com',
      'proton.me',
      'gmx.de',
      'web.de',
      'yandex.ru',
      'mail.ru',
      'qq.com',
      '163.com',
    ]) {
      expect(companyEmailDomain(`a@${free}`)).toBeNull();
    }
    expect(splitDomains(' a.com ;; WWW.b.com;')).toEqual(['a.com', 'b.com']);
  });
});
