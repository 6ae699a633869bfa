/**
 * Building blocks of the dashboard: metric cards with their definition on hover and focus (and,
 * when null, why), chart cards with a data table, and the account lists.
 */
import { type ReactNode, useId, useLayoutEffect, useRef, useState } from 'react';
import { ColumnHeads } from '@/components/page-parts';
import type { Account } from '@/lib/dataset/schema';
import { DASH, fullMonth, money, num } from '@/lib/format';
import type { AccountReport } from '@/lib/metrics/types';
import { CADENCE_LABEL, type Cadence, type MetricDef, metricDef, tileMetric } from '@/lib/portfolio/catalog';
import { crmLinks, type LastCrmHosts } from '@/lib/portfolio/crm-links';
import { SEGMENT_LABEL } from '@/lib/portfolio/filters';
import { topSignal } from '@/lib/portfolio/lists';
import { renewalText } from '@/lib/portfolio/renewal';
import type { DashboardView } from '@/lib/portfolio/view';
import { reviewHref } from '@/lib/review/period';
import { BandBadge } from '../panel/parts';
import { ListCard } from './list-card';

export interface Fmt {
  currency: string;
  locale: string;
}

export function Null({ why }: { why: string }) {
  return (
    <abbr title={why} aria-label={`not available: ${why}`} className="hb-null">
      {DASH}
    </abbr>
  );
}

/** A definition shown on hover and focus of its owner (and read by screen readers through aria-describedby). */
function Tip({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span role="tooltip" id={id} className="db-tip">
      {children}
    </span>
  );
}

export function MetricCard({
  def,
  value,
  fmt,
  size = 'normal',
  extra,
  eyebrow,
  cadence,
}: {
  def: MetricDef;
  value: number | null;
  fmt: Fmt;
  size?: 'normal' | 'large' | 'small';
  extra?: ReactNode;
  eyebrow?: string;
  cadence?: Cadence;
}) {
  const tipId = useId();
  // Money from a million up is compact on a tile ("$297.0M"): the whole figure is its tooltip.
  const { text, exact } = tileMetric(def.key, value, fmt.currency, fmt.locale);
  const c = cadence ?? def.cadence;
  return (
    <div
      className={`db-kpi db-kpi-${size}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: focus shows the definition (hover alone is not enough).
      tabIndex={0}
      aria-describedby={tipId}
      data-testid={`kpi-${def.key}`}
      data-metric={def.key}
    >
      {eyebrow && <span className="db-eyebrow">{eyebrow}</span>}
      <span className="db-kpi-label">{def.label}</span>
      <span className="db-kpi-value" data-testid={`kpi-${def.key}-value`} title={exact ?? undefined}>
        {value === null ? <Null why={def.whyNull} /> : text}
      </span>
      <span className="db-cadence">Review {CADENCE_LABEL[c]}</span>
      {extra}
      <Tip id={tipId}>
        <strong>{def.label}.</strong> {def.definition}
        {value === null && def.whyNull ? ` Not available: ${def.whyNull}` : ''}
      </Tip>
    </div>
  );
}

/** A metric card from its key (the catalogue entry) and a value. */
export function Kpi({
  k,
  value,
  fmt,
  size,
  extra,
  featureNames,
}: {
  k: string;
  value: number | null;
  fmt: Fmt;
  size?: 'normal' | 'large' | 'small';
  extra?: ReactNode;
  featureNames?: Record<string, string>;
}) {
  const def = metricDef(k, featureNames);
  if (!def) return null;
  return <MetricCard def={def} value={value} fmt={fmt} size={size} extra={extra} />;
}

/** A labelled control: the label names the control alone (not its options). */
export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="db-field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** A labelled select; `options` are [value, label] pairs, in order. */
export function SelectField({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Renders a chart at the width its container has (so text keeps its size), following resizes. */
export function Sized({ children, min = 240 }: { children: (width: number) => ReactNode; min?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [w, setW] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setW(Math.floor(el.getBoundingClientRect().width));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <div ref={ref} className="db-sized">
      {children(Math.max(min, w || 480))}
    </div>
  );
}

export interface DataTable {
  columns: string[];
  rows: (string | number)[][];
}

/** A chart with its title, review cadence, definition (hover/focus) and the numbers as a table. */
export function ChartCard({
  title,
  cadence,
  definition,
  children,
  table,
  testId,
  className,
}: {
  title: string;
  cadence: Cadence;
  definition: string;
  children: ReactNode;
  table?: DataTable;
  testId?: string;
  className?: string;
}) {
  const tipId = useId();
  const headId = useId();
  return (
    <section
      className={`db-card db-chart-card ${className ?? ''}`}
      aria-labelledby={headId}
      data-testid={testId}
      data-export-title={title}
    >
      <header className="db-card-head">
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focus shows the definition. */}
        <h3 id={headId} tabIndex={0} aria-describedby={tipId} className="db-has-tip">
          {title}
          <Tip id={tipId}>{definition}</Tip>
        </h3>
        <span className="db-cadence">Review {CADENCE_LABEL[cadence]}</span>
      </header>
      {children}
      {table && (
        <details className="db-data">
          <summary>Data</summary>
          <table className="hb-table">
            <ColumnHeads columns={table.columns} />
            <tbody>
              {table.rows.map((r) => (
                <tr key={String(r[0])}>
                  {r.map((c, i) =>
                    i === 0 ? (
                      <th key={table.columns[i]} scope="row">
                        {c}
                      </th>
                    ) : (
                      <td key={table.columns[i]}>{c}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

const SEV_WORD = { high: 'high', medium: 'medium', low: 'low' } as const;

/**
 * The first `limit` items of a list, then a "Show all N" / "Show fewer" toggle (null when the
 * list fits): the one way every dashboard list grows.
 */
export function useShowAll<T>(items: T[], limit: number, locale: string): { shown: T[]; toggle: ReactNode } {
  const [all, setAll] = useState(false);
  return {
    shown: all ? items : items.slice(0, limit),
    toggle:
      items.length > limit ? (
        <button type="button" className="db-link" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${num(items.length, locale, 0)}`}
        </button>
      ) : null,
  };
}

