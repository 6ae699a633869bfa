/**
 * The workspace's success-review settings (issue 36), stored as `local:review`
 * (lib/contracts/storage) and read back through `readReviewSettings`, so a damaged value falls
 * back to the defaults instead of breaking the review page.
 *
 * - `workspaceName`: the name printed in the review's header ("Acme Success" …); empty: none.
 * - `valueStatements`: the customer's outcomes in their own terms, e.g. "each report created saves
 *   30 minutes". The dataset (docs/DATASET.md) has no per-feature use counts — only, per user and
 *   feature, the date of the last use (`users.features`) — so a statement counts what exists:
 *   - `basis: 'feature'`: each user whose last use of `featureKey` falls in the period counts as
 *     one use (a floor: earlier uses in the same period are not in the data);
 *   - `basis: 'session'`: each product session in the period (Σ `usage.sessions`) counts as one use.
 *   Time saved = uses × `minutesPerUse`.
 */
import { z } from 'zod';

export const valueStatementSchema = z.object({
  id: z.string().min(1).max(100),
  basis: z.enum(['feature', 'session']),
  /** A key of the dataset's `features` collection (basis `feature`); ignored for `session`. */
  featureKey: z.string().max(256),
  /** What one use is, for people: "report created", "session". */
  unit: z.string().min(1).max(200),
  minutesPerUse: z
    .number()
    .finite()
    .positive()
    .max(24 * 60),
});
export type ValueStatement = z.output<typeof valueStatementSchema>;

export const reviewSettingsSchema = z.object({
  workspaceName: z.string().max(200),
  valueStatements: z.array(valueStatementSchema).max(20),
});
export type ReviewSettings = z.output<typeof reviewSettingsSchema>;

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = { workspaceName: '', valueStatements: [] };

/**
 * The stored value, validated: a damaged whole falls back to the defaults; a damaged statement is
 * dropped and the rest kept.
 */
export function readReviewSettings(raw: unknown): ReviewSettings {
  if (raw === null || typeof raw !== 'object') return DEFAULT_REVIEW_SETTINGS;
  const r = raw as Record<string, unknown>;
  const name = z.string().max(200).safeParse(r.workspaceName);
  const list = Array.isArray(r.valueStatements) ? r.valueStatements : [];
  const valueStatements = list.slice(0, 20).flatMap((s) => {
    const p = valueStatementSchema.safeParse(s);
    return p.success ? [p.data] : [];
  });
  return { workspaceName: name.success ? name.data : '', valueStatements };
}
