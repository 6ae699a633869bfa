import { createRoot } from 'react-dom/client';
import { Brand } from '@/components/Brand';
import '@/components/base.css';

function Popup() {
  return (
    <main style={{ width: 320, padding: 12, display: 'grid', gap: 8 }}>
      <Brand />
      <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
        Options
      </button>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Popup />);
