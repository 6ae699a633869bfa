/**
 * The workspace's review settings (`local:review`): the name printed in the header and the value
 * statements. Shown on the review page's toolbar (never printed); a small self-contained card so
 * the options page can mount it too.
 */
import { useState } from 'react';
import {
  type ReviewSettings,
  readReviewSettings,
  type ValueStatement,
  valueStatementSchema,
} from '@/lib/contracts/review-settings';

export function ReviewSettingsCard({
  settings,
  features,
  onSave,
  newId = () => crypto.randomUUID(),
}: {
  settings: ReviewSettings;
  features: { key: string; name: string }[];
  onSave: (s: ReviewSettings) => Promise<void>;
  newId?: () => string;
}) {
  const [name, setName] = useState(settings.workspaceName);
  const [rows, setRows] = useState<ValueStatement[]>(settings.valueStatements);
  const [state, setState] = useState<string>('');
  const set = (i: number, patch: Partial<ValueStatement>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const invalid = rows.findIndex((r) => !valueStatementSchema.safeParse(r).success);
  return (
    <details className="rv-settings">
      <summary>Workspace name and value statements</summary>
      <label>
        Workspace name{' '}
        <input
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          placeholder="Acme Customer Success"
        />
      </label>
      <p className="rv-when">
        Value statements turn use into outcomes: “each report created saves 30 minutes” → hours saved. The
        data has no count of uses per feature, so a feature counts one use for each user whose last use falls
        in the period; a session counts every product session.
      </p>
      <ul className="rv-statements">
        {rows.map((r, i) => (
          <li key={r.id}>
            Each{' '}
            <input
              aria-label="Unit"
              value={r.unit}
              onChange={(e) => set(i, { unit: e.target.value })}
              placeholder="report created"
            />{' '}
            <select
              aria-label="Counted from"
              value={r.basis === 'session' ? '' : r.featureKey}
              onChange={(e) =>
                set(
                  i,
                  e.target.value
                    ? { basis: 'feature', featureKey: e.target.value }
                    : { basis: 'session', featureKey: '' },
                )
              }
            >
              <option value="">(product session)</option>
              {features.map((f) => (
                <option key={f.key} value={f.key}>
                  use of {f.name}
                </option>
              ))}
            </select>{' '}
            saves{' '}
            <input
              aria-label="Minutes per use"
              type="number"
              min={1}
              max={1440}
              value={r.minutesPerUse}
              onChange={(e) => set(i, { minutesPerUse: Number(e.target.value) })}
            />{' '}
            minutes{' '}
            <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() =>
          setRows([
            ...rows,
            {
              id: newId(),
              basis: features.length ? 'feature' : 'session',
              featureKey: features[0]?.key ?? '',
              unit: features.length ? `${features[0].name} use` : 'session',
              minutesPerUse: 30,
            },
          ])
        }
      >
        Add a value statement
      </button>{' '}
      <button
        type="button"
        disabled={invalid >= 0}
        onClick={async () => {
          try {
            await onSave(readReviewSettings({ workspaceName: name, valueStatements: rows }));
            setState('Saved.');
          } catch (e) {
            setState(`Not saved: ${String(e)} Try again.`);
          }
        }}
      >
        Save
      </button>
      {invalid >= 0 && (
        <span role="alert" className="rv-when">
          {' '}
          Statement {invalid + 1} needs a unit and 1–1,440 minutes.
        </span>
      )}
      {state && <span role="status"> {state}</span>}
    </details>
  );
}
