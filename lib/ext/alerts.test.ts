/** Alerts in the background: evaluated on the cache after a sync or import (issue 34). */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { readAlertsState } from '../contracts/alerts';
import { alertsItem } from '../contracts/storage';
import type { Dataset } from '../dataset/schema';
import { openDb } from '../db/db';
import { importDataset } from '../db/import';
import { account, dataset, revenue, survey, usageRun } from '../metrics/testkit';
import { type AlertOutputs, alertsSeen, refreshBadge, resetAlerts, updateAlerts } from './alerts';
import { preferencesItem, readPreferences } from './settings';

/** Two healthy accounts (full seats, steady use); `drop` gives `b` an NPS 0 answer (→ yellow). */
function data(drop: boolean): Dataset {
  const acc = (id: string, owner: string) => account(id, { seats: 10, owner, renewsOn: '2027-06-01' });
  return dataset({
    dataThrough: '2026-10-31',
    accounts: [acc('a', 'ann@example.com'), acc('b', 'bob@example.com')],
    revenue: [...revenue('a', { '2026-10': 1000 }), ...revenue('b', { '2026-10': 2000 })],
    usage: ['a', 'b'].flatMap((id) => usageRun(id, '2026-08-01', '2026-10-31', () => ({ dau: 4, mau: 10 }))),
    surveys: drop ? [survey('b', 's1', '2026-10-20', 'nps', 0)] : [],
  });
}

function outputs() {
  const badge: string[] = [];
  const notes: string[] = [];
  const out: AlertOutputs = {
    setBadge: vi.fn(async (t: string) => {
      badge.push(t);
    }),
    notify: vi.fn(async (title: string, message: string) => {
      notes.push(`${title}\n${message}`);
    }),
  };
  return { out, badge, notes };
}

const T1 = new Date('2026-11-02T08:00:00Z');
const T2 = new Date('2026-11-02T08:15:00Z');

describe('alerts after a sync', () => {
  beforeEach(() => fakeBrowser.reset());

  it('the first evaluation is a baseline; a band drop then sets the badge; looking clears it', async () => {
    const db = openDb({ name: 'alerts-1' });
    const { out, badge, notes } = outputs();
    await importDataset(db, data(false), { rejected: [], replaced: [] }, T1);
    expect(await updateAlerts(db, T1, out)).toEqual([]);
    expect(badge.at(-1)).toBe('');

    // The same data again: nothing to evaluate.
    expect(await updateAlerts(db, T1, out)).toEqual([]);

    await importDataset(db, data(true), { rejected: [], replaced: [] }, T2);
    const raised = await updateAlerts(db, T2, out);
    expect(raised.map((e) => `${e.accountId}:${e.key}`)).toEqual(['b:band-drop']);
    expect(raised[0].text).toMatch(/^Account b dropped from Healthy to At risk \(score \d+\)\.$/);
    expect(badge.at(-1)).toBe('1');
    // Notifications are off by default.
    expect(notes).toEqual([]);

    await alertsSeen(T2, out);
    expect(badge.at(-1)).toBe('');
    await refreshBadge(out);
    expect(badge.at(-1)).toBe('');
    const state = readAlertsState(await alertsItem.getValue());
    expect(state.entries).toHaveLength(1);
    expect(state.seenAt).toBe(T2.toISOString());
  });

  it('watches my book only when my email is set, and notifies once per sync when turned on', async () => {
    await preferencesItem.setValue({
      ...(await readPreferences()),
      myEmail: 'ANN@example.com',
      alertNotifications: true,
    });
    const db = openDb({ name: 'alerts-2' });
    const { out, notes } = outputs();
    await importDataset(db, data(false), { rejected: [], replaced: [] }, T1);
    await updateAlerts(db, T1, out);
    await importDataset(db, data(true), { rejected: [], replaced: [] }, T2);
    // b is Bob's: not in Ann's book.
    expect(await updateAlerts(db, T2, out)).toEqual([]);
    expect(notes).toEqual([]);

    await preferencesItem.setValue({ ...(await readPreferences()), myEmail: '' });
    await resetAlerts(out);
    await importDataset(db, data(false), { rejected: [], replaced: [] }, T1);
    await updateAlerts(db, T1, out);
    await importDataset(db, data(true), { rejected: [], replaced: [] }, T2);
    expect((await updateAlerts(db, T2, out)).map((e) => e.accountId)).toEqual(['b']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Healthbar: 1 alert on 1 account\nAccount b dropped from Healthy to At risk/);
  });

  it('a damaged stored state starts over without failing', async () => {
    await alertsItem.setValue({ memory: 'nope', entries: 7 });
    const db = openDb({ name: 'alerts-3' });
    const { out } = outputs();
    await importDataset(db, data(true), { rejected: [], replaced: [] }, T1);
    expect(await updateAlerts(db, T1, out)).toEqual([]);
    expect(readAlertsState(await alertsItem.getValue()).memory).not.toBeNull();
  });
});
