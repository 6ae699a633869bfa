/**
 * Extension-storage items of the dashboard and the popup. Values are read through the zod
 * readers of lib/portfolio, so a damaged value falls back to defaults instead of breaking a page.
 *
 * - `local:targets` — the person's targets (`targetsSchema`); kept outside the cache, so a
 *   re-sync or "Clear cache" never loses them.
 * - `local:dashboard` — stage preset, north star, last tab, filters (`dashboardPrefsSchema`).
 * - `local:lastCrmHosts` — the CRM hosts last seen (`lastCrmHostsSchema`, lib/portfolio/crm-links.ts);
 *   the content script is to write it, the popup and the options page read it.
 */
import { storage } from '#imports';
import { type LastCrmHosts, readLastCrmHosts } from '@/lib/portfolio/crm-links';
import {
  type DashboardPrefs,
  readDashboardPrefs,
  readTargets,
  type Target,
  targetsSchema,
} from '@/lib/portfolio/targets';

export const targetsItem = storage.defineItem<unknown>('local:targets', { fallback: [] });
export const dashboardPrefsItem = storage.defineItem<unknown>('local:dashboard', { fallback: null });
export const lastCrmHostsItem = storage.defineItem<unknown>('local:lastCrmHosts', { fallback: {} });

export async function loadTargets(): Promise<Target[]> {
  return readTargets(await targetsItem.getValue());
}

export async function saveTargets(targets: Target[]): Promise<void> {
  await targetsItem.setValue(targetsSchema.parse(targets));
}

export async function loadDashboardPrefs(): Promise<DashboardPrefs> {
  return readDashboardPrefs(await dashboardPrefsItem.getValue());
}

export async function saveDashboardPrefs(p: DashboardPrefs): Promise<void> {
  await dashboardPrefsItem.setValue(p);
}

export async function loadLastCrmHosts(): Promise<LastCrmHosts> {
  return readLastCrmHosts(await lastCrmHostsItem.getValue());
}
