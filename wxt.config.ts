import { defineConfig } from 'wxt';
import { CRM_MATCHES } from './lib/crm/matches';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifest: ({ browser }) => ({
    name: 'Healthbar',
    description:
      'Account health inside your CRM: score and reasons, usage, revenue, satisfaction, support and renewal signals.',
    permissions: ['storage', 'alarms', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: CRM_MATCHES,
    // A data API without CORS for extension origins can be granted from the options page,
    // one origin at a time; nothing ever waits on this prompt.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Alert notifications, only when the person turns them on in the options (asked there).
    optional_permissions: ['notifications'],
    // The panel page is framed by the content script. `use_dynamic_url` (Chrome): pages can only
    // reach it through a per-session id, not the extension's fixed id. Firefox already gives
    // each install a random moz-extension:// id, and its manifest schema does not know the key.
    web_accessible_resources: [
      {
        resources: ['sidepanel.html'],
        matches: CRM_MATCHES,
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    action: { default_title: 'Healthbar' },
    commands: {
      'toggle-panel': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Show or hide the Healthbar panel on a CRM record',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'healthbar@healthbar.dev',
              // Firefox reads data_collection_permissions from 140 on (Android from 142); an older
              // minimum makes Mozilla's linter warn that the key is unsupported there.
              strict_min_version: '140.0',
              // Healthbar sends nothing to its developers or to third parties: no analytics,
              // telemetry or error reports. It only reads account data from the server the person
              // configures, and keeps it in the browser. See docs/FIREFOX.md.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
