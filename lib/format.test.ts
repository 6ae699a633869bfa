import { describe, expect, it } from 'vitest';
import { ago, day, daysFromNow, hours, localeDay, money, pct, signed, tileMoney } from './format';

describe('format', () => {
  it('formats minor units in the dataset currency', () => {
    expect(money(1234500, 'USD')).toBe('$12,345');
    expect(money(4599, 'USD')).toBe('$45.99');
    expect(money(1234500, 'EUR', 'de-DE')).toBe('12.345\u00a0€');
    expect(money(150000, 'JPY')).toBe('¥150,000');
    expect(money(123456789, 'USD', 'en-US', true)).toBe('$1.2M');
    expect(money(null, 'USD')).toBe('—');
  });
  it('money on a KPI tile: whole below a million, compact from there with the exact figure apart', () => {
    expect(tileMoney(29695412345, 'USD')).toEqual({ text: '$297.0M', exact: '$296,954,123' });
    expect(tileMoney(356345000000, 'USD')).toEqual({ text: '$3.6B', exact: '$3,563,450,000' });
    expect(tileMoney(-150000000, 'USD')).toEqual({ text: '-$1.5M', exact: '-$1,500,000' });
    expect(tileMoney(99999900, 'USD')).toEqual({ text: '$999,999', exact: null });
    expect(tileMoney(100000000, 'USD')).toEqual({ text: '$1.0M', exact: '$1,000,000' });
    // The threshold is in major units: ¥1,000,000 is compact, KWD 999,999.999 is not.
    expect(tileMoney(1_000_000, 'JPY')).toEqual({ text: '¥1M', exact: '¥1,000,000' });
    expect(tileMoney(999_999_999, 'KWD').exact).toBeNull();
    expect(tileMoney(29695412345, 'EUR', 'de-DE')).toEqual({
      text: '297,0\u00a0Mio.\u00a0€',
      exact: '296.954.123\u00a0€',
    });
    expect(tileMoney(null, 'USD')).toEqual({ text: '—', exact: null });
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
