import { describe, expect, it } from 'vitest';
import { DETECTORS, detectRecord, detectRecordWithDiagnostics } from './index';
import { NON_RECORD_URLS, RECORD_URLS } from './url-examples-testing';

/** How many detectors claim the URL as a record (must be exactly one, or zero). */
function claims(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  if (u.protocol !== 'https:' || u.port !== '') return [];
  return DETECTORS.filter((d) => d.ownsHost(u.hostname) && d.matchUrl(u) !== null).map((d) => d.crm);
}

describe('record URLs: each is classified exactly once, as its table says', () => {
  for (const [crm, examples] of Object.entries(RECORD_URLS)) {
    describe(crm, () => {
      it.each(examples)('%s → %s %s', (url, objectType, recordId) => {
        expect(claims(url)).toEqual([crm]);
        const record = detectRecord(url);
        expect(record).toEqual({ crm, objectType, recordId, hints: expect.any(Object) });
      });
    });
  }
});

describe('non-record URLs: no detector claims them', () => {
  for (const [crm, urls] of Object.entries(NON_RECORD_URLS)) {
    describe(crm, () => {
      it.each(urls.map((u) => [u]))('%s → null', (url) => {
        expect(claims(url)).toEqual([]);
        expect(detectRecord(url)).toBeNull();
      });
    });
  }
});

describe('the tables themselves', () => {
  const records = Object.values(RECORD_URLS).flat();
  const nonRecords = Object.values(NON_RECORD_URLS).flat();

  it('hold enough real-shaped URLs (≥ 40 of each kind)', () => {
    expect(records.length).toBeGreaterThanOrEqual(40);
    expect(nonRecords.length).toBeGreaterThanOrEqual(40);
  });

  it('list no URL twice', () => {
    const all = [...records.map((r) => r[0]), ...nonRecords];
    expect(new Set(all).size).toBe(all.length);
  });

  it('cover every object type of every CRM', () => {
    const seen = new Set(Object.entries(RECORD_URLS).flatMap(([crm, ex]) => ex.map((e) => `${crm}:${e[1]}`)));
    for (const t of ['company', 'contact', 'deal', 'ticket']) expect(seen).toContain(`hubspot:${t}`);
    for (const t of ['account', 'contact', 'opportunity', 'case', 'lead'])
      expect(seen).toContain(`salesforce:${t}`);
    for (const t of ['ticket', 'organization', 'user']) expect(seen).toContain(`zendesk:${t}`);
  });
});

describe('URL-only hints and diagnostics', () => {
  it('gives the CRM id on company / account / organization pages', () => {
    expect(detectRecord('https://app.hubspot.com/contacts/4417291/record/0-2/9384756102')?.hints).toEqual({
      hubspotCompanyId: '9384756102',
    });
    expect(detectRecord('https://acme-dev-ed.my.salesforce.com/0018c00002JxQ4m')?.hints).toEqual({
      salesforceAccountId: '0018c00002JxQ4m',
    });
    expect(
      detectRecord('https://acme-support.zendesk.com/agent/organizations/360051877402/users')?.hints,
    ).toEqual({
      zendeskOrganizationId: '360051877402',
    });
    expect(detectRecord('https://app.hubspot.com/contacts/4417291/record/0-3/18273645091')?.hints).toEqual(
      {},
    );
  });

  it('keeps a Salesforce id exactly as the URL has it', () => {
    expect(detectRecord('https://acme.lightning.force.com/lightning/r/5008c00000Zt4Hq/view')?.recordId).toBe(
      '5008c00000Zt4Hq',
    );
  });

  it('says why a URL is refused', () => {
    expect(detectRecordWithDiagnostics('http://app.hubspot.com/contacts/1/record/0-2/2').diagnostics).toEqual(
      {
        detector: 'none',
        urlMatched: false,
        anchorsTried: [],
        note: 'Not an https URL.',
      },
    );
    expect(detectRecordWithDiagnostics('https://app.hubspot.com.evil.io/x').diagnostics.note).toBe(
      'app.hubspot.com.evil.io is not a HubSpot, Salesforce or Zendesk app host.',
    );
    const list = detectRecordWithDiagnostics(
      'https://acme-dev-ed.lightning.force.com/lightning/o/Account/home',
    );
    expect(list.diagnostics).toMatchObject({ detector: 'salesforce', urlMatched: false });
    expect(list.diagnostics.note).toContain('/lightning/o/Account/home');
  });

  it('names the detector variant that matched', () => {
    const lightning = 'https://acme.lightning.force.com/lightning/r/Lead/00Q8c00000Ep3Ld/view';
    expect(detectRecordWithDiagnostics(lightning).diagnostics.detector).toBe('salesforce-lightning');
    expect(
      detectRecordWithDiagnostics('https://acme.my.salesforce.com/00Q8c00000Ep3Ld').diagnostics.detector,
    ).toBe('salesforce-classic');
  });
});
