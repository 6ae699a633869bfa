/**
 * Starts the panel's reads before React asks for them: the status as soon as the page loads, and
 * for a record the background vouches for, its resolution and — once matched — the account's
 * view, without waiting for a render between them. The panel's queries then take the promise
 * already under way (once; a later refetch reads again). A promise older than `maxAgeMs` is not
 * handed out: the data may have changed since.
 */
import { type PanelRecord, type PanelSource, recordKey } from './source';

export interface PrefetchingSource {
  source: PanelSource;
  /** Starts reading the status (the cache's state, preferences, sync state). */
  status(): void;
  /** Starts resolving `record` and, when it matches one account, reading that account's view. */
  record(record: PanelRecord): void;
}

export function prefetching(inner: PanelSource, maxAgeMs = 2000): PrefetchingSource {
  const started = new Map<string, { at: number; promise: Promise<unknown> }>();
  const start = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const hit = started.get(key);
    if (hit && Date.now() - hit.at <= maxAgeMs) return hit.promise as Promise<T>;
    const promise = read();
    // Nobody may take it (the record changed meanwhile): no unhandled rejection.
    promise.catch(() => {});
    started.set(key, { at: Date.now(), promise });
    return promise;
  };
  const take = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const hit = started.get(key);
    started.delete(key);
    return hit && Date.now() - hit.at <= maxAgeMs ? (hit.promise as Promise<T>) : read();
  };
  const resolveKey = (r: PanelRecord) => `resolve\u0000${recordKey(r)}\u0000${JSON.stringify(r.hints)}`;
  const source: PanelSource = {
    ...inner,
    status: () => take('status', () => inner.status()),
    resolve: (r) => take(resolveKey(r), () => inner.resolve(r)),
    view: (id) => take(`view\u0000${id}`, () => inner.view(id)),
  };
  return {
    source,
    status() {
      void start('status', () => inner.status());
    },
    record(r) {
      void start(resolveKey(r), () => inner.resolve(r)).then(
        (res) => {
          if (res.status === 'matched')
            void start(`view\u0000${res.accountId}`, () => inner.view(res.accountId));
        },
        () => {},
      );
    },
  };
}
