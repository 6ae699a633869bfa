import { createRoot } from 'react-dom/client';
import { optionsExtensionSource } from '@/components/options/extension-source';
import { Options } from '@/components/options/Options';
import { openDb } from '@/lib/db/db';
import '@/components/base.css';
import '@/components/options/options.css';

createRoot(document.getElementById('root')!).render(<Options source={optionsExtensionSource(openDb())} />);
