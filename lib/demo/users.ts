/**
 * An account's users: names, titles and e-mail addresses, who is a champion, who is active, when
 * each was first and last seen and which features each used; and the feature demand of the
 * `feature-demand` upsell (users trying a feature of the next plan up).
 */
import type { User } from '../dataset/schema';
import { dateOfDay, dayNumber } from '../metrics/dates';
import { DEMO_PLANS } from './catalog';
import { type Ctx, FIXTURE_SEED } from './context';
import type { Pattern } from './options';
import type { Profile } from './profile';
import { fmix32, Rng } from './rng';

// biome-ignore format: a word list reads better packed
const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Zoe', 'Mateo',
  'Hannah', 'Arjun', 'Chloe', 'Kenji', 'Grace', 'Omar', 'Nora', 'Felix', 'Leila', 'Daniel',
  'Sara', 'Jonas', 'Ines', 'Hugo', 'Maya', 'Ravi', 'Elena', 'Samuel', 'Yara', 'Theo',
  'Amara', 'Victor', 'Lena', 'Diego', 'Ruth', 'Kofi', 'Julia', 'Ivan', 'Mei', 'Adam',
];
// biome-ignore format: a word list reads better packed
const LAST_NAMES = [
  'Smith', 'Garcia', 'Nguyen', 'Müller', 'Kowalski', 'Brown', 'Silva', 'Tanaka', 'Johnson', 'Patel',
  'Martin', 'Rossi', 'Dubois', 'Andersen', 'Kim', 'Okafor', 'Novak', 'Schmidt', 'Moreau', 'Lee',
  'Walker', 'Haddad', 'Costa', 'Fischer', 'Ivanova', 'Clarke', 'Santos', 'Yilmaz', 'Larsen', 'Reyes',
  'Murphy', 'Becker', 'Cohen', 'Wright', 'Sato', 'Mensah', 'Lopez', 'Berg', 'Hughes', 'Ali',
];
// biome-ignore format: a word list reads better packed
const CHAMPION_TITLES = [
  'Head of Operations', 'VP Customer Success', 'Director of Revenue Operations', 'RevOps Lead',
  'Head of Analytics', 'COO', 'Director of Sales Operations', 'Head of Support',
];
// biome-ignore format: a word list reads better packed
const USER_TITLES = [
  'Account Executive', 'Analyst', 'Support Agent', 'Operations Manager', 'Data Engineer',
  'Customer Success Manager', 'Sales Manager', 'Finance Manager', 'Marketing Manager', 'Team Lead',
];

export function generateUsers(
  ctx: Ctx,
  rng: Rng,
  p: Profile,
  accountId: string,
  domain: string,
  mauD: number,
  peakMau: number,
): User[] {
  const D = ctx.asOfDay;
  const USER_CAP = 40;
  const inactiveExtra = p.segment === 'smb' ? rng.int(0, 2) : rng.int(1, 4);
  const nUsers = Math.max(2, Math.min(USER_CAP, Math.max(peakMau, mauD) + inactiveExtra));
  const nChampions = nUsers >= 15 && rng.chance(0.5) ? 2 : 1;
  // Who is active (seen in the last 30 days): as many as the usage says, leaving room for the
  // inactive ones; a champion who left is never among them.
  const firstActive = p.championLeft ? 1 : 0;
  const churned = p.churnDay !== null && p.returnDay === null;
  const nActive = churned
    ? 0
    : Math.max(0, Math.min(mauD, nUsers - Math.max(1, inactiveExtra) - firstActive));
  const lastUseDay = churned ? (p.churnDay as number) : D;
  const everStart = p.startDay;
  const plan = p.plan.features;
  // The plan features in active use: the first `adopted` in a per-account order, dashboards first.
  const order = plan.slice(1);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const adopted = [plan[0], ...order].slice(0, p.adopted);
  const notAdopted = plan.filter((f) => !adopted.includes(f));

  const users: User[] = [];
  const seen = new Set<string>();
  for (let u = 0; u < nUsers; u++) {
    const champion = u < nChampions;
    let first = rng.pick(FIRST_NAMES);
    let last = rng.pick(LAST_NAMES);
    let tries = 0;
    while (seen.has(`${first} ${last}`) && tries++ < 10) {
      first = rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
    }
    const suffixed = seen.has(`${first} ${last}`);
    const fullName = suffixed ? `${first} ${last} ${u + 1}` : `${first} ${last}`;
    seen.add(fullName);
    const active = u >= firstActive && u < firstActive + nActive;
    const title = champion ? rng.pick(CHAMPION_TITLES) : rng.pick(USER_TITLES);
    const email = `${emailLocal(first, last)}${suffixed ? u + 1 : ''}@${domain}`;
    // The fields every user has, in the order they are written.
    const who = { accountId, id: `${accountId}-u${u + 1}`, email, name: fullName, title, champion };
    if (!active && everStart > D - 31) {
      // Invited to a new account but never seen yet.
      users.push({ ...who, features: {} });
      continue;
    }
    let lastSeen: number;
    if (active) {
      lastSeen = D - Math.floor(rng.next() * rng.next() * 22);
    } else if (u === 0 && p.championLeft && lastUseDay === D) {
      lastSeen = D - rng.int(35, 140);
    } else {
      lastSeen = lastUseDay - (lastUseDay === D ? rng.int(31, 300) : rng.int(0, 120));
    }
    if (lastSeen < everStart) lastSeen = everStart + Math.min(D - everStart, rng.int(0, 5));
    if (!active && lastSeen >= D - 29) lastSeen = Math.max(everStart, D - 30);
    if (p.churnDay !== null && p.returnDay !== null && lastSeen > p.churnDay && lastSeen < p.returnDay)
      lastSeen = p.churnDay;
    const span = Math.max(0, lastSeen - everStart);
    const firstSeen = champion
      ? everStart + Math.min(span, rng.int(0, 6))
      : everStart + Math.floor(span * rng.next() * rng.next());
    const features: Record<string, string> = {};
    for (let fi = 0; fi < adopted.length; fi++) {
      const f = adopted[fi];
      // Every adopted feature has at least one active user.
      const mustHave = active && u - firstActive === fi % nActive;
      if (mustHave || rng.chance(active ? 0.55 : 0.4)) {
        const window = active
          ? Math.min(lastSeen - Math.max(firstSeen, D - 29), 12)
          : Math.min(lastSeen - firstSeen, 40);
        features[f] = dateOfDay(lastSeen - rng.int(0, Math.max(0, window)));
      }
    }
    for (const f of notAdopted) {
      // Tried once long ago, not in use now.
      if (rng.chance(0.15) && lastSeen - firstSeen > 45) {
        const latest = Math.min(lastSeen, D - 31);
        if (latest > firstSeen) features[f] = dateOfDay(firstSeen + rng.int(0, latest - firstSeen));
      }
    }
    users.push({
      ...who,
      firstSeenOn: dateOfDay(firstSeen),
      lastSeenOn: dateOfDay(lastSeen),
      features,
    });
  }
  return users;
}

