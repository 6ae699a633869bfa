import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from './settings';

describe('parseSettings', () => {
  it('gives the documented defaults for an empty object or undefined', () => {
    const r = parseSettings({});
    expect(r).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(parseSettings(undefined)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(DEFAULT_SETTINGS.weights).toEqual({
      engagement: 35,
      adoption: 20,
      satisfaction: 20,
      support: 10,
      trend: 15,
      sentiment: 0,
    });
    expect(DEFAULT_SETTINGS.bands).toEqual({ redMax: 50, yellowMax: 75 });
    expect(DEFAULT_SETTINGS.support).toEqual({ perUrgent: 15, perTicketOver: 5, freeTickets: 2 });
    expect(DEFAULT_SETTINGS.engagementSplit).toEqual({ seatUtilization: 0.6, stickiness: 0.4 });
  });
  it('deep-merges a subset over the defaults', () => {
    const r = parseSettings({ weights: { trend: 0 }, bands: { yellowMax: 80 }, grossMargin: 0.8 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.weights).toEqual({
      engagement: 35,
      adoption: 20,
      satisfaction: 20,
      support: 10,
      trend: 0,
      sentiment: 0,
    });
    expect(r.settings.bands).toEqual({ redMax: 50, yellowMax: 80 });
    expect(r.settings.grossMargin).toBe(0.8);
    expect(r.settings.renewalDays).toBe(90);
    expect(DEFAULT_SETTINGS.weights.trend).toBe(15); // defaults untouched
  });
  it('names unknown keys at any depth', () => {
    expect(parseSettings({ weight: { trend: 1 } })).toEqual({ ok: false, error: 'unknown setting "weight"' });
    expect(parseSettings({ weights: { trends: 1 } })).toEqual({
      ok: false,
      error: 'unknown setting "weights.trends"',
    });
  });
  it('rejects invalid values with the setting named', () => {
    expect(parseSettings({ weights: { trend: -1 } })).toEqual({
      ok: false,
      error: 'setting "weights.trend": must be ≥ 0',
    });
    expect(parseSettings({ weights: { trend: Number.POSITIVE_INFINITY } }).ok).toBe(false);
    expect(parseSettings({ bands: { redMax: 75 } })).toEqual({
      ok: false,
      error: 'setting "bands": redMax must be below yellowMax',
    });
    expect(parseSettings({ grossMargin: null })).toEqual({
      ok: false,
      error: 'setting "grossMargin": must be a number',
    });
    expect(parseSettings({ grossMargin: 1.5 })).toEqual({
      ok: false,
      error: 'setting "grossMargin": must be ≤ 1',
    });
    expect(parseSettings({ weights: 3 })).toEqual({
      ok: false,
      error: 'setting "weights": must be an object',
    });
    expect(parseSettings({ renewalDays: 1.5 })).toEqual({
      ok: false,
      error: 'setting "renewalDays": must be a whole number',
    });
    expect(parseSettings({ stickinessTarget: 0 })).toEqual({
      ok: false,
      error: 'setting "stickinessTarget": must be > 0',
    });
    expect(
      parseSettings({ weights: { engagement: 0, adoption: 0, satisfaction: 0, support: 0, trend: 0 } }),
    ).toEqual({
      ok: false,
      error: 'setting "weights": must not all be 0',
    });
    expect(parseSettings([1])).toEqual({ ok: false, error: 'settings must be a JSON object' });
    expect(parseSettings('x')).toEqual({ ok: false, error: 'settings must be a JSON object' });
  });
  it('takes weights.sentiment (METRICS.md "sentiment component"): default 0, deep-merged, ≥ 0', () => {
    expect(DEFAULT_SETTINGS.weights.sentiment).toBe(0);
    const r = parseSettings({ weights: { sentiment: 10 } });
    expect(r.ok && r.settings.weights).toEqual({
      engagement: 35,
      adoption: 20,
      satisfaction: 20,
      support: 10,
      trend: 15,
      sentiment: 10,
    });
    expect(parseSettings({ weights: { sentiment: -5 } })).toEqual({
      ok: false,
      error: 'setting "weights.sentiment": must be ≥ 0',
    });
    expect(parseSettings({ weights: { sentiment: '10' } })).toEqual({
      ok: false,
      error: 'setting "weights.sentiment": must be a number',
    });
    expect(parseSettings({ weights: { sentiment: Number.NaN } }).ok).toBe(false);
    // Sentiment alone may carry the score; every weight 0, sentiment included, may not.
    const alone = { engagement: 0, adoption: 0, satisfaction: 0, support: 0, trend: 0 };
    expect(parseSettings({ weights: { ...alone, sentiment: 1 } }).ok).toBe(true);
    expect(parseSettings({ weights: { ...alone, sentiment: 0 } })).toEqual({
      ok: false,
      error: 'setting "weights": must not all be 0',
    });
  });
});
