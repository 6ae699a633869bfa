import { describe, expect, it } from 'vitest';
import { exactMoney, fromMajor, minorUnitExponent, money, plainMoney, toMajor } from './money';

describe('money by its currency (ISO 4217 minor units)', () => {
  it('knows the exponent of zero-, two-, three- and four-decimal currencies, whatever Intl says', () => {
    expect(['jpy', 'USD', 'KWD', 'CLF'].map(minorUnitExponent)).toEqual([0, 2, 3, 4]);
    // CLDR prints IQD and COP without decimals; ISO 4217 (and so the dataset) has 3 and 2.
    expect([minorUnitExponent('IQD'), minorUnitExponent('COP')]).toEqual([3, 2]);
    expect([toMajor(29400, 'JPY'), toMajor(29400, 'USD'), toMajor(29400, 'KWD')]).toEqual([29400, 294, 29.4]);
    expect([fromMajor(1.5, 'KWD'), fromMajor(12.34, 'USD'), fromMajor(7, 'JPY')]).toEqual([1500, 1234, 7]);
  });

  it('writes evidence money without a locale', () => {
    expect(plainMoney(29400, 'USD')).toBe('294.00 USD');
    expect(plainMoney(29400, 'JPY')).toBe('29400 JPY');
    expect(plainMoney(29400, 'KWD')).toBe('29.400 KWD');
  });

  it('writes money for people in their locale, and to the minor unit for the CLI', () => {
    expect(money(1234500, 'USD', 'en-US')).toBe('$12,345');
    expect(money(1234, 'USD', 'en-US')).toBe('$12.34');
    expect(money(29400, 'JPY', 'en-US')).toBe('¥29,400');
    expect(money(29400, 'KWD', 'en-US').replace(/\s/g, ' ')).toBe('KWD 29.400');
    expect(money(123456, 'IQD', 'en-US').replace(/\s/g, ' ')).toBe('IQD 123');
    expect(money(null, 'USD')).toBe('—');
    expect(exactMoney('KWD')(123456).replace(/\s/g, ' ')).toBe('KWD 123.456');
    expect(exactMoney('IQD')(123456).replace(/\s/g, ' ')).toBe('IQD 123.456');
  });
});
