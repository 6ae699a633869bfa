/**
 * Portfolio helpers for the dashboard, the popup and the options page: pure functions over the
 * metrics core's report and the cached dataset (no storage, no DOM).
 */
export * from './catalog';
export * from './crm-links';
export * from './csv';
export * from './filters';
export * from './lists';
export * from './renewal';
export * from './scoring';
export * from './targets';
export * from './view';
