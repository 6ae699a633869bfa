/**
 * Satisfaction (NPS, CSAT) and support (tickets) of one account as of day D
 * (METRICS.md "Satisfaction and support").
 */
import { MS_PER_DAY, MS_PER_HOUR } from './dates';
import type { AccountIx } from './indexing';

/** The survey counts NPS and CSAT are computed from (an account's, or summed over accounts). */
export interface SurveyCounts {
  /** nps responses in the 180 days ending D, and their promoters (9–10) and detractors (0–6). */
  npsResponses: number;
  promoters: number;
  detractors: number;
  /** csat responses in the 180 days ending D, and those scoring 4–5. */
  csatResponses: number;
  csatSatisfied: number;
}

export const SURVEY_COUNTS = [
  'npsResponses',
  'promoters',
  'detractors',
  'csatResponses',
  'csatSatisfied',
] as const satisfies readonly (keyof SurveyCounts)[];

export const noSurveys = (): SurveyCounts => ({
  npsResponses: 0,
  promoters: 0,
  detractors: 0,
  csatResponses: 0,
  csatSatisfied: 0,
});

export interface SurveysAt extends SurveyCounts {
  nps: number | null;
  csat: number | null;
  /** nps responses ≤ 6 in the `detractorDays` days ending D. */
  recentDetractors: number;
  /** Lowest such score (null with none), for the evidence sentence. */
  lowestRecentScore: number | null;
}

/** `100 × (promoters − detractors) / responses`, null with no responses. */
export function npsOf(promoters: number, detractors: number, responses: number): number | null {
  return responses === 0 ? null : (100 * (promoters - detractors)) / responses;
}

/** Surveys of the account as of D. */
export function surveysAt(ax: AccountIx, d: number, detractorDays: number): SurveysAt {
  // Plain local counters and one object literal: this runs for every past score of the report
  // (12 per account), where building the counts in an object and spreading it cost more than the loop.
  let npsResponses = 0;
  let promoters = 0;
  let detractors = 0;
  let csatResponses = 0;
  let csatSatisfied = 0;
  let recentDetractors = 0;
  let lowestRecentScore: number | null = null;
  const { day: svDay, nps: svNps, score: svScore } = ax.surveys;
  for (let i = ax.surveyFrom; i < ax.surveyTo; i++) {
    const day = svDay[i];
    if (day > d) continue;
    const score = svScore[i];
    if (svNps[i] === 1) {
      if (day >= d - 179) {
        npsResponses++;
        if (score >= 9) promoters++;
        else if (score <= 6) detractors++;
      }
      if (score <= 6 && day >= d - (detractorDays - 1)) {
        recentDetractors++;
        if (lowestRecentScore === null || score < lowestRecentScore) lowestRecentScore = score;
      }
    } else if (day >= d - 179) {
      csatResponses++;
      if (score >= 4) csatSatisfied++;
    }
  }
  return {
    npsResponses,
    promoters,
    detractors,
    csatResponses,
    csatSatisfied,
    nps: npsOf(promoters, detractors, npsResponses),
    csat: csatResponses === 0 ? null : csatSatisfied / csatResponses,
    recentDetractors,
    lowestRecentScore,
  };
}

export interface TicketsAt {
  /** status open/pending, opened on or before D. */
  openTickets: number;
  /** of those, priority high/urgent. */
  openUrgent: number;
  /** opened in W30 (D−29 … D). */
  tickets30: number;
  /** opened D−119 … D−30 (for ticket-spike). */
  ticketsPrior: number;
  /** Hours to first response / to solve of tickets opened in the 90 days ending D whose later
   *  timestamp exists and is on or before the end of D. */
  firstResponseHours: number[];
  resolutionHours: number[];
}

/** One empty list for every past score's `ticketsAt(…, false)` (frozen: nothing may add to it). */
const NO_HOURS: number[] = Object.freeze([]) as unknown as number[];

/** Tickets of the account as of D (without `withHours`, both hour lists are empty). */
export function ticketsAt(ax: AccountIx, d: number, withHours: boolean): TicketsAt {
  const endOfD = (d + 1) * MS_PER_DAY; // exclusive
  let openTickets = 0;
  let openUrgent = 0;
  let tickets30 = 0;
  let ticketsPrior = 0;
  // Past scores (11 weekly trend points and delta30 per account) read counts only: no lists.
  const firstResponseHours: number[] = withHours ? [] : NO_HOURS;
  const resolutionHours: number[] = withHours ? [] : NO_HOURS;
  const t = ax.tickets;
  for (let i = ax.ticketFrom; i < ax.ticketTo; i++) {
    const od = t.openedDay[i];
    if (od > d) continue;
    if (t.open[i] === 1) {
      openTickets++;
      if (t.urgent[i] === 1) openUrgent++;
    }
    if (od >= d - 29) tickets30++;
    else if (od >= d - 119) ticketsPrior++;
    if (withHours && od >= d - 89) {
      const opened = t.openedMs[i];
      // NaN (unknown) is never before the end of D.
      if (t.firstResponseMs[i] < endOfD)
        firstResponseHours.push((t.firstResponseMs[i] - opened) / MS_PER_HOUR);
      if (t.solvedMs[i] < endOfD) resolutionHours.push((t.solvedMs[i] - opened) / MS_PER_HOUR);
    }
  }
  return { openTickets, openUrgent, tickets30, ticketsPrior, firstResponseHours, resolutionHours };
}

/** Days from D to `renewsOn` (negative when past), null when unknown. */
export function renewsInDays(renewsDay: number | null, d: number): number | null {
  return renewsDay === null ? null : renewsDay - d;
}
