import { describe, expect, it } from 'vitest';
import { ago, day, daysFromNow, hours, localeDay, money, pct, signed } from './format';

describe('format', () => {
  it('formats minor units in the dataset currency', () => {
    expect(money(1234500, 'USD')).toBe('$12,345');
    expect(money(4599, 'USD')).toBe('$45.99');
    expect(money(1234500, 'EUR', 'de-DE')).toBe('12.345\u00a0€');
    expect(money(150000, 'JPY')).toBe('¥150,000');
    expect(money(123456789, 'USD', 'en-US', true)).toBe('$1.2M');
    expect(money(null, 'USD')).toBe('—');
  });
  it('formats ratios, signed changes, dates and durations', () => {
    expect(pct(1.054)).toBe('105.4%');
    expect(pct(null)).toBe('—');
    expect(signed(4.25)).toBe('+4.3');
    expect(signed(-3)).toBe('−3');
    expect(signed(0)).toBe('0');
    expect(day('2026-10-31')).toBe('31 Oct 2026');
    expect(day('2026-10-31', true)).toBe('31 Oct');
    expect(daysFromNow(45)).toBe('in 45 days');
    expect(daysFromNow(-2)).toBe('2 days ago');
    expect(hours(2.5)).toBe('2.5 h');
    expect(hours(72)).toBe('3 days');
    expect(ago('2026-11-01T07:55:00Z', new Date('2026-11-01T08:00:00Z'))).toBe('5 min ago');
    expect(ago(undefined, new Date())).toBe('never');
  });
});

describe('localeDay', () => {
  it('writes a UTC calendar date in the locale, whatever the time zone', () => {
    expect(localeDay('2026-10-31', 'en-GB')).toBe('31 Oct 2026');
    expect(localeDay('2026-10-31', 'en-US')).toBe('Oct 31, 2026');
    expect(localeDay('2026-01-01', 'en-US', true)).toBe('January 1, 2026');
    expect(localeDay('0099-03-01', 'en-GB')).toBe('1 Mar 99');
    expect(localeDay(null)).toBe('—');
  });
});