/** The share of accounts (by pattern) whose active users reach for a feature of the next plan up. */
const DEMAND_CHANCE: Readonly<Record<Pattern, number>> = {
  healthy: 0.2,
  promoter: 0.25,
  expanding: 0.45,
  'seat-pressure': 0.35,
  new: 0.12,
  seasonal: 0.1,
  declining: 0.04,
  'low-adoption': 0.04,
  contracting: 0.04,
  'support-spike': 0.06,
  churned: 0,
  reactivated: 0.1,
};

/**
 * Feature demand (the `feature-demand` upsell): in some accounts, a few active users used, in the
 * last 30 days, a feature of the next plan up (a trial, a shared link). Drawn from an RNG of its
 * own, after everything else, so that every other figure of the demo stays as it was; only
 * `users[].features` gains entries (dated on or before the user's `lastSeenOn`). The fixture
 * account with the `expanding` pattern always has it, so the CRM page fixtures show the signal.
 */
export function addFeatureDemand(ctx: Ctx, index: number, p: Profile, users: User[]): void {
  const fixture = index < ctx.fixtures.length;
  const rng = fixture
    ? new Rng(FIXTURE_SEED ^ 0x64656d64, index, 0x66697874)
    : new Rng(ctx.seedLo ^ 0x64656d64, fmix32(ctx.seedHi ^ 0x64656d64) ^ index, index);
  const planIdx = DEMO_PLANS.findIndex((x) => x.id === p.plan.id);
  const next = DEMO_PLANS[planIdx + 1];
  const chance = fixture && p.pattern === 'expanding' ? 1 : DEMAND_CHANCE[p.pattern];
  if (!next || !rng.chance(chance)) return;
  const D = ctx.asOfDay;
  const active = users.filter((u) => u.lastSeenOn !== undefined && dayNumber(u.lastSeenOn) >= D - 29);
  if (active.length === 0) return;
  const extra = next.features.filter((f) => !p.plan.features.includes(f));
  const wanted = rng.chance(0.25) && extra.length > 1 ? extra : [rng.pick(extra)];
  const n = Math.min(active.length, rng.chance(0.45) ? rng.int(3, 6) : rng.int(1, 2));
  for (let k = 0; k < n; k++) {
    const u = active[(k * 7 + index) % active.length];
    const last = dayNumber(u.lastSeenOn as string);
    const from = Math.max(D - 29, u.firstSeenOn ? dayNumber(u.firstSeenOn) : D - 29);
    for (const f of wanted)
      u.features[f] = dateOfDay(last - rng.int(0, Math.max(0, Math.min(12, last - from))));
  }
}

function emailLocal(first: string, last: string): string {
  return `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
}
