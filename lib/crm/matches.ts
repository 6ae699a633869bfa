/**
 * Where Healthbar runs: the manifest's host permissions and the content script's matches.
 * Chrome's match patterns allow a wildcard only as a whole first label, so HubSpot is
 * `*.hubspot.com`; the detector itself accepts only app.hubspot.com and the regional
 * app-<region>.hubspot.com hosts.
 */
export const CRM_MATCHES = [
  'https://*.hubspot.com/*',
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce.com/*',
  'https://*.zendesk.com/*',
];
