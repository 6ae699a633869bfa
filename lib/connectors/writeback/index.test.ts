import { describe, expect, it } from 'vitest';
import { clipDriver, planWrites, sameValue } from './index';

describe('write-back: what differs from what the CRM returned', () => {
  it.each([
    ['72', 72, true],
    ['72.0', 72, true],
    [' 72 ', 72, true],
    ['71', 72, false],
    ['', 72, false],
    [null, 72, false],
    ['yellow', 'yellow', true],
    ['Yellow', 'yellow', false],
    [null, null, true],
    ['', null, true],
    ['old driver', null, false],
  ] as const)('CRM %j, wanted %j → same: %s', (current, want, same) => {
    expect(sameValue(current, want)).toBe(same);
  });

  it('plans one write per changed record with only the changed targets; unknown records and repeats are skipped', () => {
    const targets = { score: 'hb_score', band: 'hb_band', driver: 'hb_driver' };
    const want = (score: number | null, band: string | null, driver: string | null) => ({
      score,
      band,
      driver,
    });
    const plan = planWrites(
      [
        { crmId: '3', want: want(72, 'yellow', 'seat utilisation 40%') },
        { crmId: '1', want: want(80, 'green', 'NPS 60') },
        { crmId: '2', want: want(null, null, null) },
        { crmId: '9', want: want(10, 'red', 'x') },
        { crmId: null, want: want(10, 'red', 'x') },
        { crmId: '3', want: want(1, 'red', 'y') },
      ],
      targets,
      {
        '1': { hb_score: '80', hb_band: 'green', hb_driver: 'NPS 60' },
        '2': { hb_score: '55', hb_band: 'yellow', hb_driver: '' },
        '3': { hb_score: '72', hb_band: 'red', hb_driver: null },
      },
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.writes).toEqual([
      { id: '2', values: { hb_score: null, hb_band: null } },
      { id: '3', values: { hb_band: 'yellow', hb_driver: 'seat utilisation 40%' } },
    ]);
  });

  it('only the targets the config names are compared and written', () => {
    const plan = planWrites(
      [{ crmId: '1', want: { score: 50, band: 'red', driver: 'd' } }],
      { band: 'hb_band' },
      { '1': { hb_band: 'yellow' } },
    );
    expect(plan.writes).toEqual([{ id: '1', values: { hb_band: 'red' } }]);
  });

  it('a driver is clipped to 255 characters (code points)', () => {
    expect(Array.from(clipDriver('é'.repeat(300)))).toHaveLength(255);
    expect(clipDriver('😀'.repeat(256))).toBe('😀'.repeat(255));
    expect(clipDriver('short')).toBe('short');
  });
});
