/**
 * Score history (METRICS.md `healthHistory`): the weekly score over 26 weeks drawn over the band
 * zones, and the list of what changed from week to week, newest first.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AccountHistory } from '@/lib/db/account-view';
import { day, num, signed } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';
import { COMPONENT_TITLES, type HealthHistoryEntry, SIGNAL_NAMES, type SignalId } from '@/lib/metrics/types';
import { Null, Section, Skeleton } from './parts';
import type { PanelSource } from './source';

const W = 320;
const H = 120;
const PAD = { l: 26, r: 8, t: 6, b: 16 };
/** The change list shows this many weeks before "Show all". */
const FIRST_WEEKS = 6;

const x = (i: number, n: number) => PAD.l + (i / Math.max(1, n - 1)) * (W - PAD.l - PAD.r);
const y = (score: number) => PAD.t + (1 - score / 100) * (H - PAD.t - PAD.b);

/** Runs of consecutive weeks with a score: a week without one is a gap in the line. */
function runs(h: HealthHistoryEntry[]): { i: number; score: number }[][] {
  const out: { i: number; score: number }[][] = [];
  let cur: { i: number; score: number }[] = [];
  h.forEach((e, i) => {
    if (e.score === null) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push({ i, score: e.score });
  });
  if (cur.length > 0) out.push(cur);
  return out;
}

function describe(h: HealthHistoryEntry[], locale: string): string {
  const known = h.filter((e) => e.score !== null);
  if (known.length === 0) return `Health score, weekly over ${h.length} weeks: no week has a score.`;
  const first = known[0];
  const last = known[known.length - 1];
  return `Health score, weekly over ${h.length} weeks: ${num(first.score, locale, 0)} on ${day(first.date)}, ${num(last.score, locale, 0)} on ${day(last.date)}.`;
}

