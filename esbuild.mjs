// Bundles the client, the language server and the CLI as CommonJS for Node, and copies the tree-sitter
// wasm files beside them (the server loads them at run time). Type checking is a separate `tsc` step.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: true,
  logLevel: 'warning',
  // web-tree-sitter is an ES module that reads import.meta.url; in a CommonJS bundle it must be supplied.
  define: { 'import.meta.url': '__cudaLensImportMetaUrl' },
  banner: { js: "const __cudaLensImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(join(dirname(require.resolve('tree-sitter-cuda/package.json')), 'tree-sitter-cuda.wasm'),
  'dist/tree-sitter-cuda.wasm');

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js',
    banner: { js: "#!/usr/bin/env node\nconst __cudaLensImportMetaUrl = require('url').pathToFileURL(__filename).href;" } }),
]);
