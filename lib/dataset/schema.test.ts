import { describe, expect, it } from 'vitest';
import {
  accountSchema,
  isCalendarDate,
  recordKey,
  surveySchema,
  timestampSchema,
  usageSchema,
} from './schema';

describe('isCalendarDate', () => {
  it.each([
    ['2026-10-31', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-01', false],
    ['2026-10-31T00:00:00Z', false],
  ])('%s → %s', (s, ok) => expect(isCalendarDate(s)).toBe(ok));
});

describe('timestamps', () => {
  it('accepts UTC ISO-8601 with Z, with or without seconds and fractions', () => {
    for (const t of ['2026-10-31T23:00:00Z', '2026-10-31T23:00Z', '2026-10-31T23:00:00.123Z']) {
      expect(timestampSchema.safeParse(t).success).toBe(true);
    }
  });
  it('refuses offsets, impossible days and local times', () => {
    for (const t of [
      '2026-10-31T23:00:00+01:00',
      '2026-02-30T10:00:00Z',
      '2026-10-31 23:00:00',
      '2026-10-31T24:00:00Z',
    ]) {
      expect(timestampSchema.safeParse(t).success).toBe(false);
    }
  });
});

describe('record schemas', () => {
  const account = {
    id: 'a1',
    name: 'Acme',
    domains: ['acme.com'],
    crm: { hubspotCompanyId: '2', salesforceAccountId: null },
    seats: null,
    updatedAt: '2026-10-31T23:00:00Z',
    somethingNew: { ignored: true },
  };
  it('normalises null optionals to absent and strips unknown fields', () => {
    const r = accountSchema.parse(account);
    expect(r.seats).toBeUndefined();
    expect(r.crm.salesforceAccountId).toBeUndefined();
    expect('somethingNew' in r).toBe(false);
  });
  it('rejects a missing required field and a wrong type', () => {
    expect(accountSchema.safeParse({ ...account, domains: undefined }).success).toBe(false);
    expect(accountSchema.safeParse({ ...account, seats: '10' }).success).toBe(false);
  });
  it('accepts 15- and 18-character Salesforce ids only', () => {
    expect(
      accountSchema.safeParse({ ...account, crm: { salesforceAccountId: '001Dn00000AbCdE' } }).success,
    ).toBe(true);
    expect(
      accountSchema.safeParse({ ...account, crm: { salesforceAccountId: '001Dn00000AbCdEIAX' } }).success,
    ).toBe(true);
    expect(
      accountSchema.safeParse({ ...account, crm: { salesforceAccountId: '001Dn00000AbCd' } }).success,
    ).toBe(false);
  });
  it('checks a survey score against its kind', () => {
    const s = { id: 's1', accountId: 'a1', respondedOn: '2026-10-01', kind: 'nps', score: 10 };
    expect(surveySchema.safeParse(s).success).toBe(true);
    expect(surveySchema.safeParse({ ...s, kind: 'csat' }).success).toBe(false);
    expect(surveySchema.safeParse({ ...s, kind: 'csat', score: 0 }).success).toBe(false);
    expect(surveySchema.safeParse({ ...s, score: 7.5 }).success).toBe(false);
  });
  it('rejects negative and fractional usage counts', () => {
    const u = { accountId: 'a1', date: '2026-10-31', dau: 3, wau: 5, mau: 9, minutes: 12.5, sessions: 4 };
    expect(usageSchema.safeParse(u).success).toBe(true);
    expect(usageSchema.safeParse({ ...u, dau: -1 }).success).toBe(false);
    expect(usageSchema.safeParse({ ...u, wau: 1.5 }).success).toBe(false);
  });
});

describe('recordKey', () => {
  it('keys keyed collections by their key fields and the rest by id or key', () => {
    expect(
      recordKey('usage', {
        accountId: 'a',
        date: '2026-01-01',
        dau: 0,
        wau: 0,
        mau: 0,
        minutes: 0,
        sessions: 0,
      }),
    ).toBe('a\u00002026-01-01');
    expect(recordKey('revenue', { accountId: 'a', month: '2026-01', mrr: 0 })).toBe('a\u00002026-01');
    expect(recordKey('features', { key: 'reports', name: 'Reports' })).toBe('reports');
  });
});
