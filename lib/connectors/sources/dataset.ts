/**
 * `dataset` source: an interchange dataset (JSON file, CSV folder or zip) read through the
 * project's one dataset reader. Its accounts are created (kept by their id; they never match each
 * other by domain), its rows attach to them, and rows naming an account the dataset does not hold
 * attach by that id to an account of an earlier source, or are left out as unmatched.
 *
 * Choices where the contract is silent:
 * - Records the reader rejects are reported as `invalid` with the reader's message.
 * - A dataset in another currency is converted with the config's rates (revenue `mrr`,
 *   `acquisitionCost`, deals' `amount`); without a rate its revenue rows and deals are left out
 *   (`unknownCurrency`) and its accounts lose `acquisitionCost` (also reported).
 * - Plans, features and milestones are added after the config's (first key wins).
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { readDatasetPath } from '../../dataset/read-node';
import { normaliseDomain } from '../domains';
import { convertMinor } from '../money';
import {
  type LeftOut,
  type RowCollection,
  type SourceDefinition,
  SourceError,
  type SourceRow,
} from '../types';

const schema = z.object({
  path: z.string().min(1),
  /** Currency of a CSV dataset without dataset.csv. */
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .optional(),
});

export const datasetSource: SourceDefinition<typeof schema> = {
  type: 'dataset',
  schema,
  async read(config, ctx) {
    const path = isAbsolute(config.path) ? config.path : resolve(ctx.configDir, config.path);
    const result = await readDatasetPath(path, { currency: config.currency?.toUpperCase() });
    if (!result.ok) throw new SourceError(config.name, result.error.message);
    const ds = result.dataset;
    const leftOut: LeftOut[] = result.rejected.map((r) => ({
      reason: 'invalid',
      sourceId: r.id ?? `${r.collection}[${r.index}]`,
      why: r.message,
    }));
    const convert = (minor: number) => convertMinor(minor, ds.currency, ctx.currency, ctx.rates);
    const noRate = convert(0) === null;
    const ids = new Set(ds.accounts.map((a) => a.id));
    const accounts = ds.accounts.map((a) => {
      const { id, name, domains, crm, updatedAt: _u, acquisitionCost, ...fields } = a;
      let cost: number | undefined;
      if (acquisitionCost !== undefined) {
        const c = convert(acquisitionCost);
        if (c === null) {
          leftOut.push({
            reason: 'unknownCurrency',
            sourceId: id,
            why: `acquisitionCost is in ${ds.currency}, which has no rate in the config`,
          });
        } else cost = c;
      }
      const ds2 = domains.map(normaliseDomain).filter((d): d is string => d !== null);
      return {
        sourceId: id,
        identity: { explicitId: id, domains: ds2 },
        newAccountId: id,
        domains: ds2,
        fields: { ...fields, name, crm, acquisitionCost: cost },
      };
    });
    const rows: SourceRow[] = [];
    const add = <C extends RowCollection>(
      collection: C,
      list: readonly ({ accountId: string } & object)[],
    ) => {
      for (const r of list) {
        const { accountId, ...record } = r;
        const key =
          'id' in r ? String(r.id) : `${accountId} ${'month' in r ? r.month : 'date' in r ? r.date : ''}`;
        rows.push({
          collection,
          sourceId: key,
          account: ids.has(accountId)
            ? { ref: accountId }
            : { identity: { explicitId: accountId, explicitOnly: true } },
          record: record as SourceRow<C>['record'],
        });
      }
    };
    if (noRate && ds.revenue.length > 0) {
      for (const r of ds.revenue) {
        leftOut.push({
          reason: 'unknownCurrency',
          sourceId: `${r.accountId} ${r.month}`,
          why: `revenue is in ${ds.currency}, which has no rate in the config`,
        });
      }
    } else
      add(
        'revenue',
        ds.revenue.map((r) => ({ ...r, mrr: convert(r.mrr) as number })),
      );
    add('usage', ds.usage);
    add('users', ds.users);
    add('tickets', ds.tickets);
    add('surveys', ds.surveys);
    const deals = ds.deals ?? [];
    if (noRate && deals.length > 0) {
      for (const d of deals) {
        leftOut.push({
          reason: 'unknownCurrency',
          sourceId: d.id,
          why: `deals are in ${ds.currency}, which has no rate in the config`,
        });
      }
    } else
      add(
        'deals',
        deals.map((d) => ({ ...d, amount: convert(d.amount) as number })),
      );
    const read =
      ds.accounts.length +
      ds.revenue.length +
      ds.usage.length +
      ds.users.length +
      ds.tickets.length +
      ds.surveys.length +
      deals.length +
      result.rejected.length;
    return {
      read,
      accounts,
      rows,
      leftOut,
      plans: ds.plans,
      features: ds.features,
      milestones: ds.milestones,
    };
  },
};
