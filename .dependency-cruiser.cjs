/**
 * Healthbar's layering, enforced by dependency-cruiser (`npm run lint:deps`, a step of `npm test`).
 * docs/ARCHITECTURE.md says what each folder is and why these rules hold.
 * Test files (`*.test.ts(x)`) are left out of the `from` side of the lib/ rules: an integration
 * test may assemble pieces of several layers (lib/sync/engine.test.ts drives the pages' real data
 * sources; lib/crm tests read lib/demo's fixture accounts); shipped code may not.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-not-to-ui',
      severity: 'error',
      comment:
        'lib/ is the shared core: it never imports the UI (components/) or the extension entrypoints. ' +
        'Move what lib needs into lib/ (e.g. lib/contracts/).',
      from: { path: '^lib/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^(components|entrypoints)/' },
    },
    {
      name: 'server-not-to-ui',
      severity: 'error',
      comment: 'server/ runs in Node: it never imports the UI (components/) or the extension entrypoints.',
      from: { path: '^server/' },
      to: { path: '^(components|entrypoints)/' },
    },
    {
      name: 'content-script-stays-thin',
      severity: 'error',
      comment:
        'The content script runs in the CRM page: its bundle never includes Dexie or the database ' +
        '(IndexedDB would be the CRM origin), the settings and connection storage that hold the API ' +
        'token, or the metrics core. It detects the record and mounts the panel frame; data stays ' +
        'in the extension origin.',
      from: { path: '^entrypoints/[^/]*content(/index)?\\.tsx?$' },
      to: {
        path: [
          '(^|/)node_modules/dexie/',
          '^lib/db/',
          '^lib/metrics/',
          '^lib/ext/settings\\.ts$',
          '^lib/ext/connection\\.ts$',
          '^lib/contracts/storage\\.ts$',
        ],
        reachable: true,
      },
    },
    {
      name: 'pure-cores-stay-pure',
      severity: 'error',
      comment:
        'lib/metrics and lib/crm are pure cores (inputs and asOf passed in): they never import the ' +
        'cache, the sync, extension plumbing, the pipelines, the UI, or a database or HTTP client.',
      from: { path: '^lib/(metrics|crm)/', pathNot: '\\.test\\.tsx?$' },
      to: {
        path: [
          '^lib/(db|sync|ext|portfolio|connectors|cli|demo)/',
          '^(components|entrypoints|server)/',
          '(^|/)node_modules/(dexie|ky)/',
        ],
      },
    },
    {
      name: 'cache-below-sync',
      severity: 'error',
      comment:
        'One-way data flow (sync → cache → views): the cache (lib/db) never imports the sync engine, ' +
        'extension plumbing, or the views built on it (lib/portfolio).',
      from: { path: '^lib/db/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^lib/(sync|ext|portfolio|connectors)/' },
    },
    {
      name: 'contracts-at-the-bottom',
      severity: 'error',
      comment:
        'lib/contracts holds the definitions every layer shares (storage items, the panel record, sync ' +
        'pages, money): it imports only lib/contracts, the pure foundations whose contracts it carries ' +
        '(lib/crm: records and hosts; lib/dataset: the dataset schema and its messages), and packages. ' +
        'A definition it needs from a layer above (lib/portfolio, lib/sync, lib/db, lib/ext, lib/metrics…) ' +
        'moves down into lib/contracts and is re-exported there.',
      from: { path: '^lib/contracts/', pathNot: '\\.test\\.tsx?$' },
      to: {
        pathNot: ['^lib/(contracts|crm|dataset)/', '(^|/)node_modules/', '^#imports$'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'imports-resolve',
      severity: 'error',
      comment:
        'Every import resolves, so the rules above see the whole graph (an alias the cruiser cannot ' +
        "follow would hide a violation). `#imports` is WXT's generated module of its own APIs.",
      from: {},
      to: { couldNotResolve: true, pathNot: '^#imports$' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^\\.output/', '^\\.wxt/', '^demo-output/', '^test-results/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // WXT's aliases (`@/`, `~/`…): .wxt/tsconfig.json maps them relative to .wxt/ without a
    // baseUrl, which dependency-cruiser's tsconfig-paths resolver does not follow, so they are
    // given to its (webpack's) resolver here, as a webpack `resolve` section.
    webpackConfig: { fileName: 'scripts/depcruise-aliases.cjs' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
