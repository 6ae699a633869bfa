/**
 * The write side of an import: `BatchWriter` collects one collection's valid records into batches
 * (unique keys within a batch) and upserts them; `ReportBuilder` counts what was accepted, rejected
 * and replaced and keeps the first `maxDetails` of each in detail for the import's report.
 */
import { readableId } from '../lib/dataset/parse';
import { COLLECTIONS, type CollectionName, type DatasetHeader } from '../lib/dataset/schema';
import {
  type IncomingRecord,
  KEYED_COLLECTIONS,
  storedKey,
  type WorkspaceState,
  type WriteTx,
} from './store';
import type { ImportReport } from './wire';

/** Counts and details of an import, turned into its `ImportReport` by `finish`. */
export class ReportBuilder {
  readonly collections = Object.fromEntries(
    COLLECTIONS.map((c) => [c, { accepted: 0, rejected: 0, replaced: 0 }]),
  ) as Record<CollectionName, { accepted: number; rejected: number; replaced: number }>;
  readonly rejections: ImportReport['rejections'] = [];
  readonly replacements: ImportReport['replacements'] = [];
  readonly warnings: string[] = [];
  truncated = false;

  constructor(private readonly maxDetails: number) {}

  reject(r: ImportReport['rejections'][number]): void {
    this.collections[r.collection as CollectionName].rejected++;
    if (this.rejections.length < this.maxDetails) this.rejections.push(r);
    else this.truncated = true;
  }

  replace(collection: CollectionName, id: string, message: string): void {
    this.collections[collection].replaced++;
    this.collections[collection].accepted--;
    if (this.replacements.length < this.maxDetails) this.replacements.push({ collection, id, message });
    else this.truncated = true;
  }

  warn(w: string): void {
    if (this.warnings.length < this.maxDetails) this.warnings.push(w);
  }

  finish(header: DatasetHeader, before: WorkspaceState, changed: number): ImportReport {
    let accepted = 0;
    let rejected = 0;
    let replaced = 0;
    for (const c of COLLECTIONS) {
      accepted += this.collections[c].accepted;
      rejected += this.collections[c].rejected;
      replaced += this.collections[c].replaced;
    }
    return {
      currency: header.currency,
      dataThrough: header.dataThrough ?? before.dataThrough ?? null,
      accepted,
      rejected,
      replaced,
      changed,
      collections: this.collections,
      rejections: this.rejections,
      replacements: this.replacements,
      warnings: this.warnings,
      truncated: this.truncated,
    };
  }
}

function keyWord(collection: CollectionName): string {
  return KEYED_COLLECTIONS.has(collection) ? 'key' : 'id';
}

/** Collects one collection's records into batches (unique keys within a batch) and writes them. */
export class BatchWriter {
  private items: IncomingRecord[] = [];
  private byKey = new Map<string, number>();

  constructor(
    private readonly tx: WriteTx,
    private readonly collection: CollectionName,
    private readonly report: ReportBuilder,
    private readonly batchSize: number,
  ) {}

  get full(): boolean {
    return this.items.length >= this.batchSize;
  }

  add(item: IncomingRecord): void {
    const c = this.collection;
    this.report.collections[c].accepted++;
    const k = storedKey(c, item.record);
    const key = `${k.rid}\u0000${k.rsub}`;
    const slot = this.byKey.get(key);
    if (slot === undefined) {
      this.byKey.set(key, this.items.length);
      this.items.push(item);
      return;
    }
    const earlier = this.items[slot];
    this.items[slot] = item;
    const id = readableId(c, item.record) ?? '';
    this.report.replace(
      c,
      id,
      `${item.location} (${id}) replaces ${earlier.location}, which has the same ${keyWord(c)}`,
    );
  }

  async flush(): Promise<void> {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.byKey = new Map();
    const { replacedEarlier } = await this.tx.upsertBatch(this.collection, items);
    for (const item of replacedEarlier) {
      const id = readableId(this.collection, item.record) ?? '';
      this.report.replace(
        this.collection,
        id,
        `${item.location} (${id}) replaces an earlier record of this import with the same ${keyWord(this.collection)}`,
      );
    }
  }
}
