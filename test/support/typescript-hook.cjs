// Lets a plain Node process (not jest) require the TypeScript sources, compiled on the fly by SWC
// with the server's own settings (server/.swcrc), so that test-only programs such as
// test-services.ts run from source and never need to be part of server/dist.
// Usage: node --require ./test/support/typescript-hook.cjs some-file.ts
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const { $schema, ...serverOptions } = JSON.parse(readFileSync(join(__dirname, '../../server/.swcrc'), 'utf8'));

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...serverOptions, filename, swcrc: false, sourceMaps: 'inline' });
  module._compile(code, filename);
};
