/**
 * Import boundaries between layers (see ARCHITECTURE.md):
 *   src/protocol  ← pure modules (src/input, src/payload, src/check, src/rules, src/learn)
 *   ← src/shared ← src/importers ← src/server | src/ui | src/cli
 * Arrows never run back up, ui and server never import each other, and no cycles.
 */
const PURE = '^src/(input|payload|check|rules|learn)/'

/** UI folders every feature may use; every other folder under src/ui is a feature (src/ui/app is the shell). */
const UI_SHARED = 'components|connection|store|persistence'
/** What any UI module may import from the shell: its small app-wide stores (theme, route). */
const APP_STORES = '^src/ui/app/[^/]+-store\\.ts$'

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Import cycles (type-only ones included) make load order and ownership unclear.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'protocol-is-self-contained',
      comment: 'src/protocol is pure RFC 6455 / 7692: it imports only itself and npm packages.',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: '^src/', pathNot: '^src/protocol/' },
    },
    {
      name: 'protocol-no-node-api',
      comment: 'src/protocol runs in browser, Worker and Node: no Node built-ins.',
      severity: 'error',
      from: { path: '^src/protocol/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-modules-only-use-protocol',
      comment: 'Pure modules beside the protocol import only src/protocol and themselves.',
      severity: 'error',
      from: { path: `${PURE}` },
      to: { path: '^src/', pathNot: ['^src/protocol/', '^src/$1/'] },
    },
    {
      name: 'pure-modules-no-node-api',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-below-apps',
      comment: 'src/shared sits below importers, server, ui and cli.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(importers|server|ui|cli)/' },
    },
    {
      name: 'importers-below-apps',
      severity: 'error',
      from: { path: '^src/importers/' },
      to: { path: '^src/(server|ui|cli)/' },
    },
    {
      name: 'server-not-ui',
      comment: 'The server and the UI never import each other.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(ui|cli)/' },
    },
    {
      name: 'ui-not-server',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'cli-not-ui',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'ui-features-independent',
      comment: `A UI feature imports ${UI_SHARED} and the app stores, never another feature or the shell.`,
      severity: 'error',
      from: { path: `^src/ui/(?!(?:${UI_SHARED}|app)/)([^/]+)/` },
      to: { path: '^src/ui/[^/]+/', pathNot: [`^src/ui/(?:${UI_SHARED})/`, APP_STORES, '^src/ui/$1/'] },
    },
    {
      name: 'ui-shared-not-features',
      comment: 'Components, connections, stores and persistence do not reach up into features or the shell.',
      severity: 'error',
      from: { path: `^src/ui/(?:${UI_SHARED})/` },
      to: { path: '^src/ui/[^/]+/', pathNot: [`^src/ui/(?:${UI_SHARED})/`, APP_STORES] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
