/**
 * What the popup needs (`PopupSource`). The extension's own (extension-source.ts,
 * `popupExtensionSource`) reads the cache and storage and talks to the background; component
 * tests pass a fake.
 */
import type { AlertEntry } from '@/lib/contracts/alerts';
import type { Account } from '@/lib/dataset/schema';
import type { AccountReport } from '@/lib/metrics/types';
import type { LastCrmHosts } from '@/lib/portfolio/crm-links';
import type { SyncState } from '@/lib/sync/engine';

export interface PopupState {
  configured: boolean;
  hasData: boolean;
  sync: SyncState;
  myEmail: string;
  staleAfterHours: number;
  /** Dataset version (0 without data): the lists are cached per version. */
  version: number;
}

export interface PopupAccount {
  report: AccountReport;
  crm: Account['crm'];
}

export interface PopupLists {
  asOf: string;
  currency: string;
  /** `book`: the accounts whose owner is `myEmail`; `all`: no email set, every account. */
  scope: 'book' | 'all';
  owner: string;
  /** Accounts in scope. */
  total: number;
  atRisk: PopupAccount[];
  upsell: PopupAccount[];
}

export interface SearchHit {
  id: string;
  name: string;
  segment?: string;
  owner?: string;
  crm: Account['crm'];
}

/** An alert with the account's CRM ids (for links to its records). */
export interface PopupAlert extends AlertEntry {
  crm: Account['crm'];
}

export interface PopupAlerts {
  /** Raised since the person last looked, newest first. */
  unseen: PopupAlert[];
  /** The latest ones already seen (a few), newest first. */
  earlier: PopupAlert[];
}

/** The account of the record open in the active tab (as its content script reported it). */
export interface CurrentTabAccount {
  crm: string;
  objectType: string;
  name: string;
  band: 'green' | 'yellow' | 'red' | null;
  score: number | null;
}

export interface PopupSource {
  locale: string;
  /** The active tab's account, or null when the tab shows no record of a known account. */
  currentTab?(): Promise<CurrentTabAccount | null>;
  now(): Date;
  state(): Promise<PopupState>;
  lists(): Promise<PopupLists | null>;
  search(query: string): Promise<SearchHit[]>;
  /** The "What changed" list (issue 34). */
  alerts(): Promise<PopupAlerts>;
  /** The person saw the list: the background marks every alert seen and clears the badge. */
  alertsSeen(): Promise<void>;
  hosts(): Promise<LastCrmHosts>;
  syncNow(): Promise<SyncState>;
  openDashboard(): void;
  openOptions(): void;
  openUrl(url: string): void;
}
