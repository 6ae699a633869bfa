/**
 * The Report JSON of METRICS.md ("Report JSON"), plus the extra explanatory fields Healthbar adds
 * beside the fixed ones (`health.points`, `health.drivers`, signal `evidence`/`action`,
 * portfolio `featureAdoption`, `support`, `heatmap`, `trends`, …). Fixed names, shapes and meanings
 * are never changed; every number is finite or null.
 */
import type { Segment, WorkspaceContext } from '../dataset/schema';
import type { BAND_LABELS } from './health';

export type { WorkspaceContext };

export type Band = 'red' | 'yellow' | 'green';
export type ComponentName = 'engagement' | 'adoption' | 'satisfaction' | 'support' | 'trend';
export const COMPONENT_NAMES: readonly ComponentName[] = [
  'engagement',
  'adoption',
  'satisfaction',
  'support',
  'trend',
];

/**
 * The optional components (METRICS.md "sentiment component"): present in a score's `components`
 * and `points` only when their weight is > 0, so a report at weight 0 is the five-component one.
 */
export type OptionalComponentName = 'sentiment';
/** Any component a score may have: the five, then the optional ones. */
export type HealthComponentName = ComponentName | OptionalComponentName;
/**
 * Every component in report order, optional ones last: the order of the panel, the CSV columns and
 * `healthHistory`'s tie order (engagement, adoption, satisfaction, support, trend, then sentiment).
 */
export const HEALTH_COMPONENT_NAMES: readonly HealthComponentName[] = [...COMPONENT_NAMES, 'sentiment'];
/** A per-component record: the five always, an optional component only when it is weighted. */
export type ComponentRecord<T> = Record<ComponentName, T> & Partial<Record<OptionalComponentName, T>>;
/** The components a record has, in `HEALTH_COMPONENT_NAMES` order. */
export function componentsIn<T>(r: ComponentRecord<T>): HealthComponentName[] {
  return HEALTH_COMPONENT_NAMES.filter((k) => r[k] !== undefined);
}

/** People's names of the health components (the drivers, the panel, the history). */
export const COMPONENT_TITLES: Record<HealthComponentName, string> = {
  engagement: 'Engagement',
  adoption: 'Adoption',
  satisfaction: 'Satisfaction',
  support: 'Support',
  trend: 'Usage trend',
  sentiment: 'CSM sentiment',
};

/** The latest sentiment entry a score read (the `sentiment` component's reason). */
export interface SentimentReading {
  value: 'good' | 'neutral' | 'poor';
  author: string | null;
  recordedAt: string;
}

export type SignalId =
  | 'usage-decline'
  | 'champion-inactive'
  | 'detractor'
  | 'ticket-spike'
  | 'renewal-risk'
  | 'contraction'
  | 'low-adoption'
  | 'seat-limit'
  | 'usage-growth'
  | 'promoter'
  | 'plan-headroom'
  | 'feature-demand';

/** People's names of the signals (panel history, lists). */
export const SIGNAL_NAMES: Record<SignalId, string> = {
  'usage-decline': 'Usage decline',
  'champion-inactive': 'Champion inactive',
  detractor: 'Detractor',
  'ticket-spike': 'Ticket spike',
  'renewal-risk': 'Renewal risk',
  contraction: 'Contraction',
  'low-adoption': 'Low adoption',
  'seat-limit': 'Seat limit',
  'usage-growth': 'Usage growth',
  promoter: 'Promoter',
  'plan-headroom': 'Plan headroom',
  'feature-demand': 'Feature demand',
};

export interface Signal {
  id: SignalId;
  kind: 'risk' | 'upsell';
  severity: 'high' | 'medium' | 'low';
  /** Extra: one sentence with the figures that made the signal fire. */
  evidence: string;
  /** Extra: the suggested action. */
  action: string;
}

export interface Movement {
  /** `YYYY-MM` */
  month: string;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
  net: number;
}

export interface ComponentPoints {
  /** The component's value 0–100, or null. */
  value: number | null;
  /** Its weight (setting). */
  weight: number;
  /** Points it contributes to the score: `weight × value / Σ weights of the non-null components`; null when the value is null. */
  points: number | null;
}

export interface AccountHealth {
  score: number | null;
  band: Band | null;
  delta30: number | null;
  components: ComponentRecord<number | null>;
  /** Extra: the score rounded half-up (what the band is read from). */
  rounded: number | null;
  /** Extra: people's label of the band: Critical, At risk, Healthy (null with no band). */
  label: (typeof BAND_LABELS)[Band] | null;
  /** Extra: per component its value, weight and points contributed. */
  points: ComponentRecord<ComponentPoints>;
  /** Extra: plain-words reasons, weakest component first. */
  drivers: string[];
  /**
   * Extra, only when `weights.sentiment` > 0: the sentiment entry the `sentiment` component was
   * read from (the latest recorded on or before D), or null when there is none.
   */
  sentiment?: SentimentReading | null;
}

