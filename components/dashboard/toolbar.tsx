/**
 * The dashboard's filters and presets (DASHBOARD.md): owner (all or my book), segment, plan,
 * company stage and north star, and the messages shown in place of the view (setup, error,
 * loading).
 */
import { allMetrics } from '@/lib/portfolio/catalog';
import { type Filters, type filterOptions, SEGMENT_LABEL } from '@/lib/portfolio/filters';
import { type DashboardPrefs, STAGE_PRESETS, STAGES, type Stage } from '@/lib/portfolio/targets';
import { type MessageProps, Message as PageMessage } from '../page-parts';
import { Field } from './parts';

/** A message card in the dashboard's look. */
export const Message = (props: MessageProps) => <PageMessage {...props} className="db-card db-message" />;

export function Skeleton({ label }: { label: string }) {
  return (
    <div
      className="hb-skeleton db-skeleton"
      aria-busy="true"
      aria-live="polite"
      data-testid="dashboard-loading"
    >
      <p className="hb-muted">{label}</p>
      <div />
      <div />
      <div />
    </div>
  );
}

export function Toolbar({
  prefs,
  setPrefs,
  myEmail,
  options,
  northStar,
  featureNames,
}: {
  prefs: DashboardPrefs;
  setPrefs: (p: DashboardPrefs) => void;
  myEmail: string;
  options: ReturnType<typeof filterOptions>;
  northStar: string;
  featureNames: Record<string, string>;
}) {
  const f = prefs.filters;
  const setF = (nf: Partial<Filters>) => setPrefs({ ...prefs, filters: { ...f, ...nf } });
  return (
    <fieldset className="db-toolbar" aria-label="Filters and presets">
      <fieldset className="db-owner">
        <legend>Owner</legend>
        <label>
          <input
            type="radio"
            name="owner"
            checked={f.owner === 'all'}
            onChange={() => setF({ owner: 'all' })}
          />{' '}
          All accounts
        </label>
        <label title={myEmail ? undefined : 'Set your email in the options to see your book'}>
          <input
            type="radio"
            name="owner"
            checked={f.owner === 'mine'}
            disabled={!myEmail.trim()}
            onChange={() => setF({ owner: 'mine' })}
          />{' '}
          My book
        </label>
      </fieldset>
      <Field label="Segment">
        {(id) => (
          <select
            id={id}
            value={f.segment}
            onChange={(e) => setF({ segment: e.target.value as Filters['segment'] })}
          >
            <option value="all">All segments</option>
            {options.segments.map((s) => (
              <option key={s} value={s}>
                {SEGMENT_LABEL[s] ?? s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Plan">
        {(id) => (
          <select id={id} value={f.plan} onChange={(e) => setF({ plan: e.target.value })}>
            <option value="all">All plans</option>
            {options.plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Company stage">
        {(id) => (
          <select
            id={id}
            value={prefs.stage}
            onChange={(e) =>
              setPrefs({ ...prefs, stage: e.target.value as Stage, northStar: undefined, tab: undefined })
            }
          >
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_PRESETS[s].label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="North star">
        {(id) => (
          <select
            id={id}
            value={northStar}
            onChange={(e) => setPrefs({ ...prefs, northStar: e.target.value })}
          >
            {allMetrics(featureNames).map((m) => (
              <option key={m.key} value={m.key}>
                {m.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </fieldset>
  );
}
