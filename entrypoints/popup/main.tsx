import { createRoot } from 'react-dom/client';
import { extensionOutreach, OutreachContext } from '@/components/outreach';
import { Popup } from '@/components/popup/Popup';
import { realPopupSource } from '@/components/popup/real-source';
import { openDb } from '@/lib/db/db';
import '@/components/base.css';
import '@/components/panel/panel.css';
import '@/components/popup/popup.css';

const db = openDb();
createRoot(document.getElementById('root')!).render(
  <OutreachContext.Provider value={extensionOutreach(db)}>
    <Popup source={realPopupSource(db)} />
  </OutreachContext.Provider>,
);
