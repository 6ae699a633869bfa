/**
 * Schema migrations, applied in order by `migrate()` (db.ts) and recorded in `schema_migrations`.
 * Never edit a migration that has shipped: add the next one.
 *
 * Storage design (see server/README.md):
 * - `records`: the current version of every record of every collection, one row per key, with
 *   the change-log position `seq` of its latest change. A deleted record stays as a tombstone row
 *   (`deleted`, `record` NULL) so incremental readers learn of the deletion.
 * - `exits`: tombstones for a book that a record left (its account's owner changed): the record
 *   itself lives on under the new owner, so the old owner's feed needs its own tombstone.
 * - `change_seq`: one sequence for both tables; writers take a transaction-level advisory lock
 *   before drawing from it, so seqs become visible in increasing order and a reader paging by
 *   `seq > cursor` never misses a change committed after it read.
 * - `workspace`: the one row of dataset-level fields (currency, dataThrough, …) and `version`,
 *   the last seq of the last write (ETags and the cached context key on it).
 * - `ingest_sources`: per configured connector source (by name), the incremental state of the
 *   server's ingest (server/ingest.ts): the last day its latest good read covered, that read's
 *   output (used again when the source cannot be read, so its data stays) and its last error.
 * - `ingest_runs`: one row per ingest run, with its data-quality report once it ends.
 * - `records.stamps`: for a task written through the API, the time of each field's last change
 *   (server/outreach.ts merges concurrent PATCHes field by field); NULL for every other record.
 */

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'records, exits, workspace, tokens',
    statements: [
      `CREATE SEQUENCE change_seq`,
      `CREATE TABLE workspace (
         id integer PRIMARY KEY CHECK (id = 1),
         epoch text NOT NULL,
         currency text,
         data_through text,
         generated_at text,
         max_usage_date text,
         version bigint NOT NULL DEFAULT 0
       )`,
      `INSERT INTO workspace (id, epoch) VALUES (1, replace(gen_random_uuid()::text, '-', ''))`,
      `CREATE TABLE records (
         collection text NOT NULL,
         rid text NOT NULL,
         rsub text NOT NULL DEFAULT '',
         account_id text,
         owner text,
         shared boolean NOT NULL DEFAULT false,
         deleted boolean NOT NULL DEFAULT false,
         record jsonb,
         seq bigint NOT NULL,
         import_id bigint,
         PRIMARY KEY (collection, rid, rsub)
       )`,
      `CREATE UNIQUE INDEX records_seq ON records (seq)`,
      `CREATE INDEX records_owner_seq ON records (owner, seq) WHERE owner IS NOT NULL`,
      `CREATE INDEX records_shared_seq ON records (seq) WHERE shared`,
      `CREATE INDEX records_account ON records (account_id) WHERE account_id IS NOT NULL`,
      `CREATE TABLE exits (
         seq bigint PRIMARY KEY,
         owner text NOT NULL,
         collection text NOT NULL,
         rid text NOT NULL,
         rsub text NOT NULL DEFAULT ''
       )`,
      `CREATE INDEX exits_owner_seq ON exits (owner, seq)`,
      `CREATE TABLE tokens (
         id serial PRIMARY KEY,
         name text,
         owner text,
         hash text NOT NULL UNIQUE,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    ],
  },
  {
    version: 2,
    name: 'ingest state and runs',
    statements: [
      `CREATE TABLE ingest_sources (
         name text PRIMARY KEY,
         type text NOT NULL,
         last_complete_day text,
         output jsonb,
         error text,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE ingest_runs (
         id bigserial PRIMARY KEY,
         started_at timestamptz NOT NULL DEFAULT now(),
         finished_at timestamptz,
         status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
         report jsonb
       )`,
    ],
  },
  {
    version: 3,
    name: 'per-field stamps of tasks',
    statements: [`ALTER TABLE records ADD COLUMN stamps jsonb`],
  },
];
