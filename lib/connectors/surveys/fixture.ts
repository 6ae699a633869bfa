/**
 * Survey responses for the source, CLI and e2e tests, beside the Stripe and Zendesk fixtures
 * (acme: acme.com, Beta GmbH: beta.io), as of 2026-11-15. Delighted:
 * - 1 ann@acme.com 9 "Love the reports" (2026-11-03) → acme;  2 bob@beta.io 4 "Too slow" → Beta;
 * - 3 pat@gmail.com 10 → unmatched (free-mail, no product user); 4 no e-mail → anonymous;
 * - 5 ann@acme.com 12 → invalid (outside 0–10); 6 ann@acme.com 6 on 2026-11-20 → not read.
 */
import type { DelightedStandInData } from './delighted-stand-in';

const at = (iso: string) => Date.parse(iso) / 1000;
const person = (id: string, email: string | null) => ({
  id,
  email,
  name: null,
  created_at: at('2026-01-01T00:00:00Z'),
});

export function delightedFixture(): DelightedStandInData {
  return {
    responses: [
      {
        id: '1',
        person: person('p1', 'ann@acme.com'),
        score: 9,
        comment: 'Love the reports',
        created_at: at('2026-11-03T05:30:00Z'),
      },
      {
        id: '2',
        person: person('p2', 'bob@beta.io'),
        score: 4,
        comment: 'Too slow',
        created_at: at('2026-11-04T10:00:00Z'),
      },
      {
        id: '3',
        person: person('p3', 'pat@gmail.com'),
        score: 10,
        comment: null,
        created_at: at('2026-11-05T10:00:00Z'),
      },
      {
        id: '4',
        person: person('p4', null),
        score: 8,
        comment: null,
        created_at: at('2026-11-06T10:00:00Z'),
      },
      {
        id: '5',
        person: person('p1', 'ann@acme.com'),
        score: 12,
        comment: null,
        created_at: at('2026-11-07T10:00:00Z'),
      },
      {
        id: '6',
        person: person('p1', 'ann@acme.com'),
        score: 6,
        comment: null,
        created_at: at('2026-11-20T10:00:00Z'),
      },
    ],
  };
}
