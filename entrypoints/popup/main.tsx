import { createRoot } from 'react-dom/client';
import { popupExtensionSource } from '@/components/popup/extension-source';
import { Popup } from '@/components/popup/Popup';
import { openDb } from '@/lib/db/db';
import '@/components/base.css';
import '@/components/panel/panel.css';
import '@/components/popup/popup.css';

createRoot(document.getElementById('root')!).render(<Popup source={popupExtensionSource(openDb())} />);
