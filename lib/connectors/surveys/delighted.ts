/**
 * `delighted` source: Delighted's survey responses through its API, read with ky (a plain JSON
 * API; the official Node client adds nothing we need), mapped with mapping.ts.
 *
 * `GET /v1/survey_responses.json?per_page=100&page=N&expand[]=person` from page 1 until a page is
 * empty (https://delighted.com/docs/api/listing-survey-responses), basic auth with the API key as
 * the user name (secrets only from the environment: `"apiKey": "env:DELIGHTED_API_KEY"`), 429
 * waits `Retry-After` (http.ts). Every run reads every response (Delighted pages by number, so
 * there is no cursor to keep); its CSV export is read with `surveys-csv` naming its columns.
 *
 * Choices where the contract is silent:
 * - A response that does not fit the schema is left out as `invalid` with the first problem.
 * - The same response id on two pages (a response created while paging) counts once.
 */
import { z } from 'zod';
import { apiBaseSchema } from '../config';
import { type LeftOut, type SourceDefinition, SourceError } from '../types';
import { defaultSleep, getJson } from '../zendesk/http';
import { delightedResponse, delightedResponseSchema } from './delighted-objects';
import { mapSurveyResponses, SURVEY_KINDS, type SurveyKind, type SurveyResponse } from './mapping';

export const DELIGHTED_PER_PAGE = 100;
/** A bound on pages (100 responses each): 10 million responses. */
const MAX_PAGES = 100_000;

const schema = z.object({
  apiKey: z.string().min(1),
  kind: z.enum(SURVEY_KINDS as [string, ...string[]]).default('nps'),
  apiBase: apiBaseSchema.default(new URL('https://api.delighted.com')),
});

export const delightedSource: SourceDefinition<typeof schema> = {
  type: 'delighted',
  schema,
  async read(config, ctx) {
    const kind = config.kind as SurveyKind;
    const responses = new Map<string, SurveyResponse>();
    const leftOut: LeftOut[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const url = new URL('/v1/survey_responses.json', config.apiBase);
      url.searchParams.set('per_page', String(DELIGHTED_PER_PAGE));
      url.searchParams.set('page', String(page));
      url.searchParams.append('expand[]', 'person');
      const body = await getJson(url, {
        source: config.name,
        vendor: 'Delighted',
        what: 'survey responses',
        basicAuth: `${config.apiKey}:`,
        timeoutMs: ctx.timeoutMs,
        sleep: ctx.sleep ?? defaultSleep,
        authHint: 'Check apiKey (Delighted → Integrations → API).',
      });
      if (!Array.isArray(body)) {
        throw new SourceError(
          config.name,
          'reading survey responses failed: Delighted did not answer a list.',
        );
      }
      if (body.length === 0) break;
      for (const raw of body) {
        const p = delightedResponseSchema.safeParse(raw);
        if (p.success) responses.set(p.data.id, delightedResponse(p.data, kind));
        else {
          const id = (raw as { id?: unknown } | null)?.id;
          leftOut.push({
            reason: 'invalid',
            sourceId: `delighted:${typeof id === 'string' || typeof id === 'number' ? id : '?'}`,
            why: `${p.error.issues[0]?.path.join('.') || 'response'}: ${p.error.issues[0]?.message ?? 'invalid'}`,
          });
        }
      }
    }
    const out = mapSurveyResponses([...responses.values()], { asOf: ctx.asOf });
    return { ...out, read: out.read + leftOut.length, leftOut: [...leftOut, ...out.leftOut] };
  },
};
