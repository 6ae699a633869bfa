/**
 * Targets (DASHBOARD.md "Targets"): the person's SMART targets with progress gauges, a form to
 * set one (baseline recorded from the current value in its scope), and the suggested presets of
 * the company stage.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import type { Dataset } from '@/lib/dataset/schema';
import { day, pct } from '@/lib/format';
import type { Report, Settings } from '@/lib/metrics';
import { allMetrics, formatMetric, metricDef } from '@/lib/portfolio/catalog';
import {
  describeScope,
  type Scope,
  SEGMENT_LABEL,
  scopeFromText,
  scopeKey,
  scopeText,
} from '@/lib/portfolio/filters';
import { fromInput, inputUnit, toInput } from '@/lib/portfolio/target-input';
import {
  addDays,
  evaluateTarget,
  makeTarget,
  presetById,
  STAGE_PRESETS,
  STATUS_LABEL,
  type Stage,
  TARGET_PRESETS,
  type Target,
  type TargetPreset,
} from '@/lib/portfolio/targets';
import { scopeReport } from '@/lib/portfolio/view';
import { Field, type Fmt, SelectField } from './parts';
import { ProgressGauge } from './scales';
import type { DashboardMeta, DashboardSource } from './source';

export interface TargetsContext {
  source: DashboardSource;
  dataset: Dataset;
  meta: DashboardMeta;
  settings: Settings;
  settingsKey: string;
  today: string;
  asOf: string;
  fmt: Fmt;
  featureNames: Record<string, string>;
  planNames: Record<string, string>;
  segments: string[];
  plans: { id: string; name: string }[];
  owners: string[];
  myEmail: string;
}

function useScopeReport(ctx: TargetsContext, scope: Scope) {
  return useQuery({
    queryKey: ['scope', ctx.meta.version, ctx.settingsKey, scopeKey(scope), ctx.today],
    queryFn: () => scopeReport(ctx.dataset, ctx.today, ctx.settings, scope, ctx.meta.context),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

function valueIn(
  report: Report | undefined,
  metric: string,
  featureNames: Record<string, string>,
): number | null {
  if (!report) return null;
  return metricDef(metric, featureNames)?.value(report) ?? null;
}

function TargetCard({ ctx, t, onRemove }: { ctx: TargetsContext; t: Target; onRemove: () => void }) {
  const r = useScopeReport(ctx, t.scope);
  const def = metricDef(t.metric, ctx.featureNames);
  if (!def) return null;
  const f = (x: number | null) => formatMetric(t.metric, x, ctx.fmt.currency, ctx.fmt.locale);
  const current = valueIn(r.data, t.metric, ctx.featureNames);
  const p = evaluateTarget(t, current, ctx.asOf);
  const scope = describeScope(t.scope, ctx.planNames);
  return (
    <li className={`db-target db-status-${p.status}`} data-testid="target" data-status={p.status}>
      <ProgressGauge
        progress={p.progress}
        elapsed={p.elapsed}
        status={p.status}
        label={`${def.label}, ${scope}: ${p.progress === null ? 'progress unknown' : `${Math.round(p.progress * 100)}% of the way`}, ${Math.round(p.elapsed * 100)}% of the time passed — ${STATUS_LABEL[p.status]}`}
        text={<strong className="db-status">{STATUS_LABEL[p.status]}</strong>}
      />
      <div className="db-target-body">
        <h4>
          {def.label} <span className="db-sub">{scope}</span>
        </h4>
        <p>
          {f(t.baseline)} on {day(t.setOn)} → <strong>{f(t.target)}</strong> by {day(t.dueOn)}
        </p>
        <p className="hb-muted">
          Now {r.isPending ? '…' : f(current)}
          {p.progress !== null && ` · ${pct(p.progress, ctx.fmt.locale, 0)} of the way`} ·{' '}
          {pct(p.elapsed, ctx.fmt.locale, 0)} of the time passed
        </p>
        <button type="button" className="db-link" onClick={onRemove}>
          Remove target
        </button>
      </div>
    </li>
  );
}

function AddTarget({
  ctx,
  stage,
  defaultMetric,
  onAdd,
}: {
  ctx: TargetsContext;
  stage: Stage;
  defaultMetric: string;
  onAdd: (t: Target) => Promise<void>;
}) {
  const id = useId();
  const [metric, setMetric] = useState(defaultMetric);
  const [scopeV, setScopeV] = useState('all');
  const [value, setValue] = useState('');
  const [dueOn, setDueOn] = useState(addDays(ctx.asOf, 90));
  const [presetId, setPresetId] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const scope = scopeFromText(scopeV);
  const r = useScopeReport(ctx, scope);
  const def = metricDef(metric, ctx.featureNames);
  const current = valueIn(r.data, metric, ctx.featureNames);
  const kind = def?.kind ?? 'count';
  const [pending, setPending] = useState<TargetPreset | null>(null);
  const applyPreset = (p: TargetPreset) => {
    setMetric(p.metric);
    setPresetId(p.id);
    setDueOn(addDays(ctx.asOf, p.days));
    setValue('');
    setPending(p);
    setError(null);
    setDone(null);
  };
  // The preset's value once the baseline of the scope is known (relative presets need it).
  useEffect(() => {
    if (!pending || !r.isSuccess) return;
    const base = valueIn(r.data, pending.metric, ctx.featureNames);
    const k = metricDef(pending.metric)?.kind ?? 'count';
    const relative = pending.targetFor(1) !== pending.targetFor(2);
    setValue(
      base === null && relative ? '' : String(toInput(k, pending.targetFor(base ?? 0), ctx.fmt.currency)),
    );
    setPending(null);
  }, [pending, r.isSuccess, r.data, ctx.featureNames, ctx.fmt.currency]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const n = Number(value.trim());
    if (value.trim() === '' || !Number.isFinite(n)) {
      setError('Enter the target value as a number.');
      return;
    }
    const made = makeTarget({
      id: ctx.source.newId(),
      metric,
      scope,
      baseline: current,
      target: fromInput(kind, n, ctx.fmt.currency),
      setOn: ctx.asOf,
      dueOn,
      presetId,
    });
    if (!made.ok) {
      setError(made.error);
      return;
    }
    setError(null);
    await onAdd(made.target);
    setDone(
      `Target set: ${def?.label} ${formatMetric(metric, made.target.target, ctx.fmt.currency, ctx.fmt.locale)} by ${day(dueOn)}.`,
    );
    setValue('');
    setPresetId(undefined);
  };
  const suggested = STAGE_PRESETS[stage].targets.map((p) => presetById(p) as TargetPreset);
  const others = TARGET_PRESETS.filter((p) => !suggested.includes(p));
  return (
    <div className="db-card db-add-target">
      <h3>Set a target</h3>
      <div className="db-presets">
        <span className="hb-muted">Suggested for the {STAGE_PRESETS[stage].label.toLowerCase()} stage:</span>
        {suggested.map((p) => (
          <button key={p.id} type="button" className="db-chip" onClick={() => applyPreset(p)}>
            {p.label}
          </button>
        ))}
        <details>
          <summary>More presets</summary>
          {others.map((p) => (
            <button key={p.id} type="button" className="db-chip" onClick={() => applyPreset(p)}>
              {p.label}
            </button>
          ))}
        </details>
      </div>
      <form className="db-target-form" onSubmit={submit}>
        <SelectField
          label="Metric"
          value={metric}
          onChange={(v) => {
            setMetric(v);
            setPresetId(undefined);
          }}
          options={allMetrics(ctx.featureNames).map((m) => [m.key, m.label] as const)}
        />
        <SelectField
          label="Scope"
          value={scopeV}
          onChange={setScopeV}
          options={[
            ['all', 'All accounts'],
            ...ctx.segments.map((s) => [`segment:${s}`, `Segment: ${SEGMENT_LABEL[s] ?? s}`] as const),
            ...ctx.plans.map((p) => [`plan:${p.id}`, `Plan: ${p.name}`] as const),
            ...ctx.owners.map(
              (o) =>
                [
                  scopeText({ kind: 'book', owner: o }),
                  `Book of ${o}${o.toLowerCase() === ctx.myEmail.trim().toLowerCase() ? ' (mine)' : ''}`,
                ] as const,
            ),
          ]}
        />
        <Field
          label={`Target value${inputUnit(kind, ctx.fmt.currency) ? ` (${inputUnit(kind, ctx.fmt.currency)})` : ''}`}
        >
          {(fid) => (
            <input
              id={fid}
              inputMode="decimal"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-describedby={`${id}-now`}
              required
            />
          )}
        </Field>
        <Field label="Due date">
          {(id) => (
            <input
              id={id}
              type="date"
              value={dueOn}
              min={addDays(ctx.asOf, 1)}
              onChange={(e) => setDueOn(e.target.value)}
              required
            />
          )}
        </Field>
        <button type="submit" className="db-primary">
          Add target
        </button>
      </form>
      <p id={`${id}-now`} className="hb-muted" data-testid="target-baseline">
        Baseline (now, {describeScope(scope, ctx.planNames)}, as of {day(ctx.asOf)}):{' '}
        {r.isPending ? '…' : formatMetric(metric, current, ctx.fmt.currency, ctx.fmt.locale)}
        {!r.isPending && current === null && def?.whyNull ? ` — ${def.whyNull}` : ''}
      </p>
      {error && (
        <p role="alert" className="db-err">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="db-ok">
          {done}
        </p>
      )}
    </div>
  );
}

export function Targets({
  ctx,
  targets,
  stage,
  defaultMetric,
}: {
  ctx: TargetsContext;
  targets: Target[];
  stage: Stage;
  defaultMetric: string;
}) {
  const qc = useQueryClient();
  const save = async (next: Target[]) => {
    qc.setQueryData(['targets'], next);
    await ctx.source.saveTargets(next);
  };
  return (
    <section className="db-section" aria-labelledby="db-targets" data-testid="targets">
      <h2 id="db-targets">Targets</h2>
      {targets.length === 0 ? (
        <p className="hb-muted">
          No target yet. Set one below — a metric, a scope, a value and a due date; Healthbar records today’s
          value as the baseline.
        </p>
      ) : (
        <ul className="db-targets">
          {targets.map((t) => (
            <TargetCard
              key={t.id}
              ctx={ctx}
              t={t}
              onRemove={() => save(targets.filter((x) => x.id !== t.id))}
            />
          ))}
        </ul>
      )}
      <AddTarget ctx={ctx} stage={stage} defaultMetric={defaultMetric} onAdd={(t) => save([...targets, t])} />
    </section>
  );
}
