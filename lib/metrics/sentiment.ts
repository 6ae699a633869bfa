/**
 * METRICS.md's optional `sentiment` component: a person's judgement of the account (the
 * `sentiment` collection), 100 / 50 / 0 for good / neutral / poor, read from the latest entry
 * recorded on or before D; null when there is none.
 *
 * Spec choices (METRICS.md is silent):
 * - "On or before D" is the UTC calendar day of `recordedAt` ≤ D (D is the end of that UTC day).
 * - Two entries with the same `recordedAt` (to the millisecond): the one with the greater `id`
 *   (compared as strings, code unit order) is the latest, so the choice never depends on the
 *   order of the rows.
 * - A repeated `id` keeps the later record (as for every collection); entries of an unknown account
 *   count nowhere.
 */
import type { Sentiment, SentimentValue } from '../dataset/schema';
import { dayOfMs, timestampMs } from './dates';
import type { SentimentReading } from './types';

export interface SentimentIx {
  ms: number;
  day: number;
  id: string;
  value: SentimentValue;
  author: string | null;
  recordedAt: string;
}

export function indexSentiment(e: Sentiment): SentimentIx {
  const ms = timestampMs(e.recordedAt);
  return {
    ms,
    day: dayOfMs(ms),
    id: e.id,
    value: e.value,
    author: e.author ?? null,
    recordedAt: e.recordedAt,
  };
}

/** Oldest first: by time, then by id (the greater id is the later of two at the same time). */
export function sentimentOrder(a: SentimentIx, b: SentimentIx): number {
  return a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The latest entry recorded on or before day `x` (entries sorted by `sentimentOrder`), or null. */
export function sentimentAt(entries: readonly SentimentIx[], x: number): SentimentReading | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.day <= x) return { value: e.value, author: e.author, recordedAt: e.recordedAt };
  }
  return null;
}

const POINTS: Record<SentimentValue, number> = { good: 100, neutral: 50, poor: 0 };

/** The component's value: 100 / 50 / 0 for good / neutral / poor; null with no entry. */
export function sentimentComponent(r: SentimentReading | null): number | null {
  return r === null ? null : POINTS[r.value];
}
