/** The demo's fixed catalogue: account owners, features, plans and milestones, and the header. */
import type { Feature, Milestone, Plan } from '../dataset/schema';
import { SCHEMA_VERSION } from '../dataset/schema';
import { type DatasetCatalog, DEMO_CURRENCY, type GenerateOptions, validateGenerateOptions } from './options';

export const DEMO_OWNERS = [
  'maria.lopez@healthbar-demo.com',
  'james.chen@healthbar-demo.com',
  'aisha.khan@healthbar-demo.com',
  'tom.becker@healthbar-demo.com',
  'sofia.rossi@healthbar-demo.com',
  'david.okafor@healthbar-demo.com',
  'priya.nair@healthbar-demo.com',
] as const;

export const DEMO_FEATURES: readonly Feature[] = [
  { key: 'dashboards', name: 'Dashboards', minTier: 1 },
  { key: 'reports', name: 'Scheduled reports', minTier: 1 },
  { key: 'alerts', name: 'Alerts', minTier: 1 },
  { key: 'imports', name: 'Data imports', minTier: 1 },
  { key: 'integrations', name: 'Integrations', minTier: 2 },
  { key: 'automations', name: 'Automations', minTier: 2 },
  { key: 'forecasting', name: 'Forecasting', minTier: 3 },
  { key: 'api', name: 'API access', minTier: 4 },
];

export const DEMO_PLANS: readonly Plan[] = [
  {
    id: 'starter',
    name: 'Starter',
    tier: 1,
    seatLimit: 10,
    features: ['dashboards', 'reports', 'alerts', 'imports'],
  },
  {
    id: 'growth',
    name: 'Growth',
    tier: 2,
    seatLimit: 50,
    features: ['dashboards', 'reports', 'alerts', 'imports', 'integrations', 'automations'],
  },
  {
    id: 'business',
    name: 'Business',
    tier: 3,
    seatLimit: 250,
    features: ['dashboards', 'reports', 'alerts', 'imports', 'integrations', 'automations', 'forecasting'],
  },
  {
    id: 'enterprise',
    name: 'Enterprise',
    tier: 4,
    features: [
      'dashboards',
      'reports',
      'alerts',
      'imports',
      'integrations',
      'automations',
      'forecasting',
      'api',
    ],
  },
];

export const DEMO_MILESTONES: readonly Milestone[] = [
  { key: 'workspace-created', name: 'Workspace created', order: 1, firstValue: false },
  { key: 'data-connected', name: 'Data source connected', order: 2, firstValue: false },
  { key: 'first-dashboard', name: 'First dashboard shared', order: 3, firstValue: true },
  { key: 'team-invited', name: 'Team invited', order: 4, firstValue: false },
  { key: 'integration-live', name: 'First integration live', order: 5, firstValue: false },
];

/** The dataset header and the catalogue collections (plans, features, milestones). */
export function generateCatalog(opts: GenerateOptions): DatasetCatalog {
  validateGenerateOptions(opts);
  return {
    header: {
      schemaVersion: SCHEMA_VERSION,
      currency: DEMO_CURRENCY,
      generatedAt: `${opts.asOf}T23:00:00Z`,
      dataThrough: opts.asOf,
    },
    plans: DEMO_PLANS.map((p) => ({ ...p, features: [...p.features] })),
    features: DEMO_FEATURES.map((f) => ({ ...f })),
    milestones: DEMO_MILESTONES.map((m) => ({ ...m })),
  };
}
