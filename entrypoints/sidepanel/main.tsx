import { createRoot } from 'react-dom/client';
import { PanelApp, recordFromSearch } from '@/components/PanelApp';
import '@/components/base.css';

createRoot(document.getElementById('root')!).render(<PanelApp record={recordFromSearch(location.search)} />);
