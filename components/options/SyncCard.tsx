/** The Sync card: the sync's state, "Sync now", and how often it runs. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Preferences } from '@/lib/ext/settings';
import { ago } from '@/lib/format';
import type { SyncState } from '@/lib/sync/state';
import { Card } from './parts';
import type { OptionsSource } from './source';

export function SyncCard({
  source,
  sync,
  prefs,
}: {
  source: OptionsSource;
  sync: SyncState;
  prefs: Preferences;
}) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const label: Record<SyncState['status'], string> = {
    never: 'Never synced',
    syncing: `Syncing… ${sync.pages} pages, ${sync.records} records so far`,
    ok: `Up to date (synced ${ago(sync.lastSuccessAt, source.now())})`,
    offline: `Offline — ${sync.error ?? ''}`,
    error: `Error — ${sync.error ?? ''}`,
  };
  const stale =
    sync.lastSuccessAt &&
    source.now().getTime() - Date.parse(sync.lastSuccessAt) > prefs.staleAfterHours * 3_600_000;
  return (
    <Card title="Sync" id="opt-sync">
      <p data-testid="sync-state">
        {label[sync.status]}
        {stale && sync.status === 'ok' ? ' — stale' : ''}
      </p>
      {sync.rejected > 0 && (
        <p className="opt-err">{sync.rejected} records were rejected in the last sync (see Diagnostics).</p>
      )}
      <div className="opt-actions">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await source.syncNow();
            setBusy(false);
            void qc.invalidateQueries();
          }}
        >
          Sync now
        </button>
        <label>
          Every{' '}
          <select
            value={prefs.syncIntervalMin}
            onChange={async (e) => {
              await source.savePreferences({ ...prefs, syncIntervalMin: Number(e.target.value) });
              void qc.invalidateQueries();
            }}
          >
            {[5, 15, 30, 60, 240, 1440].map((m) => (
              <option key={m} value={m}>
                {m < 60 ? `${m} minutes` : m === 60 ? 'hour' : m === 1440 ? 'day' : `${m / 60} hours`}
              </option>
            ))}
          </select>
        </label>
      </div>
    </Card>
  );
}
