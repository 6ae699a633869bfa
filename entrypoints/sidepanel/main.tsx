import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { dexieSource } from '@/components/panel/dexie-source';
import { Panel, useRecordFromHash } from '@/components/panel/Panel';
import { parseRecordHash } from '@/components/panel/record';
import type { PanelRecord } from '@/components/panel/source';
import { openDb } from '@/lib/db/db';
import { tabRecordsItem } from '@/lib/ext/tab-records';
import '@/components/base.css';
import '@/components/panel/panel.css';

/**
 * The panel app. In a CRM page it runs in the frame the content script mounts (the record
 * arrives in this page's URL fragment); in the browser's side panel it shows the record of the
 * active tab, which the content script reports to the background.
 */
const source = dexieSource(openDb());
const embedded = new URLSearchParams(location.search).has('embed');

function FramePanel() {
  const record = useRecordFromHash(parseRecordHash);
  return <Panel source={source} record={record} />;
}

/** Follows the active tab of this window: its record as the content script last reported it. */
function SidePanel() {
  const [record, setRecord] = useState<PanelRecord | null>(null);
  useEffect(() => {
    let tabId: number | undefined;
    const refresh = async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      tabId = tab?.id;
      const all = await tabRecordsItem.getValue();
      setRecord(tabId === undefined ? null : (all[String(tabId)] ?? null));
    };
    void refresh();
    const onActivated = () => void refresh();
    browser.tabs.onActivated.addListener(onActivated);
    const unwatch = tabRecordsItem.watch((all) => {
      if (tabId !== undefined) setRecord(all?.[String(tabId)] ?? null);
    });
    return () => {
      browser.tabs.onActivated.removeListener(onActivated);
      unwatch();
    };
  }, []);
  return <Panel source={source} record={record} />;
}

createRoot(document.getElementById('root')!).render(embedded ? <FramePanel /> : <SidePanel />);
