/**
 * The dashboard's filters and presets (DASHBOARD.md): owner (all or my book), segment, plan,
 * company stage and north star, and the messages shown in place of the view (setup, error,
 * loading).
 */
import { allMetrics } from '@/lib/portfolio/catalog';
import { type Filters, type filterOptions, SEGMENT_LABEL } from '@/lib/portfolio/filters';
import { type DashboardPrefs, STAGE_PRESETS, STAGES, type Stage } from '@/lib/portfolio/targets';
import { type MessageProps, Message as PageMessage } from '../page-parts';
import { SelectField } from './parts';

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
      <SelectField
        label="Segment"
        value={f.segment}
        onChange={(v) => setF({ segment: v as Filters['segment'] })}
        options={[
          ['all', 'All segments'],
          ...options.segments.map((s) => [s, SEGMENT_LABEL[s] ?? s] as const),
        ]}
      />
      <SelectField
        label="Plan"
        value={f.plan}
        onChange={(v) => setF({ plan: v })}
        options={[['all', 'All plans'], ...options.plans.map((p) => [p.id, p.name] as const)]}
      />
      <SelectField
        label="Company stage"
        value={prefs.stage}
        onChange={(v) => setPrefs({ ...prefs, stage: v as Stage, northStar: undefined, tab: undefined })}
        options={STAGES.map((s) => [s, STAGE_PRESETS[s].label] as const)}
      />
      <SelectField
        label="North star"
        value={northStar}
        onChange={(v) => setPrefs({ ...prefs, northStar: v })}
        options={allMetrics(featureNames).map((m) => [m.key, m.label] as const)}
      />
    </fieldset>
  );
}