/** An account's row header in a list: its name, then its segment and owner. */
export function AccountName({
  a,
  children,
}: {
  a: Pick<AccountReport, 'name' | 'segment' | 'owner'>;
  children?: ReactNode;
}) {
  return (
    <th scope="row" className="db-account-name">
      <span data-testid="list-name">{a.name}</span>
      <span className="db-sub">
        {[a.segment ? SEGMENT_LABEL[a.segment] : null, a.owner].filter(Boolean).join(' · ')}
      </span>
      {children}
    </th>
  );
}

const ACTION_LISTS = {
  risk: { title: 'At risk', empty: 'No account is at risk.' },
  upsell: { title: 'Upsell', empty: 'No account shows an upsell signal.' },
} as const;

/** The view's at-risk or upsell list (the overview's, the Customer Success and Sales tabs'). */
export function ActionList({
  kind,
  v,
  fmt,
  testId,
}: {
  kind: 'risk' | 'upsell';
  v: DashboardView;
  fmt: Fmt;
  testId: string;
}) {
  const { title, empty } = ACTION_LISTS[kind];
  const accounts = kind === 'risk' ? v.atRisk : v.upsell;
  return (
    <AccountList
      kind={kind}
      title={title}
      accounts={accounts}
      asOf={v.asOf}
      fmt={fmt}
      testId={testId}
      empty={empty}
    />
  );
}

/** The at-risk or upsell list as a table; the first `limit` rows, then "Show all". */
export function AccountList({
  kind,
  accounts,
  asOf,
  fmt,
  limit = 8,
  testId,
  title,
  empty,
}: {
  kind: 'risk' | 'upsell';
  accounts: AccountReport[];
  /** The report's date (a past renewal reads as a date). */
  asOf: string;
  fmt: Fmt;
  limit?: number;
  testId: string;
  title: string;
  empty: string;
}) {
  const { shown, toggle } = useShowAll(accounts, limit, fmt.locale);
  return (
    <ListCard title={title} count={accounts.length} cadence="daily" testId={testId} toggle={toggle}>
      {accounts.length === 0 ? (
        <p className="hb-muted">{empty}</p>
      ) : (
        <table className="hb-table db-accounts">
          <ColumnHeads
            columns={[
              'Account',
              'Health',
              kind === 'risk' ? 'Renewal' : 'MRR',
              kind === 'risk' ? 'Top risk' : 'Signal',
            ]}
          />
          <tbody>
            {shown.map((a) => {
              const s = topSignal(a, kind);
              return (
                <tr key={a.id} data-account-id={a.id}>
                  <AccountName a={a}>
                    <a
                      className="db-review-link"
                      href={reviewHref(a.id)}
                      target="_blank"
                      rel="noreferrer"
                      data-testid="list-review-link"
                    >
                      Success review
                    </a>
                  </AccountName>
                  <td>
                    <BandBadge band={a.health.band} score={a.health.rounded} />
                  </td>
                  <td>
                    {kind === 'risk'
                      ? (renewalText(asOf, a.renewsInDays) ?? DASH)
                      : money(a.mrr, fmt.currency, fmt.locale)}
                  </td>
                  <td className="db-signal" title={s?.evidence}>
                    {s ? `${s.id.replace(/-/g, ' ')} · ${SEV_WORD[s.severity]}` : DASH}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </ListCard>
  );
}

/** Churned accounts, apart from the other lists (DASHBOARD.md "Lists"): when each churned and its last MRR. */
export function ChurnedList({
  accounts,
  fmt,
  limit = 8,
}: {
  accounts: AccountReport[];
  fmt: Fmt;
  limit?: number;
}) {
  const { shown, toggle } = useShowAll(accounts, limit, fmt.locale);
  return (
    <ListCard title="Churned" count={accounts.length} cadence="monthly" testId="cs-churned" toggle={toggle}>
      {accounts.length === 0 ? (
        <p className="hb-muted">No account has churned.</p>
      ) : (
        <table className="hb-table db-accounts">
          <ColumnHeads columns={['Account', 'Churned in', 'Last MRR']} />
          <tbody>
            {shown.map((a) => (
              <tr key={a.id} data-account-id={a.id}>
                <AccountName a={a} />
                <td>{fullMonth(a.churnedIn)}</td>
                <td>{money(a.lastMrr, fmt.currency, fmt.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ListCard>
  );
}

/** Links to an account's records in the CRMs whose host a person last used (as the popup's lists have). */
export function CrmLinks({ crm, hosts }: { crm: Account['crm'] | undefined; hosts: LastCrmHosts }) {
  const { links } = crmLinks(crm ?? {}, hosts);
  if (!links.length) return null;
  return (
    <span className="db-links">
      {links.map((l) => (
        <a key={l.crm} href={l.url} target="_blank" rel="noreferrer">
          {l.label}
        </a>
      ))}
    </span>
  );
}

export { monthLabel } from '@/lib/portfolio/catalog';
