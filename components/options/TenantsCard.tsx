/** The Tenants card: the optional allow-list of CRM tenants (lib/crm/tenants) where Healthbar runs at all. */
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatTenantAllowList, tenantAllowListText } from '@/lib/crm/tenants';
import type { Preferences } from '@/lib/ext/settings';
import { Card } from './parts';
import type { OptionsSource } from './source';

/** The optional tenant allow-list (lib/crm/tenants): where Healthbar runs at all. */
export function TenantsCard({ source, prefs }: { source: OptionsSource; prefs: Preferences }) {
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
    await source.savePreferences({ ...prefs, tenantAllowList: parsed.data });
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
