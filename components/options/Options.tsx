/** The options page: loads the settings and the sync state, then shows one card per concern. */
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { Brand } from '../Brand';
import { AlertsCard } from './AlertsCard';
import type { OptionsBackend } from './backend-contract';
import { ConnectionCard } from './ConnectionCard';
import { DataCard } from './DataCard';
import { DiagnosticsCard } from './DiagnosticsCard';
import { ImportCard } from './ImportCard';
import { PreferencesCard } from './PreferencesCard';
import { ScoringCard } from './ScoringCard';
import { SyncCard } from './SyncCard';
import { TenantsCard } from './TenantsCard';

export type { OptionsBackend } from './backend-contract';

export function Options({ backend }: { backend: OptionsBackend }) {
  const client = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { retry: 0, refetchOnWindowFocus: false } } }),
    [],
  );
  return (
    <QueryClientProvider client={client}>
      <OptionsBody backend={backend} />
    </QueryClientProvider>
  );
}

function OptionsBody({ backend }: { backend: OptionsBackend }) {
  const state = useQuery({
    queryKey: ['load'],
    queryFn: () => backend.load(),
    refetchInterval: (q) => (q.state.data?.sync.status === 'syncing' ? 1000 : false),
  });
  useEffect(() => {
    document.title = 'Healthbar options';
  }, []);
  return (
    <main className="opt-main">
      <h1>
        <Brand size={28} /> options
      </h1>
      {state.isPending && <p>Loading…</p>}
      {state.isError && <p className="opt-err">Could not read the settings: {String(state.error)}</p>}
      {state.data && (
        <>
          <ConnectionCard backend={backend} initialUrl={state.data.apiUrl} hasToken={state.data.hasToken} />
          <SyncCard backend={backend} sync={state.data.sync} prefs={state.data.prefs} />
          <ImportCard backend={backend} />
          <PreferencesCard backend={backend} prefs={state.data.prefs} />
          <AlertsCard backend={backend} prefs={state.data.prefs} />
          <TenantsCard backend={backend} prefs={state.data.prefs} />
          <ScoringCard backend={backend} prefs={state.data.prefs} />
          <DataCard backend={backend} />
          <DiagnosticsCard
            backend={backend}
            sync={state.data.sync}
            connected={Boolean(state.data.apiUrl && state.data.hasToken)}
          />
        </>
      )}
    </main>
  );
}
