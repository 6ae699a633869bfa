import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import type { ConnectionTest } from '@/lib/ext/connection';
import type { Preferences, Role } from '@/lib/ext/settings';
import { ago } from '@/lib/format';
import type { SyncState } from '@/lib/sync/engine';
import { Brand } from '../Brand';

/** What the options page needs from the extension (the real one wraps storage, Dexie and messages). */
export interface OptionsBackend {
  load(): Promise<{ apiUrl: string; hasToken: boolean; prefs: Preferences; sync: SyncState }>;
  testConnection(apiUrl: string, token: string): Promise<ConnectionTest>;
  saveConnection(apiUrl: string, token: string): Promise<{ ok: boolean; message: string }>;
  grantAccess(apiUrl: string): Promise<{ ok: boolean; message: string }>;
  savePreferences(p: Preferences): Promise<void>;
  syncNow(): Promise<SyncState>;
  importFiles(files: File[], currency?: string): Promise<{ ok: boolean; message: string; details: string[] }>;
  stats(): Promise<{
    accounts: number;
    users: number;
    tickets: number;
    surveys: number;
    usageDays: number;
    dataThrough?: string;
    source?: string;
    rejected: { at: string; collection: string; ref: string; message: string }[];
    storage?: { usage: number; quota: number };
    token: string;
  }>;
  clearCache(): Promise<void>;
  exportDataset(): Promise<{ ok: boolean; message: string }>;
  now(): Date;
}

