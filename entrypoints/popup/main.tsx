import { createRoot } from 'react-dom/client';
import { extensionOutreach, OutreachContext } from '@/components/outreach';
import { popupExtensionSource } from '@/components/popup/extension-source';
import { Popup } from '@/components/popup/Popup';
import { openDb } from '@/lib/db/db';
import '@/components/base.css';
import '@/components/panel/panel.css';
import '@/components/popup/popup.css';

const db = openDb();
createRoot(document.getElementById('root')!).render(
  <OutreachContext.Provider value={extensionOutreach(db)}>
    <Popup source={popupExtensionSource(db)} />
  </OutreachContext.Provider>,
);
