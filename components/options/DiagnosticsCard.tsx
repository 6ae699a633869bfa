/** The "Detector diagnostics" card: CRM hosts seen, sync errors, the last ingest run, rejected records, storage, re-fetch everything. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CRM_NAMES } from '@/lib/crm/names';
import { ago } from '@/lib/format';
import { REFRESHING_NOTE, type SyncState } from '@/lib/sync/state';
import { LastIngestRun } from './IngestRun';
import { Card, mb, Result } from './parts';
import type { OptionsSource } from './source';

/** The keys of `local:lastCrmHosts` in words: a CRM's name, and HubSpot's portal. */
const HOST_KEY_NAMES: Record<string, string> = { ...CRM_NAMES, hubspotPortal: `${CRM_NAMES.hubspot} portal` };

export function DiagnosticsCard({
  source,
  sync,
  connected,
}: {
  source: OptionsSource;
  sync: SyncState;
  /** A server and token are saved (a full re-fetch is possible). */
  connected: boolean;
}) {
  const qc = useQueryClient();
  const stats = useQuery({ queryKey: ['stats'], queryFn: () => source.stats() });
  const [busy, setBusy] = useState(false);
  const [refetched, setRefetched] = useState<{ ok: boolean; message: string } | null>(null);
  const refetch = async () => {
    setBusy(true);
    setRefetched(null);
    try {
      const s = await source.refetch();
      setRefetched(
        s.status === 'ok' && !s.refreshing
          ? {
              ok: true,
              message: `Everything was fetched again: ${s.records} records${s.rejected ? `, ${s.rejected} rejected` : ''}.`,
            }
          : { ok: false, message: s.error ?? REFRESHING_NOTE },
      );
    } catch (e) {
      setRefetched({ ok: false, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
      void qc.invalidateQueries();
    }
  };
  const hosts = useQuery({ queryKey: ['crm-hosts'], queryFn: () => source.crmHosts() });
  const s = stats.data;
  const h = Object.entries(hosts.data ?? {});
  return (
    <Card title="Detector diagnostics" id="opt-diag">
      <p className="hb-muted">
        What Healthbar saw on CRM pages. The record detectors do not yet store their findings per page: open a
        record and expand “What Healthbar looked for” in its panel to see the anchors tried on that page.
      </p>
      <div>
        <h3 className="opt-h3">CRM addresses last seen</h3>
        {hosts.isPending ? (
          <p className="hb-muted">…</p>
        ) : h.length === 0 ? (
          <p className="hb-muted" data-testid="diag-hosts">
            None recorded yet (links from the popup need them).
          </p>
        ) : (
          <ul className="opt-list" data-testid="diag-hosts">
            {h.map(([k, v]) => (
              <li key={k}>
                {HOST_KEY_NAMES[k] ?? k}: {v}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3 className="opt-h3">Last error</h3>
        <p data-testid="diag-error">
          {sync.error ? `${sync.error} (${ago(sync.lastAttemptAt, source.now())})` : 'None.'}
        </p>
      </div>
      <LastIngestRun connected={connected} now={source.now()} />
      {s && (
        <div>
          <h3 className="opt-h3">Most recent rejected records</h3>
          {s.rejected.length === 0 ? (
            <p className="hb-muted">None.</p>
          ) : (
            <ul className="opt-list" data-testid="diag-rejected">
              {s.rejected.slice(0, 5).map((r) => (
                <li key={`${r.at}-${r.collection}-${r.ref}-${r.message}`}>
                  {r.collection} {r.ref}: {r.message}{' '}
                  <span className="hb-muted">({ago(r.at, source.now())})</span>
                </li>
              ))}
            </ul>
          )}
          <p data-testid="diag-storage">
            Storage used:{' '}
            {s.storage ? `${mb(s.storage.usage)} of ${mb(s.storage.quota)}` : 'unknown (no estimate)'}
          </p>
        </div>
      )}
      <div>
        <h3 className="opt-h3">Fetch everything again</h3>
        {s && (
          <p data-testid="diag-rejected-count">
            {s.source === 'import'
              ? `${s.rejectedTotal} ${s.rejectedTotal === 1 ? 'record was' : 'records were'} rejected in the imported data.`
              : s.rejectedTotal === 0
                ? 'No record from the server was rejected since the data was last fetched whole.'
                : `${s.rejectedTotal} ${s.rejectedTotal === 1 ? 'record' : 'records'} from the server ${s.rejectedTotal === 1 ? 'was' : 'were'} rejected since the data was last fetched whole. The sync has moved past ${s.rejectedTotal === 1 ? 'it' : 'them'}: once the server's data is fixed, re-fetch everything to get ${s.rejectedTotal === 1 ? 'it' : 'them'}.`}
          </p>
        )}
        {sync.refreshing && (
          <p role="status" data-testid="diag-refreshing">
            {REFRESHING_NOTE}
          </p>
        )}
        <div className="opt-actions">
          <button
            type="button"
            disabled={busy || !connected || sync.status === 'syncing'}
            title={connected ? undefined : 'Save a connection to a server first'}
            onClick={refetch}
          >
            {busy ? 'Re-fetching…' : 'Re-fetch everything'}
          </button>
        </div>
        <p className="hb-muted">
          Downloads all data from the server again. What Healthbar shows now stays until the new copy is
          complete.
        </p>
        <Result r={refetched} />
      </div>
    </Card>
  );
}
