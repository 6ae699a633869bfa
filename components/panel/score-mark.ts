/** What the panel's first paint hands the React panel, and the mark both make when the score shows. */
import type { AccountView } from '@/lib/db/account-view';
import { markHeaderVisible } from './header-dom';
import { type PanelRecord, type PanelResolution, type PanelStatus, recordKey } from './source';

/** What the first paint (first-paint.ts) read and showed; the React panel starts from it. */
export interface FirstPaint {
  record: PanelRecord;
  status: PanelStatus;
  resolution: PanelResolution;
  /** The account's view when the record matched one (null: no longer in the data; absent: not read). */
  view?: AccountView | null;
}

/** For `npm run bench` (panel latency): the account's score is on screen for this record. */
export function markScoreVisible(record: PanelRecord, accountId: string): void {
  markHeaderVisible(recordKey(record), accountId);
}
