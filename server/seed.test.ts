/** First start (server/seed.ts): the workspace token, and a book token per owner when asked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedIfEmpty } from './seed';
import { openTestDb, type TestDb } from './test/helpers';
import { findToken, tokenScope } from './tokens-store';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe('seedIfEmpty', () => {
  it('issues a book-scoped token per listed owner beside the workspace token, only on an empty database', async () => {
    const r = await seedIfEmpty(t.db, {
      accounts: 0,
      seed: 42,
      asOf: '2026-10-31',
      bookOwners: ['Ana@Example.com', 'bo@example.com'],
    });
    expect(r.token).toBeTruthy();
    expect(r.bookTokens.map((b) => b.owner)).toEqual(['ana@example.com', 'bo@example.com']);
    const ws = await findToken(t.db, r.token as string);
    expect(ws && tokenScope(ws)).toEqual({ kind: 'workspace' });
    const ana = await findToken(t.db, r.bookTokens[0].token);
    expect(ana && tokenScope(ana)).toEqual({ kind: 'book', owner: 'ana@example.com' });
    const again = await seedIfEmpty(t.db, {
      accounts: 0,
      seed: 42,
      asOf: '2026-10-31',
      bookOwners: ['x@y.z'],
    });
    expect(again).toEqual({ token: null, accounts: 0, bookTokens: [] });
  });
});
