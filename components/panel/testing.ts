/**
 * Test data shared by the panel's component tests (Panel.test.tsx, first-paint.test.tsx): the
 * HubSpot company record the panel is opened for, and its account's 70 days of usage.
 */
import type { PanelRecord } from './source';

export const TEST_RECORD: PanelRecord = {
  crm: 'hubspot',
  objectType: 'company',
  recordId: '2',
  hints: { hubspotCompanyId: '2' },
};

/** Account a1's usage: 70 days from 2026-08-23, DAU cycling 4, 5, 6. */
export function testUsage() {
  return Array.from({ length: 70 }, (_, i) => {
    const d = new Date(Date.UTC(2026, 7, 23 + i)).toISOString().slice(0, 10);
    return { accountId: 'a1', date: d, dau: 4 + (i % 3), wau: 8, mau: 10, minutes: 40, sessions: 6 };
  });
}
