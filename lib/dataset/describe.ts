/**
 * How the dataset readers describe input to people: a short, safe rendering of any value, a
 * field's path, one sentence from zod's issues, a record's readable id, an error's text. Safe on
 * hostile input: never consults a prototype chain, never throws, clips long texts.
 */
import type { z } from 'zod';
import type { CollectionName } from './schema';

const MAX_SHOWN = 60;

/** A short, safe rendering of any input value for messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    const s = v.length > MAX_SHOWN ? `${v.slice(0, MAX_SHOWN)}…` : v;
    return JSON.stringify(s);
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

export function clip(s: string, n = MAX_SHOWN): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

export function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property read that never consults the prototype chain and never throws. */
export function own(o: unknown, key: string): unknown {
  try {
    return isPlainRecord(o) && Object.hasOwn(o, key) ? o[key] : undefined;
  } catch {
    return undefined;
  }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of path) {
    if (typeof k === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[k];
    } else if (typeof k === 'string') {
      v = own(v, k);
    } else return undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

/** `crm.salesforceAccountId`, `domains[2]`, `features.reports`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) {
    if (typeof k === 'number') s += `[${k}]`;
    else s += s === '' ? clip(String(k), 80) : `.${clip(String(k), 80)}`;
  }
  return s;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

type Issue = z.core.$ZodIssue;

function issueText(issue: Issue, raw: unknown): string {
  const field = formatPath(issue.path);
  const name = field === '' ? 'the record' : field;
  const value = valueAt(raw, issue.path);
  const found = value === undefined || isPlainRecord(value) ? '' : ` (found ${describeValue(value)})`;
  const custom = /^(must|is |has )/.test(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined || value === null) {
        return field === '' ? 'the record is empty' : `${name} is required`;
      }
      if (custom) return `${name} ${issue.message}${found}`;
      return `${name} must be ${TYPE_WORDS[issue.expected] ?? issue.expected} (found ${describeValue(value)})`;
    case 'invalid_value': {
      const options = issue.values.map((x) => String(x)).join(', ');
      return `${name} must be one of ${options}${found}`;
    }
    case 'invalid_key':
      return `${formatPath(issue.path.slice(0, -1)) || 'the record'} has an invalid key ${describeValue(issue.path[issue.path.length - 1])}`;
    case 'too_small':
      if (custom) return `${name} ${issue.message}${found}`;
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${name} must not be empty`;
      return `${name} is too small${found}`;
    case 'too_big':
      // An over-long text: its length says more than its first characters.
      if (issue.origin === 'string' && typeof value === 'string') {
        return `${name} ${custom ? issue.message : 'is too long'} (found ${value.length.toLocaleString('en-US')} characters)`;
      }
      return `${name} ${custom ? issue.message : 'is too large'}${found}`;
    default:
      return `${name} ${custom ? issue.message : 'is not valid'}${found}`;
  }
}

/** Turns zod issues into one sentence (at most three problems named) and the first field's path. */
export function describeIssues(issues: readonly Issue[], raw: unknown): { field: string; text: string } {
  // Zod can report one field twice (e.g. not an integer *and* out of range): keep the first per path.
  const seen = new Set<string>();
  const parts: string[] = [];
  let field = '';
  for (const issue of issues) {
    const p = formatPath(issue.path);
    if (seen.has(p)) continue;
    if (seen.size === 0) field = p;
    seen.add(p);
    parts.push(issueText(issue, raw));
  }
  const shown = parts.slice(0, 3).join('; ');
  const more = parts.length > 3 ? `; and ${parts.length - 3} more problems` : '';
  return { field, text: shown + more };
}

/** The id or key of a raw record when it can be read, for messages (`a1`, `a1 2026-10`). */
export function readableId(collection: CollectionName, raw: unknown): string | undefined {
  const str = (k: string) => {
    const v = own(raw, k);
    return typeof v === 'string' && v !== '' ? clip(v) : undefined;
  };
  switch (collection) {
    case 'features':
    case 'milestones':
      return str('key');
    case 'revenue':
    case 'usage': {
      const a = str('accountId');
      const b = str(collection === 'revenue' ? 'month' : 'date');
      return a !== undefined && b !== undefined ? `${a} ${b}` : a;
    }
    default:
      return str('id');
  }
}

/** What kind of value `v` is, for messages (`null`, `a list`, `an object`, or the value itself). */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${describeValue(v)}`;
}

/** The message of a thrown value, clipped, for messages. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return clip(e.message, 300);
  return clip(String(e), 300);
}
