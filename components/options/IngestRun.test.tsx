// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { WriteBackReport } from '@/lib/connectors/report';
import type { LatestRunResult } from '@/lib/ext/ingest-runs';
import { LastIngestRun } from './IngestRun';

afterEach(cleanup);

const NOW = new Date('2026-11-16T05:00:00Z');

function show(result: LatestRunResult, connected = true) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <LastIngestRun connected={connected} now={NOW} load={async () => result} />
    </QueryClientProvider>,
  );
}

const leftOut = {
  unmatched: 0,
  ambiguous: 0,
  invalid: 0,
  unknownCurrency: 0,
  anonymous: 0,
  zonelessTimestamp: 0,
};

describe('LastIngestRun', () => {
  it('shows when, per source read / attached / left out, and the first examples', async () => {
    show({
      kind: 'run',
      run: {
        runId: 2,
        status: 'done',
        finishedAt: '2026-11-16T03:00:05Z',
        running: false,
        generatedAt: '2026-11-16T03:00:00Z',
        asOf: '2026-11-15',
        sources: [
          {
            name: 'stripe',
            type: 'stripe',
            read: 5,
            attached: 3,
            leftOut: { ...leftOut, unmatched: 1, unknownCurrency: 1 },
            examples: {
              unmatched: [{ sourceId: 'cus_5', why: 'no account has the domain x.com' }],
              unknownCurrency: [{ sourceId: 'cus_3', why: 'a line in GBP has no rate' }],
            },
            overridden: 0,
            overriddenExamples: [],
          },
          {
            name: 'hand-kept',
            type: 'dataset',
            read: 10,
            attached: 10,
            leftOut,
            examples: {},
            overridden: 0,
            overriddenExamples: [],
            error: 'hand-kept: cannot read accounts.csv',
          },
        ],
      },
    });
    expect((await screen.findByTestId('ingest-when')).textContent).toBe(
      'Ran 2 h ago (data through 15 Nov 2026).',
    );
    const sources = screen.getByTestId('ingest-sources').textContent ?? '';
    expect(sources).toContain('stripe: read 5, attached 3, left out 1 unmatched, 1 unknown currency');
    expect(sources).toContain(
      'hand-kept: read 10, attached 10, none left out — could not be read: hand-kept: cannot read accounts.csv (its data from the last good run was kept)',
    );
    expect(screen.getByTestId('ingest-examples').textContent).toContain(
      'stripe cus_5 (unmatched): no account has the domain x.com',
    );
  });

  it('shows what write-back wrote into each CRM, and a failure as an error', async () => {
    const crm = (name: string, writeBack: WriteBackReport) => ({
      name,
      type: name,
      read: 40,
      attached: 40,
      leftOut,
      examples: {},
      overridden: 0,
      overriddenExamples: [],
      writeBack,
    });
    show({
      kind: 'run',
      run: {
        runId: 3,
        status: 'done',
        finishedAt: '2026-11-16T03:00:05Z',
        running: false,
        generatedAt: '2026-11-16T03:00:00Z',
        asOf: '2026-11-15',
        sources: [
          crm('hubspot', {
            targets: { score: 'healthbar_score', band: 'healthbar_band' },
            written: 3,
            unchanged: 37,
            failed: 0,
            writtenExamples: [],
            failedExamples: [],
          }),
          crm('salesforce', {
            targets: { score: 'Health_Score__c' },
            written: 0,
            unchanged: 39,
            failed: 1,
            writtenExamples: [],
            failedExamples: [{ sourceId: '001Dn00000AbCdEIAV', why: 'INVALID_FIELD: No such column' }],
          }),
        ],
      },
    });
    const lines = await screen.findAllByTestId('ingest-write-back');
    expect(lines.map((l) => l.textContent)).toEqual([
      'Write-back of score (healthbar_score), band (healthbar_band): 3 written, 37 unchanged, 0 failed',
      'Write-back of score (Health_Score__c): 0 written, 39 unchanged, 1 failed (e.g. 001Dn00000AbCdEIAV: INVALID_FIELD: No such column)',
    ]);
    expect(lines[0].className).toBe('hb-muted');
    expect(lines[1].className).toBe('opt-err');
  });

  it('a server without sources says so plainly; nothing is asked before a server is saved', async () => {
    show({ kind: 'none', message: 'This server reads no connector sources.' });
    expect(await screen.findByText('This server reads no connector sources.')).toBeTruthy();
    cleanup();
    show({ kind: 'error', message: 'never asked' }, false);
    expect(screen.getByText('Connect to a server to see its connector runs.')).toBeTruthy();
    expect(screen.queryByText('never asked')).toBeNull();
  });
});
