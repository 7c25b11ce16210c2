/** Architecture rules checked by `npm run lint` (see ../shared/STYLE.md, habit 2). */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-sdk',
      comment: 'src/core is channel- and vendor-agnostic: SDKs, drivers and HTTP clients live in adapters.',
      severity: 'error',
      from: { path: '^src/core' },
      to: {
        path: 'node_modules/(@line|@slack|openai|pg|pg-boss|@electric-sql|langchain|@langchain|pino|unpdf|playwright-core)(/|$)',
      },
    },
    {
      name: 'core-imports-no-adapters',
      comment: 'Data walks one way: adapters call the core, never the reverse.',
      severity: 'error',
      from: { path: '^src/core' },
      to: { path: '^src/(channels|infra|ingest|cli|http)/' },
    },
    {
      name: 'core-imports-no-node-io',
      comment: 'The core does no I/O of its own; it goes through ports.',
      severity: 'error',
      from: { path: '^src/core' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|net|http|https|child_process|dgram)(/|$)' },
    },
    {
      name: 'channels-do-not-import-each-other',
      severity: 'error',
      from: { path: '^src/channels/([^/]+)/' },
      to: { path: '^src/channels/', pathNot: '^src/channels/($1|shared)/' },
    },
    {
      name: 'composition-is-the-top',
      comment: 'main → composition → channels → core → infra: only the entry points may import the wiring.',
      severity: 'error',
      from: { path: '^src/(core|channels|infra|http|ingest)/' },
      to: { path: '^src/composition/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // dependency-cruiser cannot use TypeScript 7's compiler API yet; swc parses our TypeScript instead.
    parser: 'swc',
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
