/**
 * Which messages the background acts on, and how — a pure function of the message and its
 * sender, so the rules are unit-tested (lib/ext/route.hardening.test.ts) rather than trusted.
 *
 * - The extension's own pages (options, popup, panel frame, side panel, dashboard) may send the
 *   requests of `requestSchema`; a payload that fails the schema gets an error answer.
 * - This extension's content scripts (a sender with a tab whose URL is a web page) may only say
 *   which record their tab shows (`record-detected`, validated; stored under the sender's own
 *   tab id, with the URL the browser gives for the sender; only from a tab's top frame). Anything else they send is ignored — they cannot configure, sync or read state.
 * - Everything else (other extensions, web pages) is ignored without an answer.
 */
import { isTrustedSender, type Request, requestSchema } from './messages';
import { type RecordDetected, recordDetectedSchema } from './tab-records';

export interface Sender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

export type Routed =
  | { kind: 'request'; request: Request }
  | { kind: 'record-detected'; tabId: number; url: string; record: RecordDetected }
  | { kind: 'malformed' }
  | { kind: 'ignored' };

export function routeMessage(
  message: unknown,
  sender: Sender,
  extensionId: string,
  extensionOrigin: string,
): Routed {
  const trusted = isTrustedSender(sender, extensionId, extensionOrigin);
  if (!trusted) {
    const tabId = sender.tab?.id;
    if (sender.id !== extensionId || typeof tabId !== 'number' || !sender.url) return { kind: 'ignored' };
    // The content script runs in a tab's top frame only (frame 0; older browsers omit the id).
    if (sender.frameId !== undefined && sender.frameId !== 0) return { kind: 'ignored' };
    const detected = recordDetectedSchema.safeParse(message);
    return detected.success
      ? { kind: 'record-detected', tabId, url: sender.url, record: detected.data }
      : { kind: 'ignored' };
  }
  const parsed = requestSchema.safeParse(message);
  return parsed.success ? { kind: 'request', request: parsed.data } : { kind: 'malformed' };
}
