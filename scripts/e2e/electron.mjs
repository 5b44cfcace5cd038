// `npm run test:electron`: runs the extension-host suite (test/e2e/electron/) in a downloaded VS Code
// desktop through @vscode/test-electron. Needs network to download VS Code, so it is not part of
// `npm test` or CI here; `npm run test:extension-host` runs the same suite in code-server instead.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleSuite, COMMON, OUT, ROOT } from './suite-bundle.mjs';

await bundleSuite();
// The runner resolves the repository root as two levels above its own directory (out/e2e-electron).
await build({ ...COMMON, entryPoints: [join(ROOT, 'test/e2e/electron/run-tests.ts')], outfile: join(OUT, 'run-tests.js'), external: ['@vscode/test-electron'] });

const child = spawn(process.execPath, [join(OUT, 'run-tests.js')], { cwd: ROOT, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
