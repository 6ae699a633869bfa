/** The "Where and for whom" card: which CRMs Healthbar runs on and the person's role. */
import { useQueryClient } from '@tanstack/react-query';
import { CRM_NAMES } from '@/lib/crm/names';
import type { Preferences, Role } from '@/lib/ext/settings';
import { Card } from './parts';
import type { OptionsSource } from './source';

const ROLE_LABEL: Record<Role, string> = { csm: 'Customer success', sales: 'Sales', support: 'Support' };

export function PreferencesCard({ source, prefs }: { source: OptionsSource; prefs: Preferences }) {
  const qc = useQueryClient();
  const save = async (p: Preferences) => {
    await source.savePreferences(p);
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
