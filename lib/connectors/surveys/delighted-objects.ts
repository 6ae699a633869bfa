/**
 * The parts of a Delighted survey response the satisfaction mapping reads, as a zod schema, from
 * Delighted's reference "Listing survey responses"
 * (https://delighted.com/docs/api/listing-survey-responses): `GET /v1/survey_responses.json`
 * answers a JSON array in creation order, paged with `per_page` (at most 100) and `page`; with
 * `expand[]=person` each response's `person` is the person object (`id`, `email`, `name`, …)
 * instead of its id. `created_at` is unix seconds; `survey_type` is ignored (CONNECTORS.md).
 */
import { z } from 'zod';
import type { SurveyKind, SurveyResponse } from './mapping';
import { unixDate } from './mapping';

export const delightedPersonSchema = z.object({
  id: z.union([z.string(), z.number()]),
  email: z.string().nullish(),
});

export const delightedResponseSchema = z.object({
  id: z.union([z.string().min(1), z.number().int()]).transform(String),
  person: z.union([delightedPersonSchema, z.string(), z.number()]),
  score: z.number(),
  comment: z.string().nullish(),
  created_at: z.number().int().nonnegative(),
});
export type DelightedResponse = z.output<typeof delightedResponseSchema>;

/** One Delighted response → a response of the survey mapping. */
export function delightedResponse(r: DelightedResponse, kind: SurveyKind): SurveyResponse {
  const email = typeof r.person === 'object' ? (r.person.email ?? null) : null;
  return {
    id: `delighted:${r.id}`,
    email,
    respondedOn: unixDate(r.created_at),
    score: Number.isInteger(r.score) ? r.score : { invalid: `score ${r.score} is not a whole number` },
    comment: r.comment ?? null,
    kind,
  };
}
