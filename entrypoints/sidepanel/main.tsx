import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { extensionOutreach, OutreachContext } from '@/components/outreach';
import { type FirstPaint, reads } from '@/components/panel/first-paint';
import { Panel } from '@/components/panel/Panel';
import type { PanelRecord } from '@/components/panel/source';
import { askRecord, framed, keyExpected, onVouchChange } from '@/components/panel/vouched';
import { openDb } from '@/lib/db/db';
import { tabRecordsChangedSchema } from '@/lib/ext/messages';

/**
 * The React panel, in the frame the content script mounts beside a CRM record and in the
 * browser's native side panel, loaded by the page's entry (boot.ts) after the first paint. It
 * asks the background which record it shows (components/panel/vouched.ts) and asks again
 * whenever the background says a tab's record changed (`tab-records-changed`) and, in the side
 * panel, when another tab becomes active. It starts from what the first paint read (`seed`).
 *
 * The reads start before React renders (`prefetching`, first-paint.ts): the status at once, and
 * for the record the background gives, its resolution and then its account's view.
 */
/** How long a frame waits for its content script's key before it says "no record". */
const KEY_WAIT_MS = 1500;

const source = reads.source;
// The panel's writes (tasks, sentiment) go through Dexie, loaded with the React panel.
const outreach = extensionOutreach(openDb());

async function vouchedRecord(): Promise<PanelRecord | null | undefined> {
  const record = await askRecord();
  if (record) reads.record(record);
  return record;
}

/** The record the background vouches for to this page (undefined: not known yet). */
function useVouchedRecord(initial: PanelRecord | undefined): PanelRecord | null | undefined {
  const [record, setRecord] = useState<PanelRecord | null | undefined>(initial);
  useEffect(() => {
    let seq = 0;
    let settled = initial !== undefined;
    const refresh = () => {
      const n = ++seq;
      vouchedRecord().then(
        (r) => {
          if (n !== seq || r === undefined) return;
          settled = true;
          setRecord(r);
        },
        () => {
          if (n === seq) setRecord(null);
        },
      );
    };
    const off = onVouchChange(refresh);
    // Asked even with the first paint's record: the record may have changed (an in-app
    // navigation) before this panel listened for `tab-records-changed`.
    refresh();
    // A frame that got no key is not ours: say "no record". One that did waits for the answer.
    const giveUp = setTimeout(() => {
      if (!settled && !keyExpected()) setRecord(null);
    }, KEY_WAIT_MS);
    const onBroadcast = (m: unknown) => {
      if (tabRecordsChangedSchema.safeParse(m).success) refresh();
    };
    browser.runtime.onMessage.addListener(onBroadcast);
    if (!framed) browser.tabs.onActivated.addListener(refresh);
    return () => {
      off();
      clearTimeout(giveUp);
      browser.runtime.onMessage.removeListener(onBroadcast);
      if (!framed) browser.tabs.onActivated.removeListener(refresh);
    };
  }, [initial]);
  return record;
}

function App({ seed }: { seed: FirstPaint | null }) {
  return (
    <OutreachContext.Provider value={outreach}>
      <Panel source={source} record={useVouchedRecord(seed?.record)} seed={seed ?? undefined} />
    </OutreachContext.Provider>
  );
}

export function startPanel(root: HTMLElement, seed: FirstPaint | null): void {
  createRoot(root).render(<App seed={seed} />);
}
