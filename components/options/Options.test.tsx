// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDataset } from '@/lib/demo/generate';
import { DEFAULT_PREFERENCES, type Preferences } from '@/lib/ext/settings';
import { computeReport, parseSettings } from '@/lib/metrics';
import { scoringPreview } from '@/lib/portfolio/scoring';
import { Options, type OptionsSource } from './Options';

afterEach(cleanup);

const AS_OF = '2026-10-31';
const ds = generateDataset({ accounts: 30, seed: 4, asOf: AS_OF });

function fake(over: Partial<OptionsSource> & { prefs?: Preferences } = {}) {
  let prefs = over.prefs ?? DEFAULT_PREFERENCES;
  const saved: Preferences[] = [];
  const source: OptionsSource = {
    now: () => new Date('2026-11-23T10:00:00Z'),
    load: async () => ({
      apiUrl: '',
      hasToken: false,
      prefs,
      sync: {
        status: 'error',
        pages: 0,
        records: 0,
        rejected: 2,
        error: 'The server answered 500.',
        lastAttemptAt: '2026-11-23T09:00:00Z',
      },
    }),
    testConnection: async () => ({ ok: false, message: 'no' }),
    saveConnection: async () => ({ ok: false, message: 'no' }),
    grantAccess: async () => ({ ok: false, message: 'no' }),
    setAlertNotifications: vi.fn(async (on: boolean) => ({
      ok: on,
      message: on ? 'on' : 'The browser did not allow notifications.',
    })),
    savePreferences: async (p) => {
      prefs = p;
      saved.push(p);
    },
    syncNow: async () => ({ status: 'ok', pages: 0, records: 0, rejected: 0 }),
    refetch: async () => ({ status: 'ok', pages: 3, records: 120, rejected: 0 }),
    importFiles: async () => ({ ok: true, message: '', details: [] }),
    stats: async () => ({
      accounts: 30,
      users: 1,
      tickets: 1,
      surveys: 1,
      usageDays: 1,
      source: 'sync',
      rejectedTotal: 2,
      rejected: [
        { at: '2026-11-23T08:00:00Z', collection: 'usage', ref: '#4', message: 'dau: must be ≥ 0' },
        { at: '2026-11-23T08:00:00Z', collection: 'accounts', ref: 'acc_9', message: 'name: required' },
      ],
      storage: { usage: 3 * 2 ** 20, quota: 100 * 2 ** 20 },
      token: '(none)',
    }),
    clearCache: async () => {},
    exportDataset: async () => ({ ok: true, message: '' }),
    previewScoring: vi.fn(async (proposed, current) => scoringPreview(ds, '2026-11-23', current, proposed)),
    crmHosts: async () => ({ hubspot: 'app-eu1.hubspot.com', hubspotPortal: '4417291' }),
    ...over,
  };
  return { source, saved };
}

async function scoring() {
  return screen.findByRole('region', { name: 'Scoring' });
}

