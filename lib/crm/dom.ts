/**
 * DOM helpers shared by the detectors. Every read goes through the `Document` a caller
 * passes in; nothing here touches `window`, `location` or extension APIs, and no node
 * constructor globals are used (`instanceof Element` would tie us to one realm), so the
 * same code runs in a content script, in happy-dom and on a parsed document.
 *
 * ## Which elements count ("visible, active view")
 * CRMs keep hidden copies of other records in the page (Lightning's cached record views and
 * console tabs, Zendesk's workspaces of other open tickets, HubSpot's inactive record tabs).
 * An element is read only when `isShown` holds. It fails when the element or any ancestor —
 * walking up through open shadow roots to their hosts — has:
 * - the `hidden` attribute, `aria-hidden="true"`, or an inline `display: none` /
 *   `visibility: hidden` / `content-visibility: hidden`;
 * - the SLDS utility classes `slds-hide` / `slds-hidden`;
 * - Zendesk's cache markers: class `is-cached` or `data-is-active="false"`;
 * - on Salesforce only (`lightningViews`), Lightning's view containers without their `active`
 *   class: `oneContent` (cached record views) and `tabContent` / `oneConsoleTab` (console
 *   tabs), or a console tab panel with `aria-expanded="false"`;
 * - `role="tabpanel"` whose controlling tab (`[aria-controls=<its id>]`) is
 *   `aria-selected="false"`.
 * Then, only when the document has layout (its root element has a box of non-zero size — a
 * live page in a browser; happy-dom and `DOMParser` documents have none), the browser's own
 * answer is used as well: `checkVisibility({ visibilityProperty: true })` where available,
 * else `getClientRects().length > 0`. Without layout the attribute rules above decide alone,
 * which is what unit tests exercise; in a real page both apply.
 */

/** A node we can search: a document, an element or a shadow root. */
export type SearchRoot = Document | Element | ShadowRoot | DocumentFragment;

const ELEMENT_NODE = 1;
const DOCUMENT_FRAGMENT_NODE = 11;

function isElement(n: Node | null | undefined): n is Element {
  return !!n && n.nodeType === ELEMENT_NODE;
}

/** The parent in the composed tree: the parent element, or the host of a shadow root. */
export function composedParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const p = el.parentNode;
  if (p && p.nodeType === DOCUMENT_FRAGMENT_NODE) {
    const host = (p as ShadowRoot).host;
    return isElement(host) ? host : null;
  }
  return null;
}

/**
 * Descendants of `root` (not `root` itself) matching `selector`, in composed tree order,
 * entering every open shadow root (a host's shadow tree comes before its light children).
 */
export function deepQueryAll(root: SearchRoot, selector: string): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [];
  const pushChildren = (parent: ParentNode) => {
    const kids = parent.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  };
  pushChildren(root);
  if (isElement(root as Node) && (root as Element).shadowRoot) {
    pushChildren((root as Element).shadowRoot as ShadowRoot);
  }
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    if (el.matches(selector)) out.push(el);
    pushChildren(el);
    if (el.shadowRoot) pushChildren(el.shadowRoot);
  }
  return out;
}

/** Walk a chain of selectors, each step searching inside (and inside the shadow root of) the previous. */
export function deepChain(root: SearchRoot, chain: readonly string[]): Element[] {
  let current: SearchRoot[] = [root];
  for (const step of chain) {
    const next: Element[] = [];
    const seen = new Set<Element>();
    for (const r of current) {
      for (const el of deepQueryAll(r, step)) {
        if (!seen.has(el)) {
          seen.add(el);
          next.push(el);
        }
      }
    }
    current = next;
  }
  return current as Element[];
}

/** `a >>> b` for diagnostics. */
export function chainText(chain: readonly string[]): string {
  return chain.join(' >>> ');
}

/** True when the document has a rendered layout (a live browser page). */
export function hasLayout(doc: Document): boolean {
  const root = doc.documentElement;
  if (!root || typeof root.getBoundingClientRect !== 'function') return false;
  try {
    const r = root.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  } catch {
    return false;
  }
}

const LIGHTNING_VIEW_CLASSES = ['oneContent', 'tabContent', 'oneConsoleTab'];

