/** The success review's real data source: the extension's IndexedDB cache and extension storage. */
import { readReviewSettings } from '@/lib/contracts/review-settings';
import { reviewSettingsItem } from '@/lib/contracts/storage';
import { accountDataset, accountHistory } from '@/lib/db/account-view';
import type { HealthbarDB } from '@/lib/db/db';
import { readPreferences, scoringSettings } from '@/lib/ext/settings';
import { utcDateOf } from '@/lib/metrics/dates';
import type { ReviewSource } from './source';

export function reviewExtensionSource(db: HealthbarDB): ReviewSource {
  const today = () => utcDateOf(new Date());
  return {
    locale: navigator.language || 'en-US',
    account: (id) => accountDataset(db, id, today()),
    scoring: async () => scoringSettings(await readPreferences()),
    history: (id, scoring) => accountHistory(db, id, today(), scoring),
    loadSettings: async () => readReviewSettings(await reviewSettingsItem.getValue()),
    saveSettings: (s) => reviewSettingsItem.setValue(s),
    print: () => window.print(),
  };
}