describe('Options: scoring', () => {
  it('shows the settings in force, previews the band changes of a new weight, and saves only the overrides', async () => {
    const { source, saved } = fake();
    render(<Options source={source} />);
    const card = await scoring();
    const engagement = within(card).getByLabelText('Engagement') as HTMLInputElement;
    expect(engagement.value).toBe('35');
    expect((within(card).getByRole('button', { name: 'Save scoring' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    fireEvent.change(engagement, { target: { value: '0' } });
    const proposed = parseSettings({ weights: { engagement: 0 } });
    if (!proposed.ok) throw new Error(proposed.error);
    const before = computeReport(ds, AS_OF);
    const after = computeReport(ds, AS_OF, proposed.settings);
    const changed = before.accounts.filter((a, i) => a.health.band !== after.accounts[i].health.band);
    const preview = await within(card).findByTestId('scoring-preview', {}, { timeout: 5000 });
    expect(preview.textContent).toContain(
      `${changed.length} accounts would change band (of 30 cached, as of 31 Oct 2026)`,
    );
    expect(preview.textContent).toContain(changed[0].name);
    expect(within(card).getByTestId('scoring-counts').textContent).toContain(
      `Healthy ${before.portfolio.health.green} → ${after.portfolio.health.green}`,
    );
    fireEvent.click(within(card).getByRole('button', { name: 'Save scoring' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].scoring).toEqual({ weights: { engagement: 0 } });
    expect(await within(card).findByText(/^Saved\./)).toBeTruthy();
  });

  it('shows parseSettings’ messages and refuses to save an invalid setting', async () => {
    const { source, saved } = fake();
    render(<Options source={source} />);
    const card = await scoring();
    fireEvent.change(within(card).getByLabelText('Critical up to (score)'), { target: { value: '80' } });
    expect((await within(card).findByRole('alert')).textContent).toBe(
      'setting "bands": redMax must be below yellowMax',
    );
    expect(within(card).getByLabelText('Critical up to (score)').getAttribute('aria-invalid')).toBe('true');
    expect((within(card).getByRole('button', { name: 'Save scoring' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    fireEvent.change(within(card).getByLabelText('Gross margin (for LTV)'), { target: { value: '2' } });
    fireEvent.change(within(card).getByLabelText('Critical up to (score)'), { target: { value: '50' } });
    expect((await within(card).findByRole('alert')).textContent).toBe('setting "grossMargin": must be ≤ 1');
    fireEvent.click(within(card).getByRole('button', { name: 'Undo changes' }));
    await waitFor(() => expect(within(card).queryByRole('alert')).toBeNull());
    expect(saved).toHaveLength(0);
  });

  it('edits the feature-demand threshold with the other scoring settings', async () => {
    const { source, saved } = fake();
    render(<Options source={source} />);
    const card = await scoring();
    const field = within(card).getByLabelText('Feature demand is medium from (users)') as HTMLInputElement;
    expect(field.value).toBe('3');
    fireEvent.change(field, { target: { value: '0' } });
    expect((await within(card).findByRole('alert')).textContent).toBe(
      'setting "featureDemandUsers": must be ≥ 1',
    );
    fireEvent.change(field, { target: { value: '5' } });
    await waitFor(() => expect(within(card).queryByRole('alert')).toBeNull());
    fireEvent.click(within(card).getByRole('button', { name: 'Save scoring' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].scoring).toEqual({ featureDemandUsers: 5 });
  });

  it('starts from saved overrides; "Defaults" brings the documented defaults back', async () => {
    const { source, saved } = fake({
      prefs: { ...DEFAULT_PREFERENCES, scoring: { weights: { trend: 0 }, bands: { redMax: 40 } } },
    });
    render(<Options source={source} />);
    const card = await scoring();
    expect((within(card).getByLabelText('Usage trend') as HTMLInputElement).value).toBe('0');
    expect((within(card).getByLabelText('Critical up to (score)') as HTMLInputElement).value).toBe('40');
    fireEvent.click(within(card).getByRole('button', { name: 'Defaults' }));
    expect((within(card).getByLabelText('Usage trend') as HTMLInputElement).value).toBe('15');
    fireEvent.click(within(card).getByRole('button', { name: 'Save scoring' }));
    await waitFor(() => expect(saved[0]?.scoring).toEqual({}));
  });

  it('has a CSM sentiment weight, 0 by default, saying what it does; a weight moves the bands', async () => {
    // Good sentiment recorded on the first 10 accounts before the preview's as-of day.
    const withSentiment = {
      ...ds,
      sentiment: ds.accounts.slice(0, 10).map((a, i) => ({
        id: `s${i}`,
        accountId: a.id,
        value: 'good' as const,
        note: undefined,
        author: 'ana@acme.com',
        recordedAt: '2026-10-20T09:00:00Z',
      })),
    };
    const { source, saved } = fake({
      previewScoring: async (proposed, current) =>
        scoringPreview(withSentiment, '2026-11-23', current, proposed),
    });
    render(<Options source={source} />);
    const card = await scoring();
    const weight = within(card).getByLabelText('CSM sentiment') as HTMLInputElement;
    expect(weight.value).toBe('0');
    expect(weight.closest('fieldset')?.textContent).toContain(
      'CSM sentiment: the latest good / neutral / poor judgement recorded on the account (100 / 50 / 0 points). At 0, the default, it is left out of the score.',
    );
    fireEvent.change(weight, { target: { value: '-1' } });
    expect((await within(card).findByRole('alert')).textContent).toBe(
      'setting "weights.sentiment": must be ≥ 0',
    );
    expect(weight.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(weight, { target: { value: '100' } });
    const proposed = parseSettings({ weights: { sentiment: 100 } });
    if (!proposed.ok) throw new Error(proposed.error);
    // The preview is as of the data's last day (31 Oct), the entries' 20 Oct included.
    const before = computeReport(withSentiment, AS_OF);
    const after = computeReport(withSentiment, AS_OF, proposed.settings);
    const changed = before.accounts.filter((a, i) => a.health.band !== after.accounts[i].health.band);
    expect(changed.length).toBeGreaterThan(0);
    const preview = await within(card).findByTestId('scoring-preview', {}, { timeout: 5000 });
    expect(preview.textContent).toContain(
      `${changed.length} ${changed.length === 1 ? 'account' : 'accounts'} would change band`,
    );
    expect(preview.textContent).toContain(changed[0].name);
    fireEvent.click(within(card).getByRole('button', { name: 'Save scoring' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].scoring).toEqual({ weights: { sentiment: 100 } });
  });

  it('without cached data, the preview says what to do', async () => {
    const { source } = fake({ previewScoring: async () => null });
    render(<Options source={source} />);
    const card = await scoring();
    fireEvent.change(within(card).getByLabelText('Support'), { target: { value: '30' } });
    expect(await within(card).findByText(/Import or sync data to preview/)).toBeTruthy();
  });
});

describe('Options: detector diagnostics', () => {
  it('shows the CRM hosts last seen, the last error, recent rejected records and storage, with a note', async () => {
    const { source } = fake();
    render(<Options source={source} />);
    const card = await screen.findByRole('region', { name: 'Detector diagnostics' });
    expect(card.textContent).toContain('do not yet store their findings');
    expect((await within(card).findByTestId('diag-hosts')).textContent).toContain(
      'HubSpot: app-eu1.hubspot.com',
    );
    expect(within(card).getByTestId('diag-error').textContent).toBe('The server answered 500. (1 h ago)');
    expect((await within(card).findByTestId('diag-rejected')).textContent).toContain(
      'usage #4: dau: must be ≥ 0',
    );
    expect(within(card).getByTestId('diag-storage').textContent).toBe('Storage used: 3.0 MB of 100.0 MB');
  });

  it('says when no CRM host has been seen', async () => {
    const { source } = fake({ crmHosts: async () => ({}) });
    render(<Options source={source} />);
    const card = await screen.findByRole('region', { name: 'Detector diagnostics' });
    expect((await within(card).findByTestId('diag-hosts')).textContent).toContain('None recorded yet');
  });
});

function connectedLoad(sync: Partial<import('@/lib/sync/engine').SyncState> = {}) {
  return async () => ({
    apiUrl: 'https://healthbar.acme.example/',
    hasToken: true,
    prefs: DEFAULT_PREFERENCES,
    sync: { status: 'ok' as const, pages: 1, records: 10, rejected: 0, ...sync },
  });
}

describe('Options: re-fetch everything', () => {
  it('says how many records were rejected and re-fetches everything from the diagnostics', async () => {
    const refetch = vi.fn(async () => ({ status: 'ok' as const, pages: 3, records: 120, rejected: 0 }));
    const { source } = fake({ load: connectedLoad(), refetch });
    render(<Options source={source} />);
    const card = await screen.findByRole('region', { name: 'Detector diagnostics' });
    expect((await within(card).findByTestId('diag-rejected-count')).textContent).toBe(
      "2 records from the server were rejected since the data was last fetched whole. The sync has moved past them: once the server's data is fixed, re-fetch everything to get them.",
    );
    fireEvent.click(within(card).getByRole('button', { name: 'Re-fetch everything' }));
    expect(await within(card).findByText('Everything was fetched again: 120 records.')).toBeTruthy();
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('while a re-fetch is incomplete, says the previous data is shown; without a connection it cannot start', async () => {
    const { source } = fake({
      load: connectedLoad({ status: 'error', refreshing: true, error: 'The server is failing (503).' }),
    });
    render(<Options source={source} />);
    const card = await screen.findByRole('region', { name: 'Detector diagnostics' });
    expect((await within(card).findByTestId('diag-refreshing')).textContent).toContain(
      'the previous complete data is shown until it has finished',
    );
    cleanup();
    render(<Options source={fake().source} />);
    const offline = await screen.findByRole('region', { name: 'Detector diagnostics' });
    expect(
      (within(offline).getByRole('button', { name: 'Re-fetch everything' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });
});

describe('Options: connection', () => {
  it('asks for the token again when the server origin changes, and never sends the saved one there', async () => {
    const saveConnection = vi.fn(async () => ({ ok: true, message: 'Saved.' }));
    const testConnection = vi.fn(async () => ({ ok: false as const, message: 'no' }));
    const { source } = fake({ load: connectedLoad(), saveConnection, testConnection });
    render(<Options source={source} />);
    const card = await screen.findByRole('region', { name: 'Connection' });
    const url = within(card).getByLabelText('API URL') as HTMLInputElement;
    await waitFor(() => expect(url.value).toBe('https://healthbar.acme.example/'));
    // Same origin, another path: the saved token may go.
    fireEvent.change(url, { target: { value: 'https://healthbar.acme.example/api/' } });
    expect(within(card).queryByTestId('token-needed')).toBeNull();
    fireEvent.change(url, { target: { value: 'https://healthbar.acme-example.com/' } });
    expect(within(card).getByTestId('token-needed').textContent).toBe(
      'The server address changed to https://healthbar.acme-example.com: paste the API token for this server. Healthbar sends the saved token only to https://healthbar.acme.example.',
    );
    fireEvent.click(within(card).getByRole('button', { name: 'Save' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Test connection' }));
    const tokenField = within(card).getByLabelText('API token');
    expect(document.activeElement).toBe(tokenField);
    expect(tokenField.getAttribute('aria-invalid')).toBe('true');
    expect(within(card).queryByTestId('result')).toBeNull();
    expect(saveConnection).not.toHaveBeenCalled();
    expect(testConnection).not.toHaveBeenCalled();
    // With a token typed for the new server, it is saved.
    fireEvent.change(within(card).getByLabelText('API token'), { target: { value: 'hbt_new' } });
    expect(within(card).queryByTestId('token-needed')).toBeNull();
    fireEvent.click(within(card).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(saveConnection).toHaveBeenCalledWith('https://healthbar.acme-example.com/', 'hbt_new'),
    );
  });
});

describe('Options: tenant allow-list', () => {
  it('rejects bad lines with what is wrong and saves nothing; saves valid lines as tenant keys', async () => {
    const { source, saved } = fake();
    render(<Options source={source} />);
    const field = await screen.findByLabelText(/Only run on these tenants/);
    fireEvent.change(field, { target: { value: 'acme.zendesk.com\nhubspot:acme\nexample.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save tenants' }));
    const result = await screen.findByTestId('tenants-result');
    expect(result.textContent).toContain('Not saved');
    expect(result.textContent).toContain(
      'Line 2 (“hubspot:acme”): a HubSpot entry is hubspot: and the portal id',
    );
    expect(result.textContent).toContain('Line 3 (“example.com”): not a CRM tenant');
    expect(saved).toEqual([]);

    fireEvent.change(field, {
      target: {
        value: 'acme.zendesk.com\nhttps://Acme.lightning.force.com/lightning/page/home\nhubspot:4417291',
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save tenants' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].tenantAllowList).toEqual(['zendesk:acme', 'salesforce:acme', 'hubspot:4417291']);
    expect((await screen.findByTestId('tenants-result')).textContent).toContain('runs on 3 tenants only');
    // Shown back in the form a person writes.
    expect((field as HTMLTextAreaElement).value).toBe(
      'acme.zendesk.com\nacme.my.salesforce.com\nhubspot:4417291',
    );
  });
});

describe('Options: alerts', () => {
  it('turns notifications on through the permission request, and says so when the browser refuses', async () => {
    const { source } = fake();
    render(<Options source={source} />);
    const card = await screen.findByRole('region', { name: 'Alerts' });
    expect(card.textContent).toContain('a band drop, a new high-severity risk, or a renewal within 30 days');
    const box = within(card).getByRole('checkbox', { name: /browser notification/ }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    // Ticked at once, while the permission prompt is open.
    expect(box.checked).toBe(true);
    await waitFor(() => expect(source.setAlertNotifications).toHaveBeenCalledWith(true));
    expect(await within(card).findByText('on')).toBeTruthy();
  });

  it('shows the saved choice and turns it off', async () => {
    const { source } = fake({
      prefs: { ...DEFAULT_PREFERENCES, alertNotifications: true },
      setAlertNotifications: vi.fn(async () => ({
        ok: false,
        message: 'The browser did not allow notifications.',
      })),
    });
    render(<Options source={source} />);
    const card = await screen.findByRole('region', { name: 'Alerts' });
    const box = within(card).getByRole('checkbox', { name: /browser notification/ }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    await waitFor(() => expect(source.setAlertNotifications).toHaveBeenCalledWith(false));
    expect(await within(card).findByText('The browser did not allow notifications.')).toBeTruthy();
    // The stored choice is unchanged, so the box goes back to it.
    await waitFor(() => expect(box.checked).toBe(true));
    expect(box.disabled).toBe(false);
  });
});
