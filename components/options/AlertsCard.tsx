/**
 * The "Alerts" card (issue 34): what raises an alert, and the one switch for browser
 * notifications — the only place Healthbar asks for the optional `notifications` permission.
 * The toolbar badge and the popup's "What changed" list work without it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Preferences } from '@/lib/ext/settings';
import { Card, Result } from './parts';
import type { OptionsSource } from './source';

export function AlertsCard({ source, prefs }: { source: OptionsSource; prefs: Preferences }) {
  const qc = useQueryClient();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The box shows what the person asked for while the permission prompt and the save are under way
  // (a controlled box would otherwise stay unticked until the preferences are read again); it falls
  // back to the stored preference once that is re-read, so a refused permission unticks it.
  const [pending, setPending] = useState<boolean | null>(null);
  return (
    <Card title="Alerts" id="opt-alerts">
      <p className="hb-muted">
        After each sync Healthbar checks the active accounts of your book (every active account when “My
        email” is empty): a band drop, a new high-severity risk, or a renewal within 30 days while not
        healthy. Each alert comes once until it clears; the toolbar badge counts the ones you have not seen,
        and the popup lists them under “What changed”.
      </p>
      <label className="opt-check">
        <input
          type="checkbox"
          checked={pending ?? prefs.alertNotifications}
          disabled={busy}
          onChange={async (e) => {
            const wanted = e.target.checked;
            setPending(wanted);
            setBusy(true);
            try {
              setResult(await source.setAlertNotifications(wanted));
            } finally {
              await qc.invalidateQueries();
              setPending(null);
              setBusy(false);
            }
          }}
        />{' '}
        Also show a browser notification after a sync that raises alerts
      </label>
      <Result r={result} />
    </Card>
  );
}
