/**
 * Where the success review's data comes from. The real source (extension-source.ts) reads the
 * extension's IndexedDB cache and storage; component tests pass a fake built on a generated
 * dataset.
 */
import type { ReviewSettings } from '@/lib/contracts/review-settings';
import type { AccountDataset, AccountHistory } from '@/lib/db/account-view';
import type { Settings } from '@/lib/metrics';

export interface ReviewSource {
  /** The person's locale: numbers and dates are written in it. */
  locale: string;
  /** One account's records (a one-account dataset), the as-of day and the workspace context; null when unknown. */
  account(accountId: string): Promise<AccountDataset | null>;
  /** The scoring settings in force (validated). */
  scoring(): Promise<Settings>;
  /** The account's score history (internal prep only). */
  history(accountId: string, scoring: Settings): Promise<AccountHistory | null>;
  /** The workspace name and value statements (`local:review`). */
  loadSettings(): Promise<ReviewSettings>;
  saveSettings(s: ReviewSettings): Promise<void>;
  /** The browser's print dialog ("Save as PDF"). */
  print(): void;
}
