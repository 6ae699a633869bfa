/**
 * API tokens: `hb_` + 32 random bytes (base64url). Only their SHA-256 is stored; a token is shown
 * once, when it is created. Each token reads the whole workspace or one owner's book.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './db';
import { normaliseOwner, type Scope } from './store';

export interface TokenInfo {
  id: number;
  name: string | null;
  /** Normalised owner email for a book token; null for a workspace token. */
  owner: string | null;
  createdAt: string;
}

export function tokenScope(t: Pick<TokenInfo, 'owner'>): Scope {
  return t.owner === null ? { kind: 'workspace' } : { kind: 'book', owner: t.owner };
}

export function newToken(): string {
  return `hb_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

interface TokenRowDb {
  id: number | string;
  name: string | null;
  owner: string | null;
  created_at: string | Date;
}

function fromRow(r: TokenRowDb): TokenInfo {
  const created = r.created_at instanceof Date ? r.created_at : new Date(r.created_at);
  return { id: Number(r.id), name: r.name, owner: r.owner, createdAt: created.toISOString() };
}

export async function createToken(
  q: Queryable,
  options: { owner?: string | null; name?: string | null } = {},
): Promise<{ token: string; info: TokenInfo }> {
  const owner = normaliseOwner(options.owner ?? null);
  if (options.owner !== undefined && options.owner !== null && owner === null) {
    throw new Error('The owner email is empty');
  }
  const token = newToken();
  const { rows } = await q.query<TokenRowDb>(
    'INSERT INTO tokens (name, owner, hash) VALUES ($1, $2, $3) RETURNING id, name, owner, created_at',
    [options.name ?? null, owner, hashToken(token)],
  );
  return { token, info: fromRow(rows[0]) };
}

export async function listTokens(q: Queryable): Promise<TokenInfo[]> {
  const { rows } = await q.query<TokenRowDb>('SELECT id, name, owner, created_at FROM tokens ORDER BY id');
  return rows.map(fromRow);
}

export async function revokeToken(q: Queryable, id: number): Promise<boolean> {
  const r = await q.query('DELETE FROM tokens WHERE id = $1', [id]);
  return r.rowCount > 0;
}

export async function countTokens(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number | string }>('SELECT count(*) AS n FROM tokens');
  return Number(rows[0].n);
}

/** The token's record, or null when it is unknown (or revoked). */
export async function findToken(q: Queryable, token: string): Promise<TokenInfo | null> {
  if (token.length === 0 || token.length > 200) return null;
  const { rows } = await q.query<TokenRowDb>(
    'SELECT id, name, owner, created_at FROM tokens WHERE hash = $1',
    [hashToken(token)],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}
