// Bundles the extension-host test suite (test/e2e/electron/suite) into out/e2e-electron/suite.js with
// esbuild: VS Code loads `extensionTestsPath` in its extension host, which cannot load TypeScript.
// `vscode` stays external (the host provides it) and so does mocha (resolved from the repository's
// node_modules, which is also the extension development path).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT = join(ROOT, 'out', 'e2e-electron');
export const COMMON = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', sourcemap: true, logLevel: 'warning' };

/** Returns the path of the bundled suite. */
export async function bundleSuite() {
  const outfile = join(OUT, 'suite.js');
  await build({ ...COMMON, entryPoints: [join(ROOT, 'test/e2e/electron/suite/index.ts')], outfile, external: ['vscode', 'mocha'] });
  return outfile;
}
