/** The Scoring card: weights and thresholds of the health score, with a preview of the bands that would change. */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { type Preferences, scoringSettings } from '@/lib/ext/settings';
import { day } from '@/lib/format';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/metrics';
import {
  BAND_WORD,
  checkForm,
  formFromSettings,
  overridesOf,
  SCORING_FIELDS,
  type ScoringField,
  type ScoringForm,
  type ScoringPreview,
  SENTIMENT_WEIGHT_HINT,
} from '@/lib/portfolio/scoring';
import { Card, Result } from './parts';
import type { OptionsSource } from './source';

/** Waits until `value` has not changed for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function ScoringInput({
  field,
  value,
  invalid,
  onChange,
}: {
  field: ScoringField;
  value: string;
  invalid: boolean;
  onChange: (v: string) => void;
}) {
  return (
    <label className="opt-num" title={field.hint}>
      <span>{field.label}</span>
      <input
        type="number"
        name={field.path}
        step={field.step ?? 1}
        value={value}
        aria-invalid={invalid || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

function PreviewText({ p }: { p: ScoringPreview }) {
  const n = p.changes.length;
  const word = (b: keyof typeof BAND_WORD | null) => BAND_WORD[b ?? 'unknown'];
  return (
    <div data-testid="scoring-preview" role="status" aria-live="polite">
      <p>
        <strong>
          {n === 0
            ? 'No account would change band'
            : `${n} ${n === 1 ? 'account' : 'accounts'} would change band`}
        </strong>{' '}
        (of {p.accounts} cached, as of {day(p.asOf)}){n > 0 ? ': ' : '.'}
        {p.changes.slice(0, 12).map((c, i) => (
          <span key={c.id}>
            {i > 0 ? ', ' : ''}
            {c.name} ({word(c.from)} → {word(c.to)})
          </span>
        ))}
        {n > 12 ? `, and ${n - 12} more.` : n > 0 ? '.' : ''}
      </p>
      <p className="hb-muted" data-testid="scoring-counts">
        {(['green', 'yellow', 'red', 'unknown'] as const)
          .filter((b) => b !== 'unknown' || p.before.unknown + p.after.unknown > 0)
          .map((b) => `${BAND_WORD[b]} ${p.before[b]} → ${p.after[b]}`)
          .join(' · ')}
      </p>
    </div>
  );
}

export function ScoringCard({ source, prefs }: { source: OptionsSource; prefs: Preferences }) {
  const qc = useQueryClient();
  const saved = useMemo(() => scoringSettings(prefs), [prefs]);
  const savedKey = JSON.stringify(saved);
  const [form, setForm] = useState<ScoringForm>(() => formFromSettings(saved));
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const check = checkForm(form);
  const proposedKey = check.ok ? JSON.stringify(check.settings) : null;
  const debouncedKey = useDebounced(proposedKey, 250);
  const preview = useQuery({
    queryKey: ['scoring-preview', debouncedKey, savedKey],
    queryFn: () => source.previewScoring(JSON.parse(debouncedKey as string) as Settings, saved),
    enabled: debouncedKey !== null && debouncedKey !== savedKey,
    placeholderData: keepPreviousData,
  });
  // The preview shown is that of the settings in the form, never an earlier one.
  const current = debouncedKey === proposedKey && !preview.isPlaceholderData;
  const badPaths = check.ok ? [] : check.errors.map((e) => /"([^"]+)"/.exec(e)?.[1] ?? '');
  const invalid = (path: string) => badPaths.some((b) => b === path || path.startsWith(`${b}.`));
  const set = (path: string, v: string) => {
    setResult(null);
    setForm({ ...form, [path]: v });
  };
  const group = (g: ScoringField['group']) =>
    SCORING_FIELDS.filter((f) => f.group === g).map((f) => (
      <ScoringInput
        key={f.path}
        field={f}
        value={form[f.path] ?? ''}
        invalid={invalid(f.path)}
        onChange={(v) => set(f.path, v)}
      />
    ));
  const changed = proposedKey !== null && proposedKey !== savedKey;
  return (
    <Card title="Scoring" id="opt-scoring">
      <p className="hb-muted">
        How the health score is weighted, where the bands start, and when signals fire. Changes apply to the
        panel, the popup and the dashboard once saved.
      </p>
      <fieldset>
        <legend>Weights</legend>
        <div className="opt-nums">{group('weights')}</div>
        <p className="hb-muted" data-testid="sentiment-weight-hint">
          {SENTIMENT_WEIGHT_HINT}
        </p>
      </fieldset>
      <fieldset>
        <legend>Band limits</legend>
        <div className="opt-nums">{group('bands')}</div>
      </fieldset>
      <details>
        <summary>Thresholds of the score and the signals</summary>
        <div className="opt-nums">{group('thresholds')}</div>
      </details>
      {!check.ok && (
        <ul className="opt-err opt-errors" role="alert" data-testid="scoring-errors">
          {check.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {check.ok && changed && current && preview.data && <PreviewText p={preview.data} />}
      {check.ok && changed && !(current && preview.isSuccess) && <p role="status">Computing the preview…</p>}
      {check.ok && changed && current && preview.data === null && (
        <p className="hb-muted">Import or sync data to preview how many accounts would change band.</p>
      )}
      {preview.isError && <p className="opt-err">Could not compute the preview: {String(preview.error)}</p>}
      <div className="opt-actions">
        <button
          type="button"
          className="opt-primary"
          disabled={!check.ok || !changed}
          onClick={async () => {
            if (!check.ok) return;
            await source.savePreferences({ ...prefs, scoring: overridesOf(check.settings) });
            setResult({ ok: true, message: 'Saved. The panel, popup and dashboard now use these settings.' });
            void qc.invalidateQueries();
          }}
        >
          Save scoring
        </button>
        <button
          type="button"
          disabled={!changed && proposedKey !== null}
          onClick={() => setForm(formFromSettings(saved))}
        >
          Undo changes
        </button>
        <button type="button" onClick={() => setForm(formFromSettings(DEFAULT_SETTINGS))}>
          Defaults
        </button>
      </div>
      <Result r={result} />
    </Card>
  );
}
