import {
  keepPreviousData,
  QueryClient,
  QueryClientProvider,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import { CRM_NAMES } from '@/lib/crm/names';
import { formatTenantAllowList, tenantAllowListText } from '@/lib/crm/tenants';
import type { ConnectionTest } from '@/lib/ext/connection';
import { type Preferences, type Role, savedTokenRefusal, scoringSettings } from '@/lib/ext/settings';
import { ago, day } from '@/lib/format';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/metrics';
import type { LastCrmHosts } from '@/lib/portfolio/crm-links';
import {
  BAND_WORD,
  checkForm,
  formFromSettings,
  overridesOf,
  SCORING_FIELDS,
  type ScoringField,
  type ScoringForm,
  type ScoringPreview,
} from '@/lib/portfolio/scoring';
import { REFRESHING_NOTE, type SyncState } from '@/lib/sync/state';
import { Brand } from '../Brand';
import { LastIngestRun } from './IngestRun';

/** What the options page needs from the extension (the real one wraps storage, Dexie and messages). */
export interface OptionsBackend {
  load(): Promise<{ apiUrl: string; hasToken: boolean; prefs: Preferences; sync: SyncState }>;
  testConnection(apiUrl: string, token: string): Promise<ConnectionTest>;
  saveConnection(apiUrl: string, token: string): Promise<{ ok: boolean; message: string }>;
  grantAccess(apiUrl: string): Promise<{ ok: boolean; message: string }>;
  savePreferences(p: Preferences): Promise<void>;
  syncNow(): Promise<SyncState>;
  /** "Re-fetch everything": a staged full sync (the data shown stays until it is complete). */
  refetch(): Promise<SyncState>;
  importFiles(files: File[], currency?: string): Promise<{ ok: boolean; message: string; details: string[] }>;
  stats(): Promise<{
    accounts: number;
    users: number;
    tickets: number;
    surveys: number;
    usageDays: number;
    dataThrough?: string;
    source?: string;
    /** Records rejected since the data was last fetched whole (or in the imported file). */
    rejectedTotal: number;
    rejected: { at: string; collection: string; ref: string; message: string }[];
    storage?: { usage: number; quota: number };
    token: string;
  }>;
  clearCache(): Promise<void>;
  exportDataset(): Promise<{ ok: boolean; message: string }>;
  /** Which cached accounts would change band going from `current` to `proposed` (null without data). */
  previewScoring(proposed: Settings, current: Settings): Promise<ScoringPreview | null>;
  /** The CRM hosts last seen (`local:lastCrmHosts`). */
  crmHosts(): Promise<LastCrmHosts>;
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
  // An empty token field keeps the saved token — for the server it was saved for only.
  const refusal = hasToken && !token.trim() && apiUrl.trim() ? savedTokenRefusal(apiUrl, initialUrl) : null;
  // The message under the token field says why; nothing is sent until a token is pasted.
  const guarded = (f: () => Promise<{ ok: boolean; message: string }>) => {
    if (refusal) {
      setResult(null);
      document.getElementById('opt-token')?.focus();
      return;
    }
    void run(f);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    guarded(() => backend.saveConnection(apiUrl, token));
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
            id="opt-token"
            name="token"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder={
              refusal
                ? 'Paste the token for this server'
                : hasToken
                  ? 'A token is saved — paste a new one to replace it'
                  : 'Paste your token'
            }
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? 'opt-token-needed' : undefined}
          />
        </label>
        {refusal && (
          <p className="opt-err" id="opt-token-needed" data-testid="token-needed">
            {refusal}
          </p>
        )}
        <div className="opt-actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => guarded(() => backend.testConnection(apiUrl, token))}
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
            {CRM_NAMES[c]}
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

/** The optional tenant allow-list (lib/crm/tenants): where Healthbar runs at all. */
function TenantsCard({ backend, prefs }: { backend: OptionsBackend; prefs: Preferences }) {
  const qc = useQueryClient();
  const [text, setText] = useState(() => formatTenantAllowList(prefs.tenantAllowList));
  const [result, setResult] = useState<{ ok: boolean; message: string; details?: string[] } | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = tenantAllowListText.safeParse(text);
    if (!parsed.success) {
      setResult({
        ok: false,
        message: 'Not saved: fix these lines (one tenant a line), then save again.',
        details: parsed.error.issues.map((i) => i.message),
      });
      return;
    }
    await backend.savePreferences({ ...prefs, tenantAllowList: parsed.data });
    setText(formatTenantAllowList(parsed.data));
    setResult({
      ok: true,
      message: parsed.data.length
        ? `Saved: Healthbar runs on ${parsed.data.length} tenant${parsed.data.length === 1 ? '' : 's'} only. Reload open CRM tabs.`
        : 'Saved: Healthbar runs on every tenant. Reload open CRM tabs.',
    });
    void qc.invalidateQueries();
  };
  return (
    <Card title="Tenants" id="opt-tenants">
      <form className="opt-form" onSubmit={save}>
        <label>
          Only run on these tenants (optional, one a line)
          <textarea
            rows={4}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={'acme.zendesk.com\nacme.my.salesforce.com\nhubspot:4417291'}
            aria-describedby="opt-tenants-help"
          />
        </label>
        <p id="opt-tenants-help" className="hb-muted">
          <code>acme.zendesk.com</code>; <code>acme.my.salesforce.com</code> (also covers{' '}
          <code>acme.lightning.force.com</code> and its sandboxes); <code>hubspot:</code> and the portal id
          from your HubSpot address (<code>app.hubspot.com/contacts/4417291/…</code>). Empty: every tenant.
          Pages of other tenants get no panel.
        </p>
        <div className="opt-actions">
          <button type="submit">Save tenants</button>
        </div>
      </form>
      {result && (
        <div role="status" className={result.ok ? 'opt-ok' : 'opt-err'} data-testid="tenants-result">
          <p>{result.message}</p>
          {result.details && (
            <ul>
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

function ScoringCard({ backend, prefs }: { backend: OptionsBackend; prefs: Preferences }) {
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
    queryFn: () => backend.previewScoring(JSON.parse(debouncedKey as string) as Settings, saved),
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
            await backend.savePreferences({ ...prefs, scoring: overridesOf(check.settings) });
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

/** The keys of `local:lastCrmHosts` in words: a CRM's name, and HubSpot's portal. */
const HOST_KEY_NAMES: Record<string, string> = { ...CRM_NAMES, hubspotPortal: `${CRM_NAMES.hubspot} portal` };

function DiagnosticsCard({
  backend,
  sync,
  connected,
}: {
  backend: OptionsBackend;
  sync: SyncState;
  /** A server and token are saved (a full re-fetch is possible). */
  connected: boolean;
}) {
  const qc = useQueryClient();
  const stats = useQuery({ queryKey: ['stats'], queryFn: () => backend.stats() });
  const [busy, setBusy] = useState(false);
  const [refetched, setRefetched] = useState<{ ok: boolean; message: string } | null>(null);
  const refetch = async () => {
    setBusy(true);
    setRefetched(null);
    try {
      const s = await backend.refetch();
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
  const hosts = useQuery({ queryKey: ['crm-hosts'], queryFn: () => backend.crmHosts() });
  const s = stats.data;
  const h = Object.entries(hosts.data ?? {});
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
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
          {sync.error ? `${sync.error} (${ago(sync.lastAttemptAt, backend.now())})` : 'None.'}
        </p>
      </div>
      <LastIngestRun connected={connected} now={backend.now()} />
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
                  <span className="hb-muted">({ago(r.at, backend.now())})</span>
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
          <TenantsCard backend={backend} prefs={state.data.prefs} />
          <ScoringCard backend={backend} prefs={state.data.prefs} />
          <DataCard backend={backend} />
          <DiagnosticsCard
            backend={backend}
            sync={state.data.sync}
            connected={Boolean(state.data.apiUrl && state.data.hasToken)}
          />
        </>
      )}
    </main>
  );
}