function Card({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section className="hb-card opt-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Result({ r }: { r: { ok: boolean; message: string } | null }) {
  if (!r) return null;
  return (
    <p role="status" className={r.ok ? 'opt-ok' : 'opt-err'} data-testid="result">
      {r.message}
    </p>
  );
}

function Connection({
  backend,
  initialUrl,
  hasToken,
}: {
  backend: OptionsBackend;
  initialUrl: string;
  hasToken: boolean;
}) {
  const qc = useQueryClient();
  const [apiUrl, setApiUrl] = useState(initialUrl);
  const [token, setToken] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<{ ok: boolean; message: string }>) => {
    setBusy(true);
    setResult(null);
    try {
      setResult(await f());
    } catch (e) {
      setResult({ ok: false, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
      void qc.invalidateQueries();
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(() => backend.saveConnection(apiUrl, token));
  };
  return (
    <Card title="Connection" id="opt-conn">
      <form onSubmit={save} className="opt-form">
        <label>
          API URL
          <input
            name="apiUrl"
            type="url"
            required
            value={apiUrl}
            onChange={(e) => setApiUrl(e.target.value)}
            placeholder="https://healthbar.example.com"
          />
        </label>
        <label>
          API token
          <input
            name="token"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder={hasToken ? 'A token is saved — paste a new one to replace it' : 'Paste your token'}
          />
        </label>
        <div className="opt-actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => run(() => backend.testConnection(apiUrl, token))}
          >
            Test connection
          </button>
          <button type="submit" disabled={busy}>
            Save
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => run(() => backend.grantAccess(apiUrl))}
            title="Only for a server that does not allow browser extensions (CORS)"
          >
            Grant access to {safeOrigin(apiUrl) ?? 'this server'}
          </button>
        </div>
      </form>
      <Result r={result} />
    </Card>
  );
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function SyncCard({
  backend,
  sync,
  prefs,
}: {
  backend: OptionsBackend;
  sync: SyncState;
  prefs: Preferences;
}) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const label: Record<SyncState['status'], string> = {
    never: 'Never synced',
    syncing: `Syncing… ${sync.pages} pages, ${sync.records} records so far`,
    ok: `Up to date (synced ${ago(sync.lastSuccessAt, backend.now())})`,
    offline: `Offline — ${sync.error ?? ''}`,
    error: `Error — ${sync.error ?? ''}`,
  };
  const stale =
    sync.lastSuccessAt &&
    backend.now().getTime() - Date.parse(sync.lastSuccessAt) > prefs.staleAfterHours * 3_600_000;
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
            await backend.syncNow();
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
              await backend.savePreferences({ ...prefs, syncIntervalMin: Number(e.target.value) });
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

function ImportCard({ backend }: { backend: OptionsBackend }) {
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
              setResult(await backend.importFiles(files, currency || undefined));
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

const ROLE_LABEL: Record<Role, string> = { csm: 'Customer success', sales: 'Sales', support: 'Support' };

function PreferencesCard({ backend, prefs }: { backend: OptionsBackend; prefs: Preferences }) {
  const qc = useQueryClient();
  const save = async (p: Preferences) => {
    await backend.savePreferences(p);
    void qc.invalidateQueries();
  };
  return (
    <Card title="Where and for whom" id="opt-prefs">
      <fieldset>
        <legend>Show Healthbar in</legend>
        {(['hubspot', 'salesforce', 'zendesk'] as const).map((c) => (
          <label key={c} className="opt-check">
            <input
              type="checkbox"
              checked={prefs.enabledCrms[c]}
              onChange={(e) =>
                save({ ...prefs, enabledCrms: { ...prefs.enabledCrms, [c]: e.target.checked } })
              }
            />{' '}
            {c === 'hubspot' ? 'HubSpot' : c === 'salesforce' ? 'Salesforce' : 'Zendesk'}
          </label>
        ))}
      </fieldset>
      <label>
        Role (orders the panel){' '}
        <select value={prefs.role} onChange={(e) => save({ ...prefs, role: e.target.value as Role })}>
          {(Object.keys(ROLE_LABEL) as Role[]).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        My email (for “my book”){' '}
        <input
          type="email"
          defaultValue={prefs.myEmail}
          onBlur={(e) => save({ ...prefs, myEmail: e.target.value.trim() })}
        />
      </label>
    </Card>
  );
}

function DataCard({ backend }: { backend: OptionsBackend }) {
  const qc = useQueryClient();
  const stats = useQuery({ queryKey: ['stats'], queryFn: () => backend.stats() });
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const s = stats.data;
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
  return (
    <Card title="Data and diagnostics" id="opt-data">
      {s && (
        <>
          <p data-testid="stats">
            {s.accounts} accounts, {s.usageDays} usage days, {s.users} users, {s.tickets} tickets, {s.surveys}{' '}
            surveys
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
        <button type="button" onClick={async () => setResult(await backend.exportDataset())}>
          Export cached dataset (JSON)
        </button>
        <button
          type="button"
          onClick={async () => {
            if (
              !confirm('Clear all cached Healthbar data from this browser? The next sync downloads it again.')
            )
              return;
            await backend.clearCache();
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

export function Options({ backend }: { backend: OptionsBackend }) {
  const client = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { retry: 0, refetchOnWindowFocus: false } } }),
    [],
  );
  return (
    <QueryClientProvider client={client}>
      <OptionsBody backend={backend} />
    </QueryClientProvider>
  );
}

function OptionsBody({ backend }: { backend: OptionsBackend }) {
  const state = useQuery({
    queryKey: ['load'],
    queryFn: () => backend.load(),
    refetchInterval: (q) => (q.state.data?.sync.status === 'syncing' ? 1000 : false),
  });
  useEffect(() => {
    document.title = 'Healthbar options';
  }, []);
  return (
    <main className="opt-main">
      <h1>
        <Brand size={28} /> options
      </h1>
      {state.isPending && <p>Loading…</p>}
      {state.isError && <p className="opt-err">Could not read the settings: {String(state.error)}</p>}
      {state.data && (
        <>
          <Connection backend={backend} initialUrl={state.data.apiUrl} hasToken={state.data.hasToken} />
          <SyncCard backend={backend} sync={state.data.sync} prefs={state.data.prefs} />
          <ImportCard backend={backend} />
          <PreferencesCard backend={backend} prefs={state.data.prefs} />
          <DataCard backend={backend} />
        </>
      )}
    </main>
  );
}
