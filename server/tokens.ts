/**
 * `npm run tokens -- create [--owner EMAIL] [--name LABEL]`  prints only the new token on stdout
 * `npm run tokens -- list`                                    id, label, scope, creation date
 * `npm run tokens -- revoke ID`
 *
 * Works on the database the server uses (DATABASE_URL, else the PGlite folder
 * HEALTHBAR_DATA_DIR — stop the server first then: the embedded database serves one process).
 * `npm run` prints its own banner on stdout; `npm run -s tokens -- create` leaves only the token.
 */
import { DataDirBusy } from './data-lock';
import { openFromEnv } from './open';
import { createToken, listTokens, revokeToken } from './tokens-store';

const USAGE = `Usage:
  npm run -s tokens -- create [--owner EMAIL] [--name LABEL]   create a token (workspace, or one owner's book)
  npm run -s tokens -- list                                    list tokens (never the tokens themselves)
  npm run -s tokens -- revoke ID                               revoke a token`;

class UsageError extends Error {}

function parseFlags(args: string[], allowed: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = /^--([a-z]+)=(.*)$/.exec(a);
    const name = eq ? eq[1] : a.startsWith('--') ? a.slice(2) : null;
    if (name === null || !allowed.includes(name)) throw new UsageError(`Unknown argument ${a}`);
    const value = eq ? eq[2] : args[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (!['create', 'list', 'revoke'].includes(command)) {
    process.stderr.write(`Unknown command ${command}\n${USAGE}\n`);
    return 2;
  }
  let flags: Record<string, string> = {};
  let revokeId: number | null = null;
  try {
    if (command === 'create') flags = parseFlags(rest, ['owner', 'name']);
    else if (command === 'list') parseFlags(rest, []);
    else {
      if (rest.length !== 1 || !/^\d+$/.test(rest[0]))
        throw new UsageError('revoke needs the id of one token (see list)');
      revokeId = Number(rest[0]);
    }
    if (flags.owner !== undefined && !flags.owner.includes('@'))
      throw new UsageError('--owner must be an email address');
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }

  let opened: Awaited<ReturnType<typeof openFromEnv>>;
  try {
    opened = await openFromEnv();
  } catch (e) {
    process.stderr.write(
      `${e instanceof DataDirBusy ? e.message : `Cannot open the database: ${(e as Error).message}`}\n`,
    );
    return 1;
  }
  try {
    const { db } = opened;
    if (command === 'create') {
      const { token, info } = await createToken(db, { owner: flags.owner ?? null, name: flags.name ?? null });
      process.stdout.write(`${token}\n`);
      process.stderr.write(
        `Created token ${info.id} (${info.owner ? `book of ${info.owner}` : 'whole workspace'}) in ${opened.where}. It is shown only this once.\n`,
      );
      return 0;
    }
    if (command === 'list') {
      const tokens = await listTokens(db);
      if (tokens.length === 0) {
        process.stderr.write(`No tokens in ${opened.where}.\n`);
        return 0;
      }
      const rows = [['ID', 'LABEL', 'SCOPE', 'CREATED']];
      for (const t of tokens) {
        rows.push([String(t.id), t.name ?? '-', t.owner ? `book:${t.owner}` : 'workspace', t.createdAt]);
      }
      process.stdout.write(`${table(rows)}\n`);
      return 0;
    }
    const ok = await revokeToken(db, revokeId!);
    if (!ok) {
      process.stderr.write(`No token ${revokeId} (see: npm run tokens -- list).\n`);
      return 1;
    }
    process.stderr.write(`Revoked token ${revokeId}.\n`);
    return 0;
  } finally {
    await opened.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
