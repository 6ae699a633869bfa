/** The Connection card: the server's URL and API token, test, save, and grant access to its origin. */
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { savedTokenRefusal } from '@/lib/ext/settings';
import { Card, Result } from './parts';
import type { OptionsSource } from './source';

export function ConnectionCard({
  source,
  initialUrl,
  hasToken,
}: {
  source: OptionsSource;
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
    guarded(() => source.saveConnection(apiUrl, token));
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
            onClick={() => guarded(() => source.testConnection(apiUrl, token))}
          >
            Test connection
          </button>
          <button type="submit" disabled={busy}>
            Save
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => run(() => source.grantAccess(apiUrl))}
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