/** The line over the red, yellow and green zones (a band is read from the score rounded half-up). */
export function HistoryChart({
  history,
  bands,
  locale,
}: {
  history: HealthHistoryEntry[];
  bands: AccountHistory['bands'];
  locale: string;
}) {
  const n = history.length;
  const redTop = Math.min(100, bands.redMax + 0.5);
  const yellowTop = Math.min(100, bands.yellowMax + 0.5);
  const zones = [
    { band: 'red', from: 0, to: redTop },
    { band: 'yellow', from: redTop, to: yellowTop },
    { band: 'green', from: yellowTop, to: 100 },
  ].filter((z) => z.to > z.from);
  return (
    <figure className="hb-chart" data-testid="history-chart">
      <svg
        role="img"
        aria-label={describe(history, locale)}
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        height={H}
      >
        {zones.map((z) => (
          <rect
            key={z.band}
            className={`hb-zone hb-zone-${z.band}`}
            x={PAD.l}
            width={W - PAD.l - PAD.r}
            y={y(z.to)}
            height={y(z.from) - y(z.to)}
          />
        ))}
        {[0, 50, 100].map((t) => (
          <text
            key={t}
            x={PAD.l - 4}
            y={y(t) + (t === 100 ? 8 : t === 0 ? 0 : 4)}
            className="hb-tick"
            textAnchor="end"
          >
            {t}
          </text>
        ))}
        {runs(history).map((r) =>
          r.length === 1 ? null : (
            <polyline
              key={r[0].i}
              className="hb-history-line"
              fill="none"
              points={r.map((p) => `${x(p.i, n).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ')}
            />
          ),
        )}
        {history.map((e, i) =>
          e.score === null ? null : (
            <circle
              key={e.date}
              className={`hb-history-dot hb-fill-${e.band ?? 'none'}`}
              cx={x(i, n)}
              cy={y(e.score)}
              r={i === n - 1 ? 3.5 : 2.2}
            >
              <title>{`${day(e.date)}: ${num(e.score, locale, 0)} (${BAND_WORDS[e.band ?? 'unknown']})`}</title>
            </circle>
          ),
        )}
        <text x={PAD.l} y={H - 3} className="hb-tick">
          {day(history[0]?.date, true)}
        </text>
        <text x={W - PAD.r} y={H - 3} className="hb-tick" textAnchor="end">
          {day(history[n - 1]?.date, true)}
        </text>
      </svg>
    </figure>
  );
}

function names(ids: string[]): string {
  return ids.map((id) => SIGNAL_NAMES[id as SignalId] ?? id).join(', ');
}

/** One week of the change list: its score, the move since the week before and why. */
function Week({ e, prev, locale }: { e: HealthHistoryEntry; prev: HealthHistoryEntry; locale: string }) {
  const c = e.change;
  const moved =
    c?.component == null
      ? null
      : (e.points[c.component]?.points ?? 0) - (prev.points[c.component]?.points ?? 0);
  const delta = e.score === null || prev.score === null ? null : e.score - prev.score;
  return (
    <li data-testid="history-week" data-date={e.date}>
      <span className="hb-history-date">{day(e.date, true)}</span>{' '}
      {e.score === null ? (
        <Null why="No component of the score could be computed that week" />
      ) : (
        <strong>{num(e.score, locale, 0)}</strong>
      )}{' '}
      <span className={`hb-band-${e.band ?? 'none'}`}>{BAND_WORDS[e.band ?? 'unknown']}</span>
      {delta !== null && Math.abs(delta) >= 0.05 && (
        <span className={delta < 0 ? 'hb-down' : 'hb-up'}> ({signed(delta, locale, 1)})</span>
      )}
      <ul className="hb-history-why">
        {c?.component != null && moved !== null && (
          <li>
            {COMPONENT_TITLES[c.component]} moved most (
            {Math.abs(moved) < 0.05 ? 'under 0.1' : signed(moved, locale, 1)} points)
          </li>
        )}
        {c !== null && c.signalsAppeared.length > 0 && <li>New: {names(c.signalsAppeared)}</li>}
        {c !== null && c.signalsCleared.length > 0 && <li>Cleared: {names(c.signalsCleared)}</li>}
      </ul>
    </li>
  );
}

/** The history section: the chart and the weeks in which something changed, newest first. */
export function ScoreHistory({ source, accountId }: { source: PanelSource; accountId: string }) {
  const [all, setAll] = useState(false);
  const q = useQuery({ queryKey: ['history', accountId], queryFn: () => source.history(accountId) });
  if (q.isPending) return <Skeleton label="Computing the score history…" />;
  if (q.isError)
    return (
      <Section id="history" title="Score history, 26 weeks">
        <p className="hb-muted">
          The score history could not be computed: {String(q.error)}. Close and open it again.
        </p>
      </Section>
    );
  const h = q.data?.history ?? [];
  const weeks = h
    .map((e, i) => ({ e, prev: h[i - 1] }))
    .filter(
      ({ e }) =>
        e.change !== null &&
        (e.change.component !== null ||
          e.change.signalsAppeared.length > 0 ||
          e.change.signalsCleared.length > 0),
    )
    .reverse();
  const shown = all ? weeks : weeks.slice(0, FIRST_WEEKS);
  return (
    <Section id="history" title="Score history, 26 weeks">
      {q.data === null || h.length === 0 ? (
        <p className="hb-muted">No history for this account.</p>
      ) : (
        <>
          <HistoryChart history={h} bands={q.data.bands} locale={source.locale} />
          {weeks.length === 0 ? (
            <p className="hb-muted">Nothing changed in the score over these 26 weeks.</p>
          ) : (
            <ol className="hb-history" aria-label="What changed, week by week, newest first">
              {shown.map(({ e, prev }) => (
                <Week key={e.date} e={e} prev={prev} locale={source.locale} />
              ))}
            </ol>
          )}
          {weeks.length > FIRST_WEEKS && (
            <button type="button" className="hb-link" onClick={() => setAll(!all)} aria-expanded={all}>
              {all ? 'Show the latest weeks only' : `Show all ${weeks.length} weeks with a change`}
            </button>
          )}
          <p className="hb-muted hb-small">
            Each week is scored with that week's data; feature breadth is today's (users carry no history).
          </p>
        </>
      )}
    </Section>
  );
}
