import {
  addUnique,
  chainText,
  deepChain,
  insideAny,
  type SearchRoot,
  type VisibilityCheck,
  type VisibilityOptions,
  visibilityFor,
} from './dom';
import type { AccountHints, AnchorAttempt } from './types';

export interface AnchorOptions {
  /** Search under this node instead of the whole document. */
  root?: SearchRoot;
  /** Skip matches inside an element matching this selector (e.g. a list's preview panel). */
  exclude?: string;
  /** Context only (record title, entity label): not listed as a place the account was looked for. */
  context?: boolean;
}

/**
 * Records where a detector looked. `anchor()` finds the visible elements for a selector
 * chain, hands them to a reader, and logs `{name, selector, found}` — `found` meaning the
 * reader got usable data out of a visible element — so diagnostics can say what was tried.
 */
export class Probe {
  readonly tried: AnchorAttempt[] = [];
  /** Names of the anchors that looked for the account (not context anchors). */
  readonly accountAnchors: string[] = [];
  used: string | undefined;
  readonly isShown: VisibilityCheck;

  constructor(
    readonly doc: Document,
    options: VisibilityOptions = {},
  ) {
    this.isShown = visibilityFor(doc, options);
  }

  /** Visible elements for `chain` (no attempt recorded). */
  visible(chain: readonly string[], options: AnchorOptions = {}): { elements: Element[]; skipped: number } {
    const all = deepChain(options.root ?? this.doc, chain);
    const elements = all.filter(
      (el) => this.isShown(el) && !(options.exclude && insideAny(el, options.exclude)),
    );
    return { elements, skipped: all.length - elements.length };
  }

  /** Try one anchor: returns what `read` made of the visible matches, or undefined. */
  anchor<T>(
    name: string,
    chain: readonly string[],
    read: (elements: Element[]) => T | undefined,
    options: AnchorOptions = {},
  ): T | undefined {
    const { elements, skipped } = this.visible(chain, options);
    const value = elements.length > 0 ? read(elements) : undefined;
    const attempt: AnchorAttempt = { name, selector: chainText(chain), found: value !== undefined };
    if (skipped > 0) attempt.skipped = skipped;
    this.tried.push(attempt);
    if (!options.context && !this.accountAnchors.includes(name)) this.accountAnchors.push(name);
    return value;
  }

  /** Remember the first anchor that gave the account identity. */
  use(name: string): void {
    this.used ??= name;
  }
}

/** Mutable hints under construction; `finish` drops empty lists. */
export class HintsBuilder {
  hubspotCompanyId?: string;
  salesforceAccountId?: string;
  zendeskOrganizationId?: string;
  readonly domains: string[] = [];
  readonly emailDomains: string[] = [];
  readonly names: string[] = [];

  /** Hints that start from the record id the URL gave (a detector's `urlHints`); the URL counts as used when it gave one. */
  static fromUrl(url: AccountHints, probe: Probe): HintsBuilder {
    const b = new HintsBuilder();
    b.hubspotCompanyId = url.hubspotCompanyId;
    b.salesforceAccountId = url.salesforceAccountId;
    b.zendeskOrganizationId = url.zendeskOrganizationId;
    if (Object.keys(url).length) probe.use('url');
    return b;
  }

  addDomain(...d: (string | null | undefined)[]): void {
    addUnique(this.domains, ...d.map((x) => x?.toLowerCase()));
  }
  addEmailDomain(...d: (string | null | undefined)[]): void {
    addUnique(this.emailDomains, ...d.map((x) => x?.toLowerCase()));
  }
  addName(...n: (string | null | undefined)[]): void {
    addUnique(this.names, ...n);
  }

  finish(): AccountHints {
    const h: AccountHints = {};
    if (this.hubspotCompanyId) h.hubspotCompanyId = this.hubspotCompanyId;
    if (this.salesforceAccountId) h.salesforceAccountId = this.salesforceAccountId;
    if (this.zendeskOrganizationId) h.zendeskOrganizationId = this.zendeskOrganizationId;
    if (this.domains.length) h.domains = [...this.domains];
    if (this.emailDomains.length) h.emailDomains = [...this.emailDomains];
    if (this.names.length) h.names = [...this.names];
    return h;
  }
}
