import { Brand } from './Brand';

export interface PanelRecord {
  crm: string;
  objectType: string;
  recordId: string;
}

const CRM_LABEL: Record<string, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  zendesk: 'Zendesk',
};

/** Reads the record the content script detected from the frame's own URL. */
export function recordFromSearch(search: string): PanelRecord | null {
  const p = new URLSearchParams(search);
  const crm = p.get('crm');
  const objectType = p.get('type');
  const recordId = p.get('id');
  if (!crm || !objectType || !recordId) return null;
  return { crm, objectType, recordId };
}

export function PanelApp({ record }: { record: PanelRecord | null }) {
  return (
    <main style={{ padding: 12, display: 'grid', gap: 12 }} aria-label="Healthbar panel">
      <header>
        <Brand />
      </header>
      {record ? (
        <section className="hb-card" data-testid="panel-record">
          <h2 style={{ fontSize: 15 }}>
            {CRM_LABEL[record.crm] ?? record.crm} {record.objectType} {record.recordId}
          </h2>
          <p className="hb-muted">
            Healthbar has no account data yet.{' '}
            <a href="/options.html" target="_blank" rel="noreferrer">
              Open the options
            </a>{' '}
            to connect a data API or import a dataset file.
          </p>
        </section>
      ) : (
        <section className="hb-card" data-testid="panel-empty">
          <p>
            Open a company, deal or ticket in HubSpot, Salesforce or Zendesk to see its account health here.
          </p>
        </section>
      )}
    </main>
  );
}
