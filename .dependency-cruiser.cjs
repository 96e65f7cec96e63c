/**
 * The project's import rules (README "Architecture"), checked by `npm test` (scripts/depcruise.mjs)
 * with dependency-cruiser: `npx depcruise src e2e --config .dependency-cruiser.cjs`.
 *
 * Parts are the folders under src/. Each has one public entry, src/<part>/index.ts; other parts
 * import only that. Test code (`*.test.ts(x)`, `testing/` folders, src/cli/processTests) may also
 * import other parts' `testing/` helpers; production code may not. src/wire/depcruise.test.ts
 * proves that each rule below fires.
 */

/** Test code: tests, test-only helpers and fixtures. */
const TEST = '(\\.test\\.tsx?$|/testing/|^src/cli/processTests/)';
/** Parts other than the protocol, which the protocol must not import. */
const ABOVE_PROTOCOL = '^src/(transport|ceremony|browser|store|ui|server|cli|platform|supplyChain)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles: parts and modules form a tree of dependencies (DESIGN.md). A cycle that closes only ' +
        'through `import type` is allowed: types are erased, so nothing is evaluated in a loop.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'protocol-imports-no-shell',
      severity: 'error',
      comment:
        'The protocol is the pure core: it imports nothing of transport, ceremony, browser, store, ui, server, ' +
        'cli or the platform adapters (only the wire limits, src/wire).',
      from: { path: '^src/protocol/', pathNot: TEST },
      to: { path: [ABOVE_PROTOCOL, '^e2e/', '^bench/'] },
    },
    {
      name: 'protocol-tests-import-no-shell',
      severity: 'error',
      comment: "The protocol's tests run the protocol alone; only the platform's IdentityCrypto adapters are allowed.",
      from: { path: '^src/protocol/' },
      to: { path: '^src/(transport|ceremony|browser|store|ui|server|cli)/' },
    },
    {
      name: 'protocol-no-node-or-platform',
      severity: 'error',
      comment:
        'No I/O and no platform APIs in the protocol: no Node built-ins (node:*), no WebRTC or WebSocket ' +
        'libraries, no storage. (DOM types are kept out by tsconfig.protocol.json; the clock by src/wire/depcruise.test.ts.)',
      from: { path: '^src/protocol/', pathNot: TEST },
      to: {
        dependencyTypes: ['core'],
      },
    },
    {
      name: 'protocol-no-io-packages',
      severity: 'error',
      comment: 'Packages that do I/O or need a platform stay out of the protocol.',
      from: { path: '^src/protocol/', pathNot: TEST },
      to: {
        path: 'node_modules/(ws|simple-peer|@roamhq/wrtc|idb-keyval|redis|react|react-dom|zustand|qrcode|age-encryption)/',
      },
    },
    {
      name: 'browser-side-imports-no-node',
      severity: 'error',
      comment:
        'What the browser bundle is made of uses no Node built-in (node:*), not even through the Node-only ' +
        'platform entry (src/platform/node.ts): the browser would get an empty stub, or fail.',
      from: {
        path: '^src/(protocol|wire|platform|transport|ceremony|browser|store|ui)/',
        pathNot: [TEST, '^src/platform/(node|identityNode)\\.ts$'],
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-side-not-the-node-platform',
      severity: 'error',
      comment: 'Node-only crypto (src/platform/node.ts) is for the CLI and tests.',
      from: { path: '^src/(protocol|wire|transport|ceremony|browser|store|ui)/', pathNot: TEST },
      to: { path: '^src/platform/(node|identityNode)\\.ts$' },
    },
    {
      name: 'wire-imports-nothing-of-ours',
      severity: 'error',
      comment: 'The wire format is a leaf: both ends import it, it imports neither.',
      from: { path: '^src/wire/', pathNot: TEST },
      to: { path: '^src/', pathNot: '^src/wire/' },
    },
    {
      name: 'server-imports-only-wire',
      severity: 'error',
      comment: 'The server (Node) imports the wire format only: never the transport, the CLI or the protocol.',
      from: { path: '^src/server/', pathNot: TEST },
      to: { path: '^src/', pathNot: ['^src/server/', '^src/wire/'] },
    },
    {
      name: 'transport-imports-only-wire',
      severity: 'error',
      comment:
        'The transport moves opaque envelopes: it imports the wire format, not the server, the shells or the UI.',
      from: { path: '^src/transport/', pathNot: TEST },
      to: { path: '^src/', pathNot: ['^src/transport/', '^src/wire/'] },
    },
    {
      name: 'ceremony-below-browser-and-cli',
      severity: 'error',
      comment: 'The shared shell knows neither the browser shell, the store, the UI, the server nor the CLI.',
      from: { path: '^src/ceremony/', pathNot: TEST },
      to: { path: '^src/(browser|store|ui|server|cli)/' },
    },
    {
      name: 'store-holds-plain-data',
      severity: 'error',
      comment:
        'The store is secret-free UI data: it imports no transport, shell, platform crypto or UI, and of the ' +
        'ceremony shell only types.',
      from: { path: '^src/store/', pathNot: TEST },
      to: { path: '^src/(transport|browser|ui|server|cli|platform)/' },
    },
    {
      name: 'store-uses-only-ceremony-types',
      severity: 'error',
      comment: "The store may name the ceremony shell's public types (e.g. FrostClientStatus), never run its code.",
      from: { path: '^src/store/', pathNot: TEST },
      to: { path: '^src/ceremony/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'browser-below-ui',
      severity: 'error',
      comment: 'The browser shell drives the ceremony and feeds the store; it knows nothing of the UI, server or CLI.',
      from: { path: '^src/browser/', pathNot: TEST },
      to: { path: '^src/(ui|server|cli)/' },
    },
    {
      name: 'ui-imports-only-store-and-browser-entry',
      severity: 'error',
      comment: 'Components render the store and dispatch; only main.tsx starts the browser shell through its entry.',
      from: { path: '^src/ui/', pathNot: TEST },
      to: { path: '^src/', pathNot: ['^src/ui/', '^src/store/index\\.ts$', '^src/browser/index\\.ts$'] },
    },
    {
      name: 'nothing-imports-the-cli',
      severity: 'error',
      comment:
        'The CLI is a top: it imports the server and the shells, nothing imports it (tests may use its fixtures).',
      from: { path: '^src/', pathNot: ['^src/cli/', TEST] },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-public-entries-across-parts',
      severity: 'error',
      comment:
        'Another part is reached through its entry, src/<part>/index.ts (or, from test code, its testing/ helpers).',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/[^/]+/',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.tsx?$', '^src/platform/node\\.ts$', '/testing/'],
      },
    },
    {
      name: 'e2e-only-public-entries',
      severity: 'error',
      comment: 'End-to-end tests use the parts through their entries too.',
      from: { path: '^e2e/' },
      to: { path: '^src/', pathNot: ['^src/[^/]+/index\\.tsx?$', '^src/platform/node\\.ts$', '/testing/'] },
    },
    {
      name: 'production-imports-no-test-code',
      severity: 'error',
      comment:
        'Test helpers, fixtures and tests stay out of the app, the server and the CLI (the bundle check in ' +
        'src/wire/productionBundle.test.ts proves it for the browser build).',
      from: { path: '^src/', pathNot: [TEST, '^src/ui/main\\.tsx$'] },
      to: { path: TEST },
    },
    {
      name: 'fixture-mode-only-through-the-dev-switch',
      severity: 'error',
      comment:
        'main.tsx loads the fixture screens (src/ui/testing) only by a dynamic import behind the ' +
        '__TEST_FAULTS__ / import.meta.env.DEV switch, which production builds compile away.',
      from: { path: '^src/ui/main\\.tsx$' },
      to: { path: TEST, dependencyTypesNot: ['dynamic-import'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
