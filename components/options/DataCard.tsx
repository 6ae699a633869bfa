/** The "Data and diagnostics" card: what is cached, clear it, export it. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Card, mb, Result } from './parts';
import type { OptionsSource } from './source';

export function DataCard({ source }: { source: OptionsSource }) {
  const qc = useQueryClient();
  const stats = useQuery({ queryKey: ['stats'], queryFn: () => source.stats() });
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const s = stats.data;
  return (
    <Card title="Data and diagnostics" id="opt-data">
      {s && (
        <>
          <p data-testid="stats">
            {s.accounts} accounts, {s.usageDays} usage days, {s.users} users, {s.tickets} tickets, {s.surveys}{' '}
            surveys
            {s.deals ? `, ${s.deals} deals` : ''}
            {s.dataThrough ? ` · data through ${s.dataThrough}` : ''}
            {s.source ? ` · from ${s.source === 'sync' ? 'the server' : 'an imported file'}` : ''}
          </p>
          {s.storage && (
            <p>
              Storage used: {mb(s.storage.usage)} of {mb(s.storage.quota)}
            </p>
          )}
          <p>API token: {s.token}</p>
          {s.rejected.length > 0 && (
            <details>
              <summary>{s.rejected.length} rejected records (latest first)</summary>
              <ul className="opt-list">
                {s.rejected.slice(0, 100).map((r) => (
                  <li key={`${r.at}-${r.collection}-${r.ref}-${r.message}`}>
                    {r.collection} {r.ref}: {r.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      <div className="opt-actions">
        <button type="button" onClick={async () => setResult(await source.exportDataset())}>
          Export cached dataset (JSON)
        </button>
        <button
          type="button"
          onClick={async () => {
            if (
              !confirm('Clear all cached Healthbar data from this browser? The next sync downloads it again.')
            )
              return;
            await source.clearCache();
            setResult({ ok: true, message: 'Cache cleared.' });
            void qc.invalidateQueries();
          }}
        >
          Clear cache
        </button>
      </div>
      <Result r={result} />
    </Card>
  );
}
