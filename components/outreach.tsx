/**
 * Outreach in the extension's pages: "Start outreach" on a signal, the account's open tasks,
 * the person's own tasks. The pages only read the cache; every write is a message to the
 * background (lib/ext/outreach.ts), which keeps it in the cache and sends it to the server.
 * The data comes through `OutreachContext` (the real one reads IndexedDB; without a provider —
 * component tests of other parts — nothing of this renders).
 */
import { liveQuery } from 'dexie';
import { createContext, useContext, useEffect, useState } from 'react';
import {
  DUE_DAYS_BY_SEVERITY,
  openTasksInOrder,
  outreachTask,
  SENTIMENT_LABEL,
} from '@/lib/contracts/outreach';
import type { Sentiment, SentimentValue, Task } from '@/lib/dataset/schema';
import type { HealthbarDB, RefusedRow } from '@/lib/db/db';
import type { Request, Response } from '@/lib/ext/messages';
import type { OutreachWrite } from '@/lib/ext/outreach';
import { readConnection, readPreferences } from '@/lib/ext/settings';
import type { Signal } from '@/lib/metrics/types';

export interface OutreachApi {
  /** Calls `onTasks` with the tasks now and whenever they change; returns the unsubscribe. */
  watchTasks(accountId: string | null, onTasks: (t: Task[]) => void): () => void;
  /** Calls `onRefused` with the writes the server refused (the account's, or all), now and on every change. */
  watchRefused(accountId: string | null, onRefused: (r: RefusedRow[]) => void): () => void;
  /** Calls `onLatest` with the account's latest sentiment entry now and whenever it changes. */
  watchSentiment(accountId: string, onLatest: (s: Sentiment | undefined) => void): () => void;
  me(): Promise<string | undefined>;
  /** Account names by id (the popup names a task by its account). */
  accountNames(ids: string[]): Promise<Map<string, string>>;
  connected(): Promise<boolean>;
  send(req: Request): Promise<Response<OutreachWrite>>;
  now(): Date;
  newId(): string;
}

export const OutreachContext = createContext<OutreachApi | null>(null);

/** The real API: the cache (live), the settings, and messages to the background. */
export function extensionOutreach(db: HealthbarDB): OutreachApi {
  return {
    watchTasks(accountId, onTasks) {
      const q = liveQuery(() =>
        accountId === null ? db.tasks.toArray() : db.tasks.where('accountId').equals(accountId).toArray(),
      );
      const sub = q.subscribe({ next: onTasks, error: () => onTasks([]) });
      return () => sub.unsubscribe();
    },
    watchRefused(accountId, onRefused) {
      const q = liveQuery(() =>
        accountId === null ? db.refused.toArray() : db.refused.where('accountId').equals(accountId).toArray(),
      );
      const sub = q.subscribe({ next: onRefused, error: () => onRefused([]) });
      return () => sub.unsubscribe();
    },
    watchSentiment(accountId, onLatest) {
      const q = liveQuery(async () => {
        const all = await db.sentiment.where('accountId').equals(accountId).toArray();
        return all.sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))[0];
      });
      const sub = q.subscribe({ next: onLatest, error: () => onLatest(undefined) });
      return () => sub.unsubscribe();
    },
    me: async () => (await readPreferences()).myEmail || undefined,
    accountNames: async (ids) => {
      const rows = await db.accounts.bulkGet(ids);
      return new Map(rows.flatMap((a) => (a ? [[a.id, a.name] as [string, string]] : [])));
    },
    connected: async () => {
      const c = await readConnection();
      return Boolean(c.apiUrl && c.token);
    },
    send: async (req) =>
      ((await browser.runtime.sendMessage(req)) as Response<OutreachWrite> | undefined) ?? {
        ok: false,
        error: 'The extension did not answer; reload the page.',
      },
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
  };
}

function useTasks(api: OutreachApi | null, accountId: string | null): Task[] {
  const [tasks, setTasks] = useState<Task[]>([]);
  useEffect(() => (api ? api.watchTasks(accountId, setTasks) : undefined), [api, accountId]);
  return tasks;
}

