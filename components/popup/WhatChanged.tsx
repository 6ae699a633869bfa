/**
 * "What changed" (issue 34): the alerts raised since the person last looked — band drops, new
 * high risks, renewals close while not green — each with links to the account's CRM records.
 * Opening the popup is looking: once the list is on screen the background marks it seen, which
 * clears the toolbar badge; the entries stay until the next popup opens.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ago } from '@/lib/format';
import type { LastCrmHosts } from '@/lib/portfolio/crm-links';
import { Links } from './links';
import type { PopupAlert, PopupSource } from './source';

const EARLIER_SHOWN = 3;

function Entry({ e, source, hosts }: { e: PopupAlert; source: PopupSource; hosts: LastCrmHosts }) {
  return (
    <li data-testid="alert" data-kind={e.kind}>
      <div className="pp-alert-text">{e.text}</div>
      <div className="pp-meta">
        {ago(e.at, source.now())}
        <Links source={source} crm={e.crm} hosts={hosts} />
      </div>
    </li>
  );
}

export function WhatChanged({ source, hosts }: { source: PopupSource; hosts: LastCrmHosts }) {
  const alerts = useQuery({
    queryKey: ['alerts'],
    queryFn: () => source.alerts(),
    staleTime: Number.POSITIVE_INFINITY,
  });
  // Seen once on screen, and again when a "Sync now" from the popup brings new ones.
  const shownAt = alerts.isSuccess ? alerts.dataUpdatedAt : 0;
  useEffect(() => {
    if (shownAt > 0) void source.alertsSeen().catch(() => {});
  }, [shownAt, source]);
  if (alerts.isPending) return null;
  if (alerts.isError) return <p className="pp-err">Could not read the alerts: {String(alerts.error)}</p>;
  const { unseen, earlier } = alerts.data;
  return (
    <section className="pp-section" aria-label="What changed" data-testid="popup-alerts">
      <h2>
        What changed <span className="pp-count">{unseen.length}</span>
      </h2>
      {unseen.length === 0 ? (
        <p className="hb-muted">Nothing new since you last looked.</p>
      ) : (
        <ul className="pp-list">
          {unseen.map((e) => (
            <Entry key={e.id} e={e} source={source} hosts={hosts} />
          ))}
        </ul>
      )}
      {earlier.length > 0 && (
        <details className="pp-earlier">
          <summary>Earlier</summary>
          <ul className="pp-list">
            {earlier.slice(0, EARLIER_SHOWN).map((e) => (
              <Entry key={e.id} e={e} source={source} hosts={hosts} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
