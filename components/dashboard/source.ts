/**
 * What the dashboard needs (`DashboardSource`). The extension's own (extension-source.ts,
 * `dashboardExtensionSource`) reads the extension's IndexedDB cache and storage; component tests
 * pass a fake built on a generated dataset.
 */
import type { Dataset, WorkspaceContext } from '@/lib/dataset/schema';
import type { Settings } from '@/lib/metrics';
import { utcDateOf } from '@/lib/metrics/dates';
import type { LastCrmHosts } from '@/lib/portfolio/crm-links';
import type { DashboardPrefs, Target } from '@/lib/portfolio/targets';
import type { DashboardHead } from '@/lib/portfolio/view';
import type { SyncState } from '@/lib/sync/engine';

export interface DashboardMeta {
  /** Changes with every applied batch: the computed views are cached per version. */
  version: number;
  /** When the last batch was applied: with `version`, tells one data version from another after a cleared cache. */
  updatedAt?: string;
  dataThrough?: string;
  currency: string;
  /** The sync's workspace context, when it sent one. */
  context?: WorkspaceContext;
  source: 'sync' | 'import';
  /** Set when the token reads one owner's book: the portfolio figures are that book's own. */
  bookOwner?: string;
}

export interface DashboardSettings {
  myEmail: string;
  /** Scoring settings in force (validated). */
  scoring: Settings;
  sync: SyncState;
}

export interface DashboardSource {
  locale: string;
  now(): Date;
  meta(): Promise<DashboardMeta | null>;
  /** The whole cache as an interchange dataset (accounts in order). */
  dataset(): Promise<Dataset | null>;
  settings(): Promise<DashboardSettings>;
  loadPrefs(): Promise<DashboardPrefs>;
  savePrefs(p: DashboardPrefs): Promise<void>;
  loadTargets(): Promise<Target[]>;
  saveTargets(t: Target[]): Promise<void>;
  openOptions(): void;
  /** The CRM hosts last seen (links to accounts' records); none when absent. */
  crmHosts?(): Promise<LastCrmHosts>;
  download(filename: string, blob: Blob): void;
  newId(): string;
  /**
   * The head kept for a view (lib/portfolio/view.ts `DashboardHead`) under a data version and a
   * view key, and keeping one (which drops the heads of other data versions). Absent: none kept.
   */
  loadHead?(data: string, key: string): Promise<DashboardHead | null>;
  saveHead?(data: string, key: string, head: DashboardHead): Promise<void>;
  /** Calls back when another page changes the settings, targets or data; returns the unsubscribe. */
  subscribe?(onChange: (what: 'settings' | 'targets' | 'data') => void): () => void;
}

/** Today in UTC (lib/metrics/dates). */
export const todayOf = utcDateOf;
