export default defineBackground(() => {
  // Clicking the toolbar icon opens the popup; the side panel is opened from the popup or
  // the keyboard shortcut, so it never competes with the popup for the click.
  if (import.meta.env.CHROME || import.meta.env.EDGE) {
    browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => {});
  }
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') {
      browser.runtime.openOptionsPage().catch(() => {});
    }
  });
});
