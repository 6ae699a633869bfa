import { createRoot } from 'react-dom/client';
import { Popup } from '@/components/popup/Popup';
import { realPopupSource } from '@/components/popup/real-source';
import { openDb } from '@/lib/db/db';
import '@/components/base.css';
import '@/components/panel/panel.css';
import '@/components/popup/popup.css';

createRoot(document.getElementById('root')!).render(<Popup source={realPopupSource(openDb())} />);
