/** The columns of each collection's CSV file and of `dataset.csv`, and which file is which. */
import type { CollectionName } from './schema';
import { COLLECTIONS } from './schema';

/** One parsed cell: `null` for an empty unquoted cell (absent), else its text (`""` → `''`). */
export type CsvCell = string | null;

export type CsvKind = 'string' | 'number' | 'boolean' | 'list' | 'map';

export interface CsvColumn {
  /** Column name in the header, e.g. `crm.hubspotCompanyId`. */
  name: string;
  /** Path in the record, e.g. ['crm', 'hubspotCompanyId']. */
  path: readonly string[];
  kind: CsvKind;
  /** The field must be present for the record to be valid (`?` not set in DATASET.md). */
  required: boolean;
}

function cols(spec: string): CsvColumn[] {
  // "name:kind?" — kind defaults to string; a trailing ? marks optional.
  return spec
    .trim()
    .split(/\s+/)
    .map((s) => {
      const optional = s.endsWith('?');
      const body = optional ? s.slice(0, -1) : s;
      const [name, kind = 'string'] = body.split(':');
      return { name, path: name.split('.'), kind: kind as CsvKind, required: !optional };
    });
}

/** The columns of each collection's CSV file, in DATASET.md order (the writer's header). */
export const CSV_COLUMNS: Record<CollectionName, readonly CsvColumn[]> = {
  plans: cols('id name tier:number seatLimit:number? features:list'),
  features: cols('key name minTier:number?'),
  milestones: cols('key name order:number firstValue:boolean'),
  accounts: cols(
    `id name domains:list crm.hubspotCompanyId? crm.salesforceAccountId? crm.zendeskOrganizationId?
     planId? seats:number? segment? owner? startedOn? renewsOn? acquisitionCost:number?
     dealCreatedOn? dealClosedOn? milestones:map? updatedAt`,
  ),
  revenue: cols('accountId month mrr:number'),
  usage: cols('accountId date dau:number wau:number mau:number minutes:number sessions:number'),
  users: cols('accountId id email? name? title? champion:boolean firstSeenOn? lastSeenOn? features:map'),
  tickets: cols('id accountId openedAt firstResponseAt? solvedAt? priority status subject? csat?'),
  surveys: cols('id accountId respondedOn kind score:number comment? userId?'),
  deals: cols('id accountId name? amount:number stage createdOn closedOn? won:boolean?'),
  tasks: cols('id accountId signalId? owner dueOn note? status createdAt updatedAt'),
  sentiment: cols('id accountId value note? author? recordedAt'),
};

/** Header of `dataset.csv`. */
export const DATASET_CSV_HEADER = ['schemaVersion', 'currency', 'dataThrough'] as const;

/** `accounts.csv` → 'accounts'; `dataset.csv` → 'dataset'; anything else → null. */
export function csvFileCollection(fileName: string): CollectionName | 'dataset' | null {
  const base = fileName.replace(/^.*[\\/]/, '');
  const m = /^(.+)\.csv$/i.exec(base);
  if (!m) return null;
  const name = m[1];
  if (name === 'dataset') return 'dataset';
  return (COLLECTIONS as readonly string[]).includes(name) ? (name as CollectionName) : null;
}
