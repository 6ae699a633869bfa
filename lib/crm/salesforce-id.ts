/**
 * Salesforce record ids: 15 case-sensitive characters, or 18 — the 15 plus a 3-character
 * suffix that encodes which of the 15 are upper-case (so the 18-character form survives
 * case-insensitive tools such as spreadsheets). Both forms name the same record.
 *
 * @example salesforceId18('0015g00000Nw7Tr') // '0015g00000Nw7TrAAJ'
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** True when `s` has the shape of a 15- or 18-character id (the checksum is not checked). */
export function isSalesforceIdShape(s: string): boolean {
  return ID_SHAPE.test(s);
}

/** The 3-character case checksum of a 15-character id. */
export function salesforceChecksum(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX_ALPHABET[bits];
  }
  return out;
}

/** The 18-character form of a 15- or 18-character id; `null` when `id` is not id-shaped. */
export function salesforceId18(id: string): string | null {
  const id15 = salesforceId15(id);
  return id15 === null ? null : id15 + salesforceChecksum(id15);
}

/** True when `id` is a 15-character id, or an 18-character id whose suffix is its checksum. */
export function isValidSalesforceId(id: string): boolean {
  if (!ID_SHAPE.test(id)) return false;
  return id.length === 15 || salesforceChecksum(id.slice(0, 15)) === id.slice(15);
}

/**
 * The 15-character (case-sensitive) form of a Salesforce id, or `null` when `id` is not
 * id-shaped.
 *
 * For an 18-character id whose suffix is not the checksum of its first 15 characters (the
 * id went through something that changed its case, e.g. `0015G00000NW7TRAAJ`), the case of
 * the 15 is restored from the suffix, which is what the suffix is for. A suffix that cannot
 * be a checksum (a character outside A–Z, 0–5) gives `null`.
 *
 * @example salesforceId15('0015g00000Nw7TrAAJ') // '0015g00000Nw7Tr'
 * @example salesforceId15('0015G00000NW7TRAAJ') // '0015g00000Nw7Tr'
 */
export function salesforceId15(id: string): string | null {
  const s = id.trim();
  if (!ID_SHAPE.test(s)) return null;
  const head = s.slice(0, 15);
  if (s.length === 15) return head;
  const suffix = s.slice(15).toUpperCase();
  if (salesforceChecksum(head) === suffix) return head;
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix[chunk]);
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const ch = head[chunk * 5 + i];
      out += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  return out;
}
