/**
 * The registry of connector sources: a new source is one file exporting a `SourceDefinition`,
 * listed here. Nothing else in the pipeline names a source type.
 */
import { eventsPostgres } from '../events/postgres';
import { mixpanelSource, posthogSource, segmentSource } from '../events/sources';
import { hubspotSource } from '../hubspot/source';
import { salesforceSource } from '../salesforce/source';
import { stripeSource } from '../stripe/source';
import { surveysCsvSource } from '../surveys/csv';
import { delightedSource } from '../surveys/delighted';
import type { SourceDefinition } from '../types';
import { zendeskSource } from '../zendesk/source';
import { datasetSource } from './dataset';

const definitions = [
  datasetSource,
  stripeSource,
  zendeskSource,
  delightedSource,
  surveysCsvSource,
  hubspotSource,
  salesforceSource,
  segmentSource,
  posthogSource,
  mixpanelSource,
  eventsPostgres,
] as unknown as SourceDefinition[];

export const SOURCES: ReadonlyMap<string, SourceDefinition> = new Map(definitions.map((d) => [d.type, d]));
