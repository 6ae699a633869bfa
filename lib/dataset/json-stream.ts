/**
 * A JSON dataset read as a stream (the server's `POST /v1/import`): the text is never held whole
 * and never becomes one object tree. `@streamparser/json` tokenizes the bytes and assembles one
 * record at a time (`$.<collection>.<i>`), which goes straight into a `DatasetBuilder` and is
 * dropped from the parser; memory holds the validated records only, as for a CSV import.
 *
 * The top level is followed token by token here (the parser is told to keep nothing at depth 1,
 * so a hostile `"currency": [ …millions of {} … ]` is not assembled either): scalar members are
 * the header (`schemaVersion`, `currency`, …), container members are collections.
 *
 * Where this differs from `parseDataset(JSON.parse(text))`, and why:
 * - Records are validated in the order they appear in the text, so rejections are listed in that
 *   order (collections written in DATASET.md order — the usual case — give the same list).
 * - A collection named twice at the top level is read twice (`JSON.parse` keeps the last); a
 *   warning says so.
 * - A top level that is not an object is refused at its first byte.
 */
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import {
  type BuilderOptions,
  DatasetBuilder,
  DatasetTooLarge,
  describeValue,
  errorText,
  type ParseResult,
} from './parse';
import { COLLECTIONS, type CollectionName } from './schema';

/** The JSON text is malformed (the body is not JSON): `message` says where. */
export class JsonSyntaxError extends Error {}

const { LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET, COLON, COMMA } = TokenType;

/** Deepest nesting read: a dataset needs 4 (top level, collection, record, `crm` / a map). */
const MAX_DEPTH = 64;

const COLLECTION_SET: ReadonlySet<string> = new Set(COLLECTIONS);

export class JsonDatasetStream {
  private readonly builder: DatasetBuilder;
  private readonly tokenizer = new Tokenizer();
  private readonly parser: TokenParser;
  private depth = 0;
  private first = true;
  /** At depth 1: the member name just read, and whether its value comes next. */
  private key: string | null = null;
  private expectKey = true;
  private readonly header: Record<string, unknown> = {};
  /** Top-level members that are containers: 'list' or 'object' (for "must be a list"). */
  private readonly containers = new Map<string, 'list' | 'object'>();
  private readonly repeated = new Set<string>();
  private failure: Error | null = null;

  constructor(private readonly options: BuilderOptions & { currencyFallback?: string } = {}) {
    this.builder = new DatasetBuilder(options);
    this.parser = new TokenParser({ paths: ['$.*.*'], keepStack: false });
    this.parser.onValue = ({ value, parent, stack }) => {
      // A record: the element of a top-level list named after a collection.
      if (!Array.isArray(parent) || stack.length !== 2) return;
      const name = stack[1].key;
      if (typeof name === 'string' && COLLECTION_SET.has(name))
        this.builder.add(name as CollectionName, value);
    };
    this.parser.onError = (e) => {
      this.failure ??= e;
    };
    this.tokenizer.onError = (e) => {
      this.failure ??= e;
    };
    this.tokenizer.onToken = (t) => {
      this.top(t.token, t.value);
      this.parser.write(t);
    };
  }

  /** The top level, token by token. */
  private top(token: number, value: unknown): void {
    if (this.first) {
      this.first = false;
      if (token !== LEFT_BRACE) {
        throw new NotAnObject(
          `The dataset is not a Healthbar dataset: expected an object with schemaVersion and currency, found ${token === LEFT_BRACKET ? 'a list' : describeValue(value)}.`,
        );
      }
    }
    const opens = token === LEFT_BRACE || token === LEFT_BRACKET;
    const closes = token === RIGHT_BRACE || token === RIGHT_BRACKET;
    if (this.depth === 1 && token !== COMMA && token !== COLON && !closes) {
      if (this.expectKey) {
        this.key = String(value);
        this.expectKey = false;
      } else {
        const key = this.key ?? '';
        if (opens) {
          if (this.containers.has(key) && COLLECTION_SET.has(key)) this.repeated.add(key);
          this.containers.set(key, token === LEFT_BRACKET ? 'list' : 'object');
        } else if (key !== '__proto__') this.header[key] = value;
        this.expectKey = true;
      }
    }
    if (opens && ++this.depth > MAX_DEPTH) {
      throw new JsonSyntaxError(`the JSON is nested more than ${MAX_DEPTH} levels deep (a dataset needs 4)`);
    } else if (closes) this.depth--;
  }

  /** A chunk of the UTF-8 body. Throws `JsonSyntaxError`, `NotAnObject` or `DatasetTooLarge`. */
  write(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.first && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3);
    }
    if (bytes.length === 0) return;
    try {
      this.tokenizer.write(bytes);
    } catch (e) {
      this.rethrow(e);
    }
    if (this.failure) this.rethrow(this.failure);
  }

  private rethrow(e: unknown): never {
    if (e instanceof NotAnObject || e instanceof DatasetTooLarge || e instanceof JsonSyntaxError) throw e;
    throw new JsonSyntaxError(errorText(e));
  }

  /** After the last chunk: the validated dataset (or why it is unusable). Throws `JsonSyntaxError`. */
  end(): ParseResult {
    if (this.first) throw new JsonSyntaxError('the body is empty');
    try {
      this.tokenizer.end();
    } catch (e) {
      this.rethrow(e);
    }
    if (this.failure) this.rethrow(this.failure);
    if (!this.parser.isEnded) throw new JsonSyntaxError('the JSON text ends too early');
    const b = this.builder;
    const error = b.setHeader(this.header, { currencyFallback: this.options.currencyFallback });
    if (error) return { ok: false, error };
    for (const name of COLLECTIONS) {
      const kind = this.containers.get(name);
      if (kind === 'object') {
        b.rejectCollection(
          name,
          'must be a list of records but is an object; the whole collection was ignored',
        );
      } else if (kind === undefined && Object.hasOwn(this.header, name) && this.header[name] !== null) {
        b.rejectCollection(
          name,
          `must be a list of records but is ${describeValue(this.header[name])}; the whole collection was ignored`,
        );
      }
    }
    for (const name of this.repeated)
      b.warn(`${name} is given twice at the top level; the records of both were read`);
    return b.finish();
  }
}

/** The top level is not an object. */
export class NotAnObject extends Error {}
