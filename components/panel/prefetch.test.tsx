import { describe, expect, it, vi } from 'vitest';
import { prefetching } from './prefetch';
import type { PanelRecord, PanelSource, PanelStatus } from './source';

const record: PanelRecord = {
  crm: 'hubspot',
  objectType: 'company',
  recordId: '42',
  hints: { hubspotCompanyId: '42' },
};

function fake() {
  const status = vi.fn(async () => ({ hasData: true }) as PanelStatus);
  const resolve = vi.fn(async () => ({ status: 'matched', accountId: 'a1', by: 'hubspot' }) as const);
  const view = vi.fn(async (id: string) => ({ id }) as never);
  const source = { status, resolve, view } as unknown as PanelSource;
  return { source, status, resolve, view };
}

describe('prefetching', () => {
  it('reads the status, the resolution and the view before they are asked for; each is handed out once', async () => {
    const f = fake();
    const p = prefetching(f.source);
    p.status();
    p.record(record);
    await vi.waitFor(() => expect(f.view).toHaveBeenCalledWith('a1'));
    expect(f.status).toHaveBeenCalledTimes(1);
    expect(f.resolve).toHaveBeenCalledTimes(1);
    // The panel's queries take the reads under way…
    await p.source.status();
    await p.source.resolve(record);
    await p.source.view('a1');
    expect([f.status.mock.calls.length, f.resolve.mock.calls.length, f.view.mock.calls.length]).toEqual([
      1, 1, 1,
    ]);
    // …and a later refetch reads again.
    await p.source.view('a1');
    await p.source.resolve(record);
    expect([f.resolve.mock.calls.length, f.view.mock.calls.length]).toEqual([2, 2]);
  });

  it('does not hand out a read older than its limit, nor one for other hints', async () => {
    const f = fake();
    let now = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const p = prefetching(f.source, 2000);
    p.record(record);
    await vi.waitFor(() => expect(f.view).toHaveBeenCalledTimes(1));
    await p.source.resolve({ ...record, hints: { hubspotCompanyId: '42', names: ['acme'] } });
    expect(f.resolve).toHaveBeenCalledTimes(2);
    now += 2001;
    await p.source.view('a1');
    expect(f.view).toHaveBeenCalledTimes(2);
    vi.restoreAllMocks();
  });

  it('a prefetch that fails is not an unhandled rejection; the query that takes it sees the error', async () => {
    const f = fake();
    f.resolve.mockRejectedValueOnce(new Error('closed'));
    const p = prefetching(f.source);
    p.record(record);
    await expect(p.source.resolve(record)).rejects.toThrow('closed');
    expect(f.view).not.toHaveBeenCalled();
  });
});
