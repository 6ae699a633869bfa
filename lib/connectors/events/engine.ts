/**
 * The SQL engines the events rollup runs on: embedded DuckDB for files, PostgreSQL for a table
 * that is already there. The rollup (rollup.ts) is one SQL text for both; the few places where
 * the dialects differ are the functions of `Dialect`.
 */

export type Cell = string | number | boolean | null;

export interface Dialect {
  name: 'duckdb' | 'postgres';
  /** A text expression for ORDER BY that sorts by code points in both engines. */
  textOrder(expr: string): string;
  /**
   * An aggregate: `value` of the group's row whose `keys` are greatest (compared in order; text by
   * code points). The rollup's "latest per user" picks: one grouping instead of a sort of every
   * row under a window (`row_number() … = 1`).
   */
  argMax(value: string, keys: readonly string[]): string;
  /** The pseudo-column that names a row of a table (DuckDB `rowid`, PostgreSQL `ctid`). */
  rowId: string;
}

export interface SqlEngine {
  dialect: Dialect;
  /** Runs statements that return nothing. */
  exec(sql: string): Promise<void>;
  /** Runs one query; numbers come back as JS numbers, text as strings. */
  all<T extends Record<string, Cell>>(sql: string): Promise<T[]>;
  /** Refreshes the planner's statistics of a table just filled (PostgreSQL; a no-op in DuckDB). */
  analyze(table: string): Promise<void>;
  /** Creates the temporary table `table` with `columns` and fills it with `rows`. */
  load(
    table: string,
    columns: readonly [name: string, type: 'TEXT' | 'INTEGER' | 'BIGINT'][],
    rows: Cell[][],
  ): Promise<void>;
  close(): Promise<void>;
}

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
