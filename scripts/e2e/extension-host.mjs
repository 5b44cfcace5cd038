// `npm run test:extension-host`: runs the extension-host suite written for @vscode/test-electron
// (test/e2e/electron/suite) where VS Code desktop cannot be downloaded: in code-server's remote extension
// host. The workbench is opened in Chromium with VS Code's development payload (extensionDevelopmentPath
// = this repository, extensionTestsPath = the bundled suite), the same mechanism VS Code's own remote
// tests use. code-server forwards the extension host's console to the browser; the suite logs one line per
// result there, which this script prints and counts.
//
// Options: --skip-install (trust the e2e cache). Needs `npm run build` first (the npm script does it).
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { codeServerEntry, prepareProfile, startCodeServer } from './code-server.mjs';
import { installE2eDependencies } from './install.mjs';
import { bundleSuite, ROOT } from './suite-bundle.mjs';

/** RESULT_PREFIX of test/e2e/electron/suite/index.ts. */
const RESULT_PREFIX = '[cuda-lens-suite]';
// The suite's tests wait up to 30 s each for a UI-independent condition; six of them fit easily.
const TIMEOUT_MS = 4 * 60_000;

const { values: options } = parseArgs({ options: { 'skip-install': { type: 'boolean', default: false } } });
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
  console.error('[extension-host] dist/extension.js is missing: run `npm run build` first');
  process.exit(1);
}
if (!options['skip-install']) await installE2eDependencies(ROOT);
const suite = await bundleSuite();

const CACHE = join(ROOT, '.e2e-cache');
const runDir = mkdtempSync(join(tmpdir(), 'cuda-lens-ext-host-'));
const workspace = join(runDir, 'samples');
cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
cpSync(join(ROOT, 'test', 'e2e', 'fixtures'), workspace, { recursive: true });
const profile = prepareProfile(runDir);
const server = await startCodeServer(codeServerEntry(CACHE), profile, { logFile: join(runDir, 'code-server.log') });
const { browser, page } = await launchBrowser(CACHE);

let summary;
try {
  summary = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no result from the suite within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    page.on('console', (message) => {
      const text = message.text();
      const at = text.indexOf(RESULT_PREFIX);
      if (at < 0) return;
      const line = text.slice(at + RESULT_PREFIX.length).trim();
      console.log(`  ${line}`);
      const done = /^done: (\d+) passing, (\d+) failing/.exec(line);
      if (done) {
        clearTimeout(timer);
        resolve({ passing: Number(done[1]), failing: Number(done[2]) });
      }
    });
    // Remote URIs name the server the workbench talks to (its host and port).
    const remote = (path) => `vscode-remote://${new URL(server.url).host}${path}`;
    const payload = [['extensionDevelopmentPath', remote(ROOT)], ['extensionTestsPath', remote(suite)]];
    page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`)
      .catch(reject);
  });
} catch (error) {
  console.error(`[extension-host] ${error.message}; code-server log and profile kept in ${runDir}`);
  process.exitCode = 1;
} finally {
  await browser.close().catch(() => undefined);
  await server.stop();
}

if (summary) {
  console.log(`[extension-host] ${summary.passing} passing, ${summary.failing} failing`);
  if (summary.failing || summary.passing === 0) {
    console.error(`[extension-host] profile and logs kept in ${runDir}`);
    process.exitCode = 1;
  } else {
    rmSync(runDir, { recursive: true, force: true });
  }
}
