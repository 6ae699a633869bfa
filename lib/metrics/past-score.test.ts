/**
 * `pastScore` (delta30 and the weekly health trend) is written without an object per call. It must
 * give the very number the composed definition gives: `usageAt`, `surveysAt` and `ticketsAt` as of
 * the day, `components`, then `scoreOf` (what `judgeAt` computes for a day's own score).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pastScore } from './account';
import { journeyAt } from './adoption';
import { arbAsOf, arbDataset, arbSentiment, withDuplicates } from './arbitraries';
import { dayNumber } from './dates';
import { finiteOrNull } from './exact';
import { components, scoreOf } from './health';
import { buildIndex } from './indexing';
import { sentimentAt, sentimentComponent } from './sentiment';
import { parseSettings } from './settings';
import { surveysAt, ticketsAt } from './support';
import { usageAt } from './usage';

describe('pastScore', () => {
  it('equals scoreOf(components(…)) of the same day, bit for bit, on random datasets', () => {
    fc.assert(
      fc.property(
        arbDataset,
        arbSentiment,
        arbAsOf,
        fc.constantFrom(0, 25),
        fc.constantFrom(null, 0, 0.4, 1),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (ds0, entries, asOf, w, breadth, tracked, seed) => {
          const ds = withDuplicates({ ...ds0, sentiment: entries }, seed);
          const set = parseSettings({ weights: { sentiment: w } });
          if (!set.ok) throw new Error(set.error);
          const s = set.settings;
          const ix = buildIndex(ds);
          const d = dayNumber(asOf);
          for (const ax of ix.accounts) {
            for (const x of [d, d - 7, d - 30, d - 77]) {
              const u = usageAt(ix, ax, x);
              const sv = surveysAt(ax, x, s.detractorDays);
              const t = ticketsAt(ax, x, false);
              const expected = finiteOrNull(
                scoreOf(
                  components(
                    {
                      seatUtilization: u.seatUtilization,
                      stickiness: u.stickiness,
                      featureBreadth: breadth,
                      journeyCompletion: journeyAt(ix, ax, x),
                      nps: sv.nps,
                      csat: sv.csat,
                      openUrgent: tracked ? t.openUrgent : null,
                      tickets30: tracked ? t.tickets30 : null,
                      usageChange: u.usageChange,
                      sentiment: sentimentComponent(sentimentAt(ax.sentiment, x)),
                    },
                    s,
                  ),
                  s,
                ),
              );
              expect(pastScore(ix, ax, x, breadth, s, tracked)).toBe(expected);
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