function hiddenByMarkers(el: Element, lightningViews: boolean): boolean {
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const style = (el as HTMLElement).style;
  if (style) {
    if (style.display === 'none') return true;
    if (style.visibility === 'hidden' || style.visibility === 'collapse') return true;
    if (style.getPropertyValue?.('content-visibility') === 'hidden') return true;
  }
  const cl = el.classList;
  if (cl) {
    if (cl.contains('slds-hide') || cl.contains('slds-hidden') || cl.contains('is-cached')) return true;
    if (lightningViews && LIGHTNING_VIEW_CLASSES.some((c) => cl.contains(c)) && !cl.contains('active')) {
      return true;
    }
  }
  if (el.getAttribute('data-is-active') === 'false') return true;
  if (el.getAttribute('role') === 'tabpanel') {
    if (lightningViews && cl?.contains('oneConsoleTab') && el.getAttribute('aria-expanded') === 'false') {
      return true;
    }
    const id = el.id;
    if (id) {
      const scope = el.getRootNode() as Document | ShadowRoot;
      for (const tab of Array.from(scope.querySelectorAll?.('[aria-controls]') ?? [])) {
        if (tab.getAttribute('aria-controls') === id && tab.getAttribute('aria-selected') === 'false') {
          return true;
        }
      }
    }
  }
  return false;
}

export type VisibilityCheck = (el: Element) => boolean;

export interface VisibilityOptions {
  /** Apply Lightning's view-container markers (`oneContent`, `tabContent`, `oneConsoleTab`). */
  lightningViews?: boolean;
}

/** Build the `isShown` predicate for one document (see the module comment for the rule). */
export function visibilityFor(doc: Document, options: VisibilityOptions = {}): VisibilityCheck {
  const layout = hasLayout(doc);
  const lightningViews = options.lightningViews === true;
  return (el: Element) => {
    for (let cur: Element | null = el; cur; cur = composedParent(cur)) {
      if (hiddenByMarkers(cur, lightningViews)) return false;
    }
    if (!layout) return true;
    const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
    if (typeof check === 'function') {
      return check.call(el, { visibilityProperty: true, checkVisibilityCSS: true });
    }
    return el.getClientRects().length > 0;
  };
}

/** True when `el` sits inside an element matching `selector` (crossing shadow roots). */
export function insideAny(el: Element, selector: string): boolean {
  for (let cur = composedParent(el); cur; cur = composedParent(cur)) {
    if (cur.matches(selector)) return true;
  }
  return false;
}

/** Text with whitespace collapsed; '' for nothing. */
export function cleanText(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The text of an element including its open shadow trees (textContent stops at a shadow
 * boundary). `<script>`, `<style>` and `<template>` content is left out.
 */
export function deepText(el: Element): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) {
      out += n.nodeValue ?? '';
      return;
    }
    if (isElement(n)) {
      const tag = n.localName;
      if (tag === 'script' || tag === 'style' || tag === 'template') return;
      if (n.shadowRoot) for (const c of Array.from(n.shadowRoot.childNodes)) walk(c);
    }
    for (const c of Array.from(n.childNodes)) walk(c);
  };
  walk(el);
  return cleanText(out);
}

const EMAIL = /[a-z0-9._%+'-]+@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)/gi;

/** Domains of the e-mail addresses in `s`, lower-cased. */
export function emailDomainsIn(s: string): string[] {
  return Array.from(s.matchAll(EMAIL), (m) => m[1].toLowerCase());
}

/**
 * Consumer mail providers: an address there says nothing about the person's company, so
 * those domains are not offered as account hints.
 */
const FREE_MAIL =
  /^(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|mac|aol|proton|protonmail|pm|gmx|web|mail|yandex|qq|163|126|zoho|fastmail|hey|tutanota|comcast|orange|free|laposte|t-online|libero|seznam|naver)\.[a-z.]+$/;

export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL.test(domain.toLowerCase());
}

/** Append to a de-duplicated list, ignoring empties. */
export function addUnique(list: string[], ...values: (string | null | undefined)[]): void {
  for (const v of values) {
    const s = cleanText(v);
    if (s && !list.includes(s)) list.push(s);
  }
}

/** The host of an absolute http(s) URL in an href, lower-cased, without `www.`; null otherwise. */
export function hostOfHref(href: string | null): string | null {
  if (!href) return null;
  const m = /^https?:\/\/([^/?#:@]+)/i.exec(href.trim());
  return m ? m[1].toLowerCase().replace(/^www\./, '') : null;
}
