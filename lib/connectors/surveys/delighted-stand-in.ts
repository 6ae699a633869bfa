/**
 * A local Delighted stand-in for tests: a node:http server on 127.0.0.1 answering
 * `GET /v1/survey_responses.json` as Delighted documents it
 * (https://delighted.com/docs/api/listing-survey-responses): a JSON array in creation order,
 * paged with `per_page` (at most 100, default 20) and `page` (from 1), an empty array past the
 * end; `expand[]=person` puts the person object in `person`, else its id. Basic auth with the API
 * key as the user name (401 otherwise), and on request a 429 with `Retry-After`.
 */
import { jsonSender, type StandInServer, startStandInServer } from '../stand-in-server';

export interface DelightedPerson {
  id: string;
  email: string | null;
  name: string | null;
  created_at: number;
}

export interface DelightedStandInData {
  responses: {
    id: string;
    person: DelightedPerson;
    score: number;
    comment: string | null;
    created_at: number;
  }[];
}

export interface DelightedStandInOptions {
  apiKey: string;
  /** Largest page served, whatever `per_page` asks. */
  maxPage?: number;
  /** Answer 429 with `Retry-After` to the first N requests. */
  rateLimit?: { times: number; retryAfter?: string };
}

export type DelightedStandIn = StandInServer;

const send = jsonSender({ 'content-type': 'application/json; charset=utf-8' });

/** A response in Delighted's shape (the reference's example, with this response's values). */
export function delightedResponseJson(r: DelightedStandInData['responses'][number], expandPerson: boolean) {
  return {
    id: r.id,
    person: expandPerson ? r.person : r.person.id,
    survey_type: 'nps',
    score: r.score,
    comment: r.comment,
    permalink: `https://app.delighted.com/r/${r.id}`,
    created_at: r.created_at,
    updated_at: null,
    person_properties: {},
    notes: [],
    tags: [],
    additional_answers: [],
  };
}

export async function startDelightedStandIn(
  data: DelightedStandInData,
  options: DelightedStandInOptions,
): Promise<DelightedStandIn> {
  return startStandInServer({
    send,
    authorization: `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`,
    unauthorized: { status: 401, message: 'Unauthorized' },
    rateLimit: options.rateLimit,
    tooManyRequests: { status: 429, message: 'Too Many Requests' },
    route(u, res) {
      if (u.pathname !== '/v1/survey_responses.json')
        return send(res, 404, { status: 404, message: 'Not Found' });
      const q = u.searchParams;
      const perPage = Math.min(Number(q.get('per_page') ?? 20), 100, options.maxPage ?? 100);
      const page = Number(q.get('page') ?? 1);
      if (!Number.isInteger(perPage) || perPage < 1 || !Number.isInteger(page) || page < 1) {
        return send(res, 422, { status: 422, message: 'Invalid parameters' });
      }
      const expand = q.getAll('expand[]').includes('person');
      const slice = [...data.responses]
        .sort((a, b) => a.created_at - b.created_at)
        .slice((page - 1) * perPage, page * perPage);
      send(
        res,
        200,
        slice.map((r) => delightedResponseJson(r, expand)),
      );
    },
  });
}
