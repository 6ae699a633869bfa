/** Shared types of the CRM detectors (`lib/crm`). Pure data: no DOM or browser types leak out. */

export type CrmName = 'hubspot' | 'salesforce' | 'zendesk';

export type HubSpotObjectType = 'company' | 'contact' | 'deal' | 'ticket';
export type SalesforceObjectType = 'account' | 'contact' | 'opportunity' | 'case' | 'lead';
export type ZendeskObjectType = 'ticket' | 'organization' | 'user';
export type CrmObjectType = HubSpotObjectType | SalesforceObjectType | ZendeskObjectType;

/**
 * What a page says about the account (the customer company) it belongs to. Every field is
 * optional: a URL alone gives the CRM id on company/account/organization pages and nothing
 * elsewhere; the DOM adds the associated company, names and domains.
 */
export interface AccountHints {
  hubspotCompanyId?: string;
  /** As the page has it: 15 or 18 characters. The resolver compares the 15-character form. */
  salesforceAccountId?: string;
  zendeskOrganizationId?: string;
  /** Web domains of the account (a company's domain property, an account's website). */
  domains?: string[];
  /** Domains of people's e-mail addresses on the page (free-mail providers left out). */
  emailDomains?: string[];
  /** Names of the account as the page shows them (never a contact's free-text company). */
  names?: string[];
}

interface RecordBase<C extends CrmName, T extends CrmObjectType> {
  crm: C;
  /** The CRM's own noun for the record. */
  objectType: T;
  /** Exactly as the URL has it (a 15-character Salesforce id stays 15 characters). */
  recordId: string;
  hints: AccountHints;
  /** The record's title in the page header, when a document was given and it showed one. */
  recordName?: string;
}

export type DetectedRecord =
  | RecordBase<'hubspot', HubSpotObjectType>
  | RecordBase<'salesforce', SalesforceObjectType>
  | RecordBase<'zendesk', ZendeskObjectType>;

/** One place the detector looked: a named anchor, the selector it used, whether it found data. */
export interface AnchorAttempt {
  name: string;
  /** CSS; `>>>` separates steps that may cross into open shadow roots. */
  selector: string;
  /** True when a visible element in the active view matched and gave usable data. */
  found: boolean;
  /** Elements that matched but were skipped: hidden, in a cached view or a preview panel. */
  skipped?: number;
}

/** What the panel shows when a page breaks: which detector ran, what it found, where it looked. */
export interface DetectionDiagnostics {
  /** `none`, `hubspot`, `salesforce-lightning`, `salesforce-classic` or `zendesk`. */
  detector: string;
  /** True when the URL is a record page of a supported type. */
  urlMatched: boolean;
  anchorsTried: AnchorAttempt[];
  /** The anchor that gave the account identity (`url` when the record is the account). */
  anchorUsed?: string;
  /** One human sentence. */
  note: string;
}

export interface Detection {
  record: DetectedRecord | null;
  diagnostics: DetectionDiagnostics;
}
