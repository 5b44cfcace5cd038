// `npm run test:electron`: bundles the @vscode/test-electron runner and suite (test/e2e/electron/) with
// esbuild and runs them. VS Code loads the suite inside its extension host, which cannot load TypeScript,
// hence the bundle; `vscode` stays external (the host provides it) and so does mocha (resolved from the
// repository's node_modules, which is also the extension development path). Needs network to download VS Code
// desktop, so it is not part of `npm test` or CI here; the browser run (`npm run e2e`) covers the flows.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'out', 'e2e-electron');
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: [join(ROOT, 'test/e2e/electron/suite/index.ts')], outfile: join(OUT, 'suite.js'), external: ['vscode', 'mocha'] }),
  // The runner resolves the repository root as two levels above its own directory (out/e2e-electron).
  build({ ...common, entryPoints: [join(ROOT, 'test/e2e/electron/run-tests.ts')], outfile: join(OUT, 'run-tests.js'), external: ['@vscode/test-electron'] }),
]);

const child = spawn(process.execPath, [join(OUT, 'run-tests.js')], { cwd: ROOT, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
