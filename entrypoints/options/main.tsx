import { createRoot } from 'react-dom/client';
import { Brand } from '@/components/Brand';
import '@/components/base.css';

function Options() {
  return (
    <main style={{ maxWidth: 720, margin: '24px auto', padding: 16, display: 'grid', gap: 16 }}>
      <h1>
        <Brand size={28} /> options
      </h1>
      <p className="hb-muted">Connect Healthbar to your data API or import a dataset file.</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Options />);
