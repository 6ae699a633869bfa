/**
 * The `read` of a source that calls a vendor's API (HubSpot, Salesforce, Stripe): fetch what the
 * source needs, waiting between retries with the run's `sleep` (a real timer unless a test gives
 * one), then map it with the run's context. The mapping stays pure (no clock, no network).
 */
import type { SourceContext, SourceOutput } from './types';
import { defaultSleep } from './zendesk/http';

export function fetchThenMap<C, O>(
  fetch: (config: NoInfer<C>, sleep: (ms: number) => Promise<void>) => Promise<O>,
  map: (objects: O, config: C, ctx: SourceContext) => SourceOutput,
): (config: C, ctx: SourceContext) => Promise<SourceOutput> {
  return async (config, ctx) => map(await fetch(config, ctx.sleep ?? defaultSleep), config, ctx);
}
