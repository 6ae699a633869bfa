import { createRoot } from 'react-dom/client';
import { dexieSource } from '@/components/panel/dexie-source';
import { Panel, useRecordFromHash } from '@/components/panel/Panel';
import { parseRecordHash } from '@/components/panel/record';
import { openDb } from '@/lib/db/db';
import '@/components/base.css';
import '@/components/panel/panel.css';

/**
 * The panel app. In a CRM page it runs in the frame the content script mounts (the record
 * arrives in this page's URL fragment); in the browser's side panel it shows the record of the
 * active tab, which the content script reports to the background.
 */
const source = dexieSource(openDb());

function App() {
  const record = useRecordFromHash(parseRecordHash);
  return <Panel source={source} record={record} />;
}

createRoot(document.getElementById('root')!).render(<App />);
