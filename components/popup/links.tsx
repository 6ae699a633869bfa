/** Links from an account to its records in the CRMs (opened in a new tab by the popup). */
import type { Account } from '@/lib/dataset/schema';
import { crmLinks, type LastCrmHosts } from '@/lib/portfolio/crm-links';
import type { PopupSource } from './source';

export function Links({
  source,
  crm,
  hosts,
}: {
  source: PopupSource;
  crm: Account['crm'];
  hosts: LastCrmHosts;
}) {
  const { links } = crmLinks(crm, hosts);
  if (!links.length) return null;
  return (
    <span className="pp-links">
      {links.map((l) => (
        <a
          key={l.crm}
          href={l.url}
          target="_blank"
          rel="noreferrer"
          onClick={(e) => {
            e.preventDefault();
            source.openUrl(l.url);
          }}
        >
          {l.label}
        </a>
      ))}
    </span>
  );
}