/** What a write's answer means for the person. */
function writeNote(r: Response<OutreachWrite>): string {
  if (!r.ok) return `Not saved: ${r.error}`;
  // The refusal's notice (what happened, what to do) shows with the tasks until dismissed.
  if (r.data.failed.length > 0) return 'Not shared: the server refused it (see the notice under Open tasks).';
  if (r.data.localOnly)
    return 'Saved in this browser only: no server is connected, so your team does not see it.';
  if (r.data.pending > 0) return 'Saved here; it will be sent to your team when the server can be reached.';
  return 'Saved and shared with your team.';
}

/**
 * The writes the server refused for good (e.g. a task queued offline for an account that has
 * since left the token's book): each says what happened and what to do, until dismissed.
 */
function RefusedNotices({ api, accountId }: { api: OutreachApi; accountId: string | null }) {
  const [rows, setRows] = useState<RefusedRow[]>([]);
  useEffect(() => api.watchRefused(accountId, setRows), [api, accountId]);
  if (rows.length === 0) return null;
  return (
    <ul className="hb-refused" role="alert" data-testid="refused">
      {rows.map((r) => (
        <li key={r.id} data-refused={r.recordId}>
          <span>{r.message}</span>{' '}
          <button
            type="button"
            onClick={() => void api.send({ type: 'refused-dismiss', id: r.id as number })}
          >
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}

function isOverdue(t: Task, today: string): boolean {
  return t.status === 'open' && t.dueOn < today;
}

function TaskLine({
  label,
  t,
  today,
  api,
  onNote,
}: {
  /** What the line names first (the account in the popup); the owner by default. */
  label?: string;
  t: Task;
  today: string;
  api: OutreachApi;
  onNote: (s: string) => void;
}) {
  const overdue = isOverdue(t, today);
  return (
    <li className={`hb-task${overdue ? ' hb-overdue' : ''}`} data-task={t.id}>
      <span>
        {label ?? t.owner} · due {t.dueOn}
        {overdue ? ' (overdue)' : ''}
        {t.signalId ? ` · ${t.signalId}` : ''}
        {t.note ? ` — ${t.note}` : ''}
      </span>
      <button
        type="button"
        onClick={async () =>
          onNote(
            writeNote(
              await api.send({
                type: 'task-update',
                id: t.id,
                patch: { status: 'done', updatedAt: api.now().toISOString() },
              }),
            ),
          )
        }
      >
        Done
      </button>
    </li>
  );
}

/** Beside a signal: "Start outreach" (a task due in 2 / 7 / 14 days), or who is on it already. */
export function StartOutreach({ accountId, signal }: { accountId: string; signal: Signal }) {
  const api = useContext(OutreachContext);
  const tasks = useTasks(api, accountId);
  const [note, setNote] = useState('');
  if (!api) return null;
  const open = tasks.find((t) => t.status === 'open' && t.signalId === signal.id);
  if (open)
    return (
      <p className="hb-muted hb-on-it">
        On it: {open.owner}, due {open.dueOn}
        {note && <span className="hb-outreach-note"> — {note}</span>}
      </p>
    );
  return (
    <p className="hb-outreach">
      <button
        type="button"
        data-testid={`start-outreach-${signal.id}`}
        onClick={async () => {
          const owner = await api.me();
          if (!owner) {
            setNote('Set "My email" in the options first: a task needs its owner.');
            return;
          }
          const task = outreachTask({ id: api.newId(), accountId, signal, owner, now: api.now() });
          setNote(writeNote(await api.send({ type: 'task-create', task })));
        }}
      >
        Start outreach
      </button>{' '}
      <span className="hb-muted">due in {DUE_DAYS_BY_SEVERITY[signal.severity]} days</span>
      {note && <span className="hb-muted hb-outreach-note"> {note}</span>}
    </p>
  );
}

/** The account's open tasks (overdue first), each with "Done". */
export function OpenTasks({ accountId }: { accountId: string }) {
  const api = useContext(OutreachContext);
  const tasks = useTasks(api, accountId);
  const [note, setNote] = useState('');
  const [connected, setConnected] = useState(true);
  useEffect(() => {
    void api?.connected().then(setConnected);
  }, [api]);
  if (!api) return null;
  const open = openTasksInOrder(tasks);
  const today = api.now().toISOString().slice(0, 10);
  return (
    <div className="hb-tasks" data-testid="open-tasks">
      <h3>Open tasks</h3>
      <RefusedNotices api={api} accountId={accountId} />
      {open.length === 0 ? (
        <p className="hb-muted">No one is on this account yet.</p>
      ) : (
        <ul>
          {open.map((t) => (
            <TaskLine key={t.id} t={t} today={today} api={api} onNote={setNote} />
          ))}
        </ul>
      )}
      {!connected && <p className="hb-muted">Tasks stay in this browser: no server is connected.</p>}
      {note && <p className="hb-muted">{note}</p>}
    </div>
  );
}

/** The popup's "My tasks": my open tasks, overdue first. */
export function MyTasks() {
  const api = useContext(OutreachContext);
  const tasks = useTasks(api, null);
  const [me, setMe] = useState<string | undefined>(undefined);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [note, setNote] = useState('');
  useEffect(() => {
    void api?.me().then(setMe);
  }, [api]);
  const ids = [...new Set(tasks.map((t) => t.accountId))].sort().join('\n');
  useEffect(() => {
    if (api && ids) void api.accountNames(ids.split('\n')).then(setNames);
  }, [api, ids]);
  if (!api) return null;
  const today = api.now().toISOString().slice(0, 10);
  const mine = openTasksInOrder(
    tasks.filter((t) => me !== undefined && t.owner.toLowerCase() === me.toLowerCase()),
  );
  return (
    <section className="hb-my-tasks" data-testid="my-tasks" aria-labelledby="hb-my-tasks">
      <h2 id="hb-my-tasks">My tasks</h2>
      <RefusedNotices api={api} accountId={null} />
      {me === undefined ? (
        <p className="hb-muted">Set "My email" in the options to see your tasks.</p>
      ) : mine.length === 0 ? (
        <p className="hb-muted">No open task.</p>
      ) : (
        <ul>
          {mine.map((t) => (
            <TaskLine
              key={t.id}
              label={names.get(t.accountId) ?? t.accountId}
              t={t}
              today={today}
              api={api}
              onNote={setNote}
            />
          ))}
        </ul>
      )}
      {note && <p className="hb-muted">{note}</p>}
    </section>
  );
}

/** "How is this account, in your judgement?": good / neutral / poor with a note, and the latest entry. */
export function SentimentForm({ accountId, onRecorded }: { accountId: string; onRecorded?: () => void }) {
  const api = useContext(OutreachContext);
  const [latest, setLatest] = useState<Sentiment | undefined>(undefined);
  const [note, setNote] = useState('');
  const [said, setSaid] = useState('');
  useEffect(() => (api ? api.watchSentiment(accountId, setLatest) : undefined), [api, accountId]);
  if (!api) return null;
  const record = async (value: SentimentValue) => {
    const author = await api.me();
    const entry: Sentiment = {
      id: api.newId(),
      accountId,
      value,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(author ? { author } : {}),
      recordedAt: api.now().toISOString(),
    };
    const r = await api.send({ type: 'sentiment-record', entry });
    setSaid(writeNote(r));
    setNote('');
    // The score may read sentiment (when the team weights it): the page recomputes what it shows.
    if (r.ok) onRecorded?.();
  };
  return (
    <div className="hb-sentiment" data-testid="sentiment">
      <h3>Your judgement</h3>
      {latest && (
        <p data-testid="sentiment-latest">
          {SENTIMENT_LABEL[latest.value]} · {latest.recordedAt.slice(0, 10)}
          {latest.author ? ` · ${latest.author}` : ''}
          {latest.note ? ` — ${latest.note}` : ''}
        </p>
      )}
      <label>
        Note <input value={note} maxLength={10_000} onChange={(e) => setNote(e.target.value)} />
      </label>{' '}
      {(['good', 'neutral', 'poor'] as const).map((v) => (
        <button key={v} type="button" className="hb-sentiment-btn" onClick={() => void record(v)}>
          {SENTIMENT_LABEL[v]}
        </button>
      ))}
      {said && <p className="hb-muted">{said}</p>}
    </div>
  );
}
