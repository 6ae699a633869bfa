import { createRoot } from 'react-dom/client';
import { Dashboard } from '@/components/dashboard/Dashboard';
import { dashboardExtensionSource } from '@/components/dashboard/extension-source';
import { extensionOutreach, OutreachContext } from '@/components/outreach';
import { openDb } from '@/lib/db/db';
import '@/components/base.css';
import '@/components/panel/panel.css';
import '@/components/dashboard/dashboard.css';

/** The portfolio dashboard: an unlisted extension page (`/dashboard.html`), opened from the popup. */
const db = openDb();
createRoot(document.getElementById('root')!).render(
  <OutreachContext.Provider value={extensionOutreach(db)}>
    <Dashboard source={dashboardExtensionSource(db)} />
  </OutreachContext.Provider>,
);
