/**
 * Diagnostics: the server's last connector ingest run (docs/CONNECTORS.md, "The report") — when it
 * ran, per source what was read, attached and left out (by reason), what write-back wrote into a
 * CRM, and the first examples, so the data's owner can fix the source.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { REASON_WORDS, writeBackSummary } from '@/lib/connectors/report';
import { LEFT_OUT_REASONS } from '@/lib/connectors/types';
import { type LatestRunResult, loadLatestRun } from '@/lib/ext/ingest-runs';
import { ago, day } from '@/lib/format';

export function LastIngestRun({
  connected,
  now,
  load = loadLatestRun,
}: {
  /** A server and token are saved. */
  connected: boolean;
  now: Date;
  load?: () => Promise<LatestRunResult>;
}) {
  const q = useQuery({ queryKey: ['ingest-run-latest'], queryFn: load, enabled: connected });
  let body: ReactNode;
  if (!connected) body = <p className="hb-muted">Connect to a server to see its connector runs.</p>;
  else if (q.isPending) body = <p className="hb-muted">…</p>;
  else if (q.isError) body = <p className="opt-err">{(q.error as Error).message}</p>;
  else if (q.data.kind === 'none') body = <p className="hb-muted">{q.data.message}</p>;
  else if (q.data.kind === 'error') body = <p className="opt-err">{q.data.message}</p>;
  else {
    const run = q.data.run;
    const examples = run.sources.flatMap((s) =>
      LEFT_OUT_REASONS.flatMap((r) =>
        (s.examples[r] ?? []).map((e) => ({ source: s.name, reason: REASON_WORDS[r], ...e })),
      ),
    );
    body = (
      <>
        <p data-testid="ingest-when">
          {run.status === 'failed' ? 'Failed' : 'Ran'} {ago(run.generatedAt, now)} (data through{' '}
          {day(run.asOf)}){run.running ? '; another run is under way now' : ''}.
        </p>
        {run.error && <p className="opt-err">{run.error}</p>}
        <ul className="opt-list" data-testid="ingest-sources">
          {run.sources.map((s) => {
            const parts = LEFT_OUT_REASONS.filter((r) => s.leftOut[r] > 0).map(
              (r) => `${s.leftOut[r]} ${REASON_WORDS[r]}`,
            );
            const leftOut = parts.length === 0 ? 'none left out' : `left out ${parts.join(', ')}`;
            return (
              <li key={s.name}>
                <strong>{s.name}</strong>: read {s.read}, attached {s.attached}, {leftOut}
                {s.error && (
                  <span className="opt-err">
                    {' '}
                    — could not be read: {s.error}
                    {run.status === 'done' ? ' (its data from the last good run was kept)' : ''}
                  </span>
                )}
                {s.writeBack && (
                  <div
                    className={s.writeBack.failed > 0 ? 'opt-err' : 'hb-muted'}
                    data-testid="ingest-write-back"
                  >
                    Write-back of {targetWords(s.writeBack.targets)}: {writeBackSummary(s.writeBack)}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
        {examples.length > 0 && (
          <>
            <p className="hb-muted">First records left out (fix them in their source):</p>
            <ul className="opt-list" data-testid="ingest-examples">
              {examples.slice(0, 5).map((e) => (
                <li key={`${e.source}-${e.reason}-${e.sourceId}`}>
                  {e.source} {e.sourceId} ({e.reason}): {e.why}
                </li>
              ))}
            </ul>
          </>
        )}
      </>
    );
  }
  return (
    <div data-testid="ingest-run">
      <h3 className="opt-h3">Last connector run</h3>
      {body}
    </div>
  );
}

/** `{score: 'hb_score', band: 'hb_band'}` → "score (hb_score), band (hb_band)". */
function targetWords(targets: Record<string, string>): string {
  return Object.entries(targets)
    .map(([what, field]) => `${what} (${field})`)
    .join(', ');
}
