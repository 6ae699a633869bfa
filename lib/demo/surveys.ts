/**
 * An account's survey responses: quarterly NPS waves scored from its sentiment (promoters and a
 * forced detractor where the pattern asks), and the CSAT responses of its rated tickets.
 */
import type { Survey, User } from '../dataset/schema';
import { dateOfDay } from '../metrics/dates';
import type { Ctx } from './context';
import { activeOn, type Profile } from './profile';
import type { Rng } from './rng';
import type { CsatSeed } from './tickets';

// biome-ignore format: a word list reads better packed
const PROMOTER_COMMENTS = [
  'Love how quickly we can see which accounts need attention.', 'The dashboards are our Monday ritual now.',
  'Support is fast and friendly.', 'Saved my team hours every week.', 'Easy to roll out to the whole team.',
  'Forecasting alone paid for it.', 'Best tool we added this year.', 'Great product, keep going!',
];
// biome-ignore format: a word list reads better packed
const PASSIVE_COMMENTS = [
  'Does the job, a few rough edges.', 'Good, but reports could be more flexible.',
  'Useful, though onboarding took a while.', 'Fine for now; we miss a few integrations.',
  'Solid, pricing is a bit high for us.',
];
// biome-ignore format: a word list reads better packed
const DETRACTOR_COMMENTS = [
  'Too slow, and the data is often stale.', 'We struggled to get the team to use it.',
  'Support took days to answer an urgent issue.', 'Too expensive for what we use.',
  'The integration keeps breaking.', 'Hard to find anything; we went back to spreadsheets.',
  'Our main contact left and nobody knows how to use it.',
];
// biome-ignore format: a word list reads better packed
const CSAT_GOOD_COMMENTS = ['Quick and helpful, thanks!', 'Solved on the first reply.', 'Great support as always.'];
// biome-ignore format: a word list reads better packed
const CSAT_BAD_COMMENTS = ['Took far too long.', 'The issue is not really fixed.', 'Had to explain it three times.'];

function npsScore(rng: Rng, sentiment: number): number {
  // Unhappy accounts have mixed voices: some users still like the product.
  const spread = sentiment >= 0.75 ? 1.3 : 2;
  return Math.max(0, Math.min(10, Math.round(sentiment * 10 + rng.normal() * spread)));
}

function npsComment(rng: Rng, score: number): string | undefined {
  if (!rng.chance(0.6)) return undefined;
  return rng.pick(score >= 9 ? PROMOTER_COMMENTS : score >= 7 ? PASSIVE_COMMENTS : DETRACTOR_COMMENTS);
}

export function generateSurveys(
  ctx: Ctx,
  rng: Rng,
  p: Profile,
  accountId: string,
  users: User[],
  csat: CsatSeed[],
): Survey[] {
  const D = ctx.asOfDay;
  const out: { day: number; s: Omit<Survey, 'id'> }[] = [];
  const respondent = () => (users.length > 0 && rng.chance(0.9) ? rng.pick(users).id : undefined);
  const add = (day: number, kind: Survey['kind'], score: number, comment: string | undefined) => {
    const s: Omit<Survey, 'id'> = { accountId, respondedOn: dateOfDay(day), kind, score };
    if (comment !== undefined) s.comment = comment;
    const u = respondent();
    if (u !== undefined) s.userId = u;
    out.push({ day, s });
  };
  // NPS waves every quarter, a few responses each.
  const phase = rng.int(0, 90);
  let recent = 0;
  let recentPromoters = 0;
  for (let wave = D - phase; wave >= ctx.firstDay; wave -= 91) {
    const n =
      p.segment === 'smb'
        ? rng.chance(0.55)
          ? 1
          : 0
        : p.segment === 'mid-market'
          ? rng.int(0, 2)
          : rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      const day = Math.min(D, wave + rng.int(0, 13));
      if (!activeOn(p, day) || day - p.startDay < 30) continue;
      let score = npsScore(rng, p.sentiment);
      // Promoters' and the forced detractor's responses are added below; keep others honest.
      if (p.promoter && score < 7) score = 7 + rng.int(0, 3);
      if (day > D - 180) {
        recent++;
        if (score >= 9) recentPromoters++;
      }
      add(day, 'nps', score, npsComment(rng, score));
    }
  }
  if (p.promoter && activeOn(p, D)) {
    // At least three responses in the last 180 days, most of them 9–10.
    while (recent < 3 || recentPromoters * 2 < recent + 2) {
      const day = D - rng.int(3, 170);
      if (!activeOn(p, day)) break;
      const score = rng.chance(0.75) ? 10 : 9;
      add(day, 'nps', score, npsComment(rng, score));
      recent++;
      recentPromoters++;
    }
  }
  if (p.detractor && activeOn(p, D) && D - p.startDay > 40) {
    const score = rng.int(1, 6);
    let day = D - rng.int(2, Math.min(75, D - p.startDay - 10));
    if (!activeOn(p, day)) day = D - 2;
    add(day, 'nps', score, rng.pick(DETRACTOR_COMMENTS));
  }
  for (const c of csat) {
    const score = c.good ? rng.int(4, 5) : rng.int(1, 2);
    const comment = rng.chance(0.4) ? rng.pick(c.good ? CSAT_GOOD_COMMENTS : CSAT_BAD_COMMENTS) : undefined;
    add(c.day, 'csat', score, comment);
  }
  out.sort((a, b) => a.day - b.day);
  return out.map(({ s }, i) => ({ id: `${accountId}-s${i + 1}`, ...s }));
}