export interface AccountUsage {
  dau: number;
  wau: number;
  mau: number;
  avgDau30: number;
  stickiness: number | null;
  seatUtilization: number | null;
  usageChange: number | null;
  minutesPerActiveUser: number | null;
  featureAdoption: Record<string, number | null>;
  featureBreadth: number | null;
  heatmap: number[];
  /** Extra: active users (lastSeenOn in W30). */
  activeUsers: number;
}

export interface AccountSupport {
  openTickets: number;
  openUrgent: number;
  tickets30: number;
  medianFirstResponseHours: number | null;
  medianResolutionHours: number | null;
}

/** METRICS.md `status`: from MRR in the month of D and the months before it. */
export type AccountStatus = 'active' | 'churned' | 'not-yet-paying';

export interface AccountReport {
  id: string;
  name: string;
  status: AccountStatus;
  /** For a churned account, the first month (`YYYY-MM`) with MRR 0 after its last paying month; else null. */
  churnedIn: string | null;
  /** For a churned account, the MRR of its last paying month; else null. */
  lastMrr: number | null;
  mrr: number;
  arr: number;
  nrr: number | null;
  expansionRevenue: number;
  ltv: number | null;
  renewsInDays: number | null;
  ttvDays: number | null;
  journeyCompletion: number | null;
  usage: AccountUsage;
  nps: number | null;
  csat: number | null;
  support: AccountSupport;
  health: AccountHealth;
  signals: Signal[];
  /**
   * Extra: the features of the `features` collection that active users used in W30 although the
   * account's plan does not include them (`feature-demand`), most users first; each with its users
   * and the lowest-tier plan that includes it (null when no plan does). Empty when the plan is
   * unknown or nobody does.
   */
  featureDemand: { key: string; users: number; planId: string | null }[];
  /** Extras for lists and filters. */
  segment: Segment | null;
  planId: string | null;
  owner: string | null;
  npsResponses: number;
  /** METRICS.md `healthHistory`: present only when asked for (report `--history`, the panel). */
  healthHistory?: HealthHistoryEntry[];
}

/** What changed between two `healthHistory` entries (METRICS.md). */
export interface HealthChange {
  /** The component whose points moved most in absolute value; null when none moved. */
  component: HealthComponentName | null;
  /** Signal ids firing at this entry and not at the previous one (table order). */
  signalsAppeared: string[];
  /** Signal ids firing at the previous entry and not at this one (table order). */
  signalsCleared: string[];
}

/** One week of METRICS.md `healthHistory`: the score as of `date`, computed as `delta30`'s past score. */
export interface HealthHistoryEntry {
  date: string;
  score: number | null;
  band: Band | null;
  points: ComponentRecord<ComponentPoints>;
  /** null on the first (oldest) entry. */
  change: HealthChange | null;
}

export interface HealthCounts {
  green: number;
  yellow: number;
  red: number;
  unknown: number;
}

export interface TrendPoint {
  /** The as-of date of the point (`YYYY-MM-DD`). */
  asOf: string;
  /** Its month (`YYYY-MM`). */
  month: string;
  value: number | null;
}

export interface HealthTrendPoint extends HealthCounts {
  asOf: string;
}

export interface PortfolioTrends {
  mrrGrowth: number | null;
  arrGrowth: number | null;
  nrrTrend: TrendPoint[];
  grrTrend: TrendPoint[];
  logoChurnTrend: TrendPoint[];
  /** Portfolio median `ttvDays` as of each month end `M−11 … M−1`, then as of D (the last equals `ttvDays`). */
  ttvTrend: TrendPoint[];
  featureAdoption: Record<string, number | null>;
  healthTrend: HealthTrendPoint[];
}

export interface PortfolioReport {
  accounts: number;
  payingAccounts: number;
  mrr: number;
  arr: number;
  arpa: number | null;
  nrr: number | null;
  grr: number | null;
  logoChurnRate: number | null;
  logoRetentionRate: number | null;
  monthlyLogoChurnRate: number | null;
  expansionRevenue: number;
  movements: Movement[];
  ltv: number | null;
  cac: number | null;
  ltvToCac: number | null;
  salesCycleDays: number | null;
  nps: number | null;
  csat: number | null;
  dauMau: number | null;
  ttvDays: number | null;
  /** METRICS.md `pipelineValue`, `winRate`, `avgDealSize` (null without deals: lib/metrics/deals.ts). */
  pipelineValue: number | null;
  winRate: number | null;
  avgDealSize: number | null;
  health: HealthCounts;
  /** Extra: `ltvToCac ≥ ltvToCacHealthy` (null when ltvToCac is null). */
  ltvToCacHealthy: boolean | null;
  /** Extra: pooled support figures (sums of the accounts' counts; medians over all their tickets). */
  support: AccountSupport;
  /** Extra: pooled feature adoption (same as `trends.featureAdoption`). */
  featureAdoption: Record<string, number | null>;
  /** Extra: Σ dau over all accounts for each of the 84 days ending D, oldest first. */
  heatmap: number[];
  /** Extra: the dashboard's trends (METRICS.md "Portfolio trends"). */
  trends: PortfolioTrends;
}

export interface Report {
  asOf: string;
  currency: string;
  portfolio: PortfolioReport;
  accounts: AccountReport[];
}
