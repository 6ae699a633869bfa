/** The options page: loads the settings and the sync state, then shows one card per concern. */

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Brand } from '../Brand';
import { withPageQueries } from '../page-parts';
import { AlertsCard } from './AlertsCard';
import { ConnectionCard } from './ConnectionCard';
import { DataCard } from './DataCard';
import { DiagnosticsCard } from './DiagnosticsCard';
import { ImportCard } from './ImportCard';
import { PreferencesCard } from './PreferencesCard';
import { ScoringCard } from './ScoringCard';
import { SyncCard } from './SyncCard';
import type { OptionsSource } from './source';
import { TenantsCard } from './TenantsCard';

export type { OptionsSource } from './source';

export const Options = withPageQueries(OptionsBody);

function OptionsBody({ source }: { source: OptionsSource }) {
  const state = useQuery({
    queryKey: ['load'],
    queryFn: () => source.load(),
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
          <ConnectionCard source={source} initialUrl={state.data.apiUrl} hasToken={state.data.hasToken} />
          <SyncCard source={source} sync={state.data.sync} prefs={state.data.prefs} />
          <ImportCard source={source} />
          <PreferencesCard source={source} prefs={state.data.prefs} />
          <AlertsCard source={source} prefs={state.data.prefs} />
          <TenantsCard source={source} prefs={state.data.prefs} />
          <ScoringCard source={source} prefs={state.data.prefs} />
          <DataCard source={source} />
          <DiagnosticsCard
            source={source}
            sync={state.data.sync}
            connected={Boolean(state.data.apiUrl && state.data.hasToken)}
          />
        </>
      )}
    </main>
  );
}
