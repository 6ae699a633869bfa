import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  dateOfDay,
  dayNumber,
  dayOfMs,
  firstDayOfMonth,
  inTwelveMonthsEnding,
  isDate,
  lastDayOfMonth,
  monthNumber,
  monthOfDay,
  monthString,
  timestampMs,
  twelveMonthsStart,
} from './dates';

describe('day numbers', () => {
  it('matches Date.UTC for years from 100 on', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(dayNumber(s)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
          expect(dateOfDay(dayNumber(s))).toBe(s);
        },
      ),
    );
  });
  it('handles years below 100 (where Date.UTC would add 1900)', () => {
    expect(dateOfDay(dayNumber('0050-03-01') - 1)).toBe('0050-02-28');
    expect(dayNumber('0050-01-01')).toBe(Date.parse('0050-01-01T00:00:00Z') / 86_400_000);
  });
  it('rejects non-dates', () => {
    expect(() => dayNumber('2026-02-29')).toThrow('not a calendar date: 2026-02-29');
    expect(() => dayNumber('2026-2-01')).toThrow('not a date YYYY-MM-DD: 2026-2-01');
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2023-02-29')).toBe(false);
    expect(isDate(20240229)).toBe(false);
  });
  it('steps over month ends and leap days', () => {
    expect(dateOfDay(dayNumber('2024-02-28') + 1)).toBe('2024-02-29');
    expect(dateOfDay(dayNumber('2023-02-28') + 1)).toBe('2023-03-01');
    expect(dateOfDay(dayNumber('2100-02-28') + 1)).toBe('2100-03-01');
    expect(dateOfDay(dayNumber('2000-02-28') + 1)).toBe('2000-02-29');
    expect(dateOfDay(dayNumber('2026-12-31') + 1)).toBe('2027-01-01');
  });
});

describe('months', () => {
  it('month numbers and strings', () => {
    expect(monthNumber('2026-01') - monthNumber('2025-12')).toBe(1);
    expect(monthString(monthNumber('2026-10') - 12)).toBe('2025-10');
    expect(monthString(monthNumber('2026-01') - 1)).toBe('2025-12');
    expect(monthString(monthOfDay(dayNumber('2024-02-29')))).toBe('2024-02');
    expect(() => monthNumber('2026-13')).toThrow('not a month YYYY-MM: 2026-13');
  });
  it('first and last day of a month', () => {
    expect(dateOfDay(lastDayOfMonth(monthNumber('2024-02')))).toBe('2024-02-29');
    expect(dateOfDay(lastDayOfMonth(monthNumber('2025-02')))).toBe('2025-02-28');
    expect(dateOfDay(lastDayOfMonth(monthNumber('2026-12')))).toBe('2026-12-31');
    expect(dateOfDay(firstDayOfMonth(monthNumber('2026-03')))).toBe('2026-03-01');
  });
  it('adds months clamped to the month end', () => {
    expect(dateOfDay(addMonthsClamped(dayNumber('2024-03-31'), -1))).toBe('2024-02-29');
    expect(dateOfDay(addMonthsClamped(dayNumber('2024-02-29'), -12))).toBe('2023-02-28');
    expect(dateOfDay(addMonthsClamped(dayNumber('2026-01-15'), -12))).toBe('2025-01-15');
  });
});

describe('the 12 months ending D', () => {
  it('starts the day after the same calendar day a year earlier, clamped', () => {
    expect(dateOfDay(twelveMonthsStart(dayNumber('2025-02-28')))).toBe('2024-02-29');
    expect(dateOfDay(twelveMonthsStart(dayNumber('2026-01-15')))).toBe('2025-01-16');
    expect(dateOfDay(twelveMonthsStart(dayNumber('2024-02-29')))).toBe('2023-03-01');
    expect(dateOfDay(twelveMonthsStart(dayNumber('2026-10-31')))).toBe('2025-11-01');
    expect(dateOfDay(twelveMonthsStart(dayNumber('2025-03-01')))).toBe('2024-03-02');
  });
  it('includes D and excludes the day a year earlier', () => {
    const d = dayNumber('2026-01-15');
    expect(inTwelveMonthsEnding(dayNumber('2026-01-15'), d)).toBe(true);
    expect(inTwelveMonthsEnding(dayNumber('2025-01-16'), d)).toBe(true);
    expect(inTwelveMonthsEnding(dayNumber('2025-01-15'), d)).toBe(false);
    expect(inTwelveMonthsEnding(dayNumber('2026-01-16'), d)).toBe(false);
  });
});

describe('timestamps', () => {
  it('reads UTC milliseconds and the UTC day', () => {
    expect(timestampMs('2026-10-31T23:59:59.999Z')).toBe(Date.UTC(2026, 9, 31, 23, 59, 59, 999));
    expect(dateOfDay(dayOfMs(timestampMs('2026-10-31T23:59:59Z')))).toBe('2026-10-31');
    expect(dateOfDay(dayOfMs(timestampMs('1969-12-31T23:00Z')))).toBe('1969-12-31');
    expect(() => timestampMs('yesterday')).toThrow('not a timestamp: yesterday');
  });

  it('gives what Date.parse gives, in the common shapes and near them', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    const shape = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.option(fc.integer({ min: 0, max: 999 })),
      )
      .map(
        ([y, mo, d, h, mi, s, ms]) =>
          `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}` +
          `${ms === null ? '' : `.${String(ms).padStart(3, '0')}`}Z`,
      );
    fc.assert(
      fc.property(shape, (ts) => {
        const parsed = Date.parse(ts);
        if (Number.isFinite(parsed)) expect(timestampMs(ts)).toBe(parsed);
        else expect(() => timestampMs(ts)).toThrow('not a timestamp');
      }),
      { numRuns: 3000 },
    );
    for (const ts of [
      '2024-02-29T00:00:00Z',
      '2026-02-29T12:00:00Z',
      '2026-10-31T24:00:00Z',
      '0050-06-01T01:02:03.004Z',
    ])
      expect(Number.isFinite(Date.parse(ts)) ? timestampMs(ts) : 'throws').toBe(
        Number.isFinite(Date.parse(ts)) ? Date.parse(ts) : 'throws',
      );
  });
});
