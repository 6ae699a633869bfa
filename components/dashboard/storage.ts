/**
 * The dashboard's and popup's storage: the items are defined once in lib/contracts/storage;
 * values are read through the zod readers of lib/portfolio, so a damaged value falls back to
 * defaults instead of breaking a page.
 */
import { dashboardPrefsItem, lastCrmHostsItem, loadLastCrmHosts, targetsItem } from '@/lib/contracts/storage';
import {
  type DashboardPrefs,
  readDashboardPrefs,
  readTargets,
  type Target,
  targetsSchema,
} from '@/lib/portfolio/targets';

export { dashboardPrefsItem, lastCrmHostsItem, loadLastCrmHosts, targetsItem };

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
