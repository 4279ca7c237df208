/**
 * Import boundaries between layers (see ARCHITECTURE.md):
 *   src/protocol  ← pure modules (src/input, src/payload, src/check, src/rules, src/learn)
 *   ← src/shared ← src/importers ← src/server | src/ui | src/cli
 * Arrows never run back up, ui and server never import each other, and no cycles. The layer
 * rules are generated from one table, MAY_IMPORT.
 */

/** Pure modules beside the protocol: no I/O, no Node API, nothing of ours but src/protocol. */
const PURE = ['input', 'payload', 'check', 'rules', 'learn']

/**
 * Each layer under src/ and the layers it may import besides itself; anything else under src/
 * is refused, so a new top-level folder has to be placed here before anyone may import it.
 */
const MAY_IMPORT = {
  protocol: [],
  ...Object.fromEntries(PURE.map((module) => [module, ['protocol']])),
  shared: ['protocol', ...PURE],
  importers: ['protocol', ...PURE, 'shared'],
  // The server and the UI never import each other.
  server: ['protocol', ...PURE, 'shared', 'importers'],
  ui: ['protocol', ...PURE, 'shared', 'importers'],
  cli: ['protocol', ...PURE, 'shared', 'importers', 'server'],
}

/** Layers that run in browser, Worker and Node alike: no Node built-ins outside their tests. */
const NO_NODE_API = ['protocol', ...PURE]

const layerRules = Object.entries(MAY_IMPORT).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} imports ${allowed.length ? `only src/${allowed.join(', src/')} and itself` : 'only itself'} of ours.`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: `^src/(${[layer, ...allowed].join('|')})/` },
}))

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
    ...layerRules,
    {
      name: 'no-node-api',
      comment: `src/${NO_NODE_API.join(', src/')} run in browser, Worker and Node: no Node built-ins.`,
      severity: 'error',
      from: { path: `^src/(${NO_NODE_API.join('|')})/`, pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
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
