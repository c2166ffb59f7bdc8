// One jest run, three projects: unit specs beside the server code (pure rules), integration
// suites that start the real server against real PostgreSQL and Meilisearch, and the browser
// journey (Chromium). scripts/test.mjs decides which run.
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' }, module: { type: 'commonjs' } }],
};

module.exports = {
  rootDir: root,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { displayName: 'unit', rootDir: root, testMatch: ['<rootDir>/server/src/**/*.spec.ts'], transform, testEnvironment: 'node' },
    {
      displayName: 'integration',
      rootDir: root,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
      slowTestThreshold: 30,
    },
    { displayName: 'browser', rootDir: root, testMatch: ['<rootDir>/test/browser/**/*.test.ts'], transform, testEnvironment: 'node' },
  ],
};
