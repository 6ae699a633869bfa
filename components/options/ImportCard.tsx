/** The Import card: read a dataset file (JSON, CSV or zip) instead of a server. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Card, Result } from './parts';
import type { OptionsSource } from './source';

export function ImportCard({ source }: { source: OptionsSource }) {
  const qc = useQueryClient();
  const [result, setResult] = useState<{ ok: boolean; message: string; details: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [currency, setCurrency] = useState('');
  return (
    <Card title="Import a dataset file" id="opt-import">
      <p className="hb-muted">
        No server? Import a dataset in Healthbar's interchange format: one .json file, the CSV files
        (dataset.csv, accounts.csv, usage.csv, …) or a .zip of them. It replaces the cached data; invalid
        records are left out and listed.
      </p>
      <div className="opt-actions">
        <input
          type="file"
          aria-label="Dataset files"
          multiple
          accept=".json,.csv,.zip,application/json,text/csv,application/zip"
          disabled={busy}
          onChange={async (e) => {
            const files = [...(e.target.files ?? [])];
            if (!files.length) return;
            setBusy(true);
            setResult(null);
            try {
              setResult(await source.importFiles(files, currency || undefined));
            } finally {
              setBusy(false);
              void qc.invalidateQueries();
            }
          }}
        />
        <label>
          Currency if no dataset.csv{' '}
          <input
            value={currency}
            onChange={(e) => setCurrency(e.target.value.toUpperCase())}
            maxLength={3}
            size={4}
            placeholder="USD"
          />
        </label>
      </div>
      {busy && <p role="status">Importing…</p>}
      {result && (
        <div>
          <Result r={result} />
          {result.details.length > 0 && (
            <ul className="opt-list">
              {result.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Card>
  );
}
