import { detectRecord } from '@/lib/crm';
import { CRM_MATCHES } from '@/lib/crm/matches';

/**
 * The content script is deliberately thin: it detects the record on the page and mounts the
 * panel — an extension page in a cross-origin iframe — beside it. It never opens IndexedDB
 * (that would be the CRM's origin) and never sees the API token.
 */
export default defineContentScript({
  matches: CRM_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    let ui: ReturnType<typeof createIframeUi> | undefined;
    let shownKey = '';

    const update = (url: string) => {
      const record = detectRecord(url, document);
      const key = record ? `${record.crm}:${record.objectType}:${record.recordId}` : '';
      if (key === shownKey) return;
      shownKey = key;
      ui?.remove();
      ui = undefined;
      if (!record) return;
      const params = new URLSearchParams({
        embed: '1',
        crm: record.crm,
        type: record.objectType,
        id: record.recordId,
      });
      ui = createIframeUi(ctx, {
        page: `/sidepanel.html?${params}` as '/sidepanel.html',
        position: 'overlay',
        alignment: 'top-right',
        zIndex: 2147483000,
        onMount(wrapper, iframe) {
          wrapper.id = 'healthbar-root';
          Object.assign(wrapper.style, { position: 'fixed', top: '64px', right: '0' });
          iframe.title = 'Healthbar';
          iframe.setAttribute('data-healthbar', 'panel');
          Object.assign(iframe.style, {
            width: '360px',
            height: 'calc(100vh - 80px)',
            border: '0',
            borderRadius: '8px 0 0 8px',
            boxShadow: '0 4px 24px rgba(0,0,0,.18)',
            background: 'transparent',
            colorScheme: 'normal',
          });
        },
      });
      ui.mount();
    };

    update(location.href);
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => update(newUrl.href));
  },
});
