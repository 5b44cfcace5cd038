// `npm run e2e`: the extension in a real VS Code (code-server) in a real browser (Chromium via
// playwright-core). Installs what it needs into .e2e-cache/ (scripts/e2e/install.sh), installs the
// packaged VSIX into a fresh code-server profile, opens a copy of samples/ as the workspace (the steps
// edit files) and runs the user flows in test/e2e/steps.mjs, one screenshot per step.
//
// Options: --skip-install (trust the cache), --only REGEX (run matching steps), --vsix PATH, --keep (leave
// the run directory in place), --screenshots DIR (instead of docs/screenshots). Exit 0 when every step
// passed, 1 otherwise.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { installE2eDependencies } from './install.mjs';
import { codeServerEntry, installExtension, prepareProfile, startCodeServer } from './code-server.mjs';
import { runSteps } from '../../test/e2e/step-runner.mjs';
import { STEPS, FIXTURES_DIR } from '../../test/e2e/steps.mjs';
import { Workbench } from '../../test/e2e/workbench.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = join(ROOT, '.e2e-cache');
const OUTPUT = join(ROOT, 'test-output', 'e2e');
// The README shows these; --screenshots DIR sends a run's pictures elsewhere (e.g. CI artifacts).
const DEFAULT_SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
// The budget is 5 minutes for the whole run; past 8 something hangs, and a hung CI job helps no one.
const WATCHDOG_MS = 8 * 60_000;

const { values: options } = parseArgs({
  options: {
    'skip-install': { type: 'boolean', default: false },
    only: { type: 'string' },
    vsix: { type: 'string' },
    keep: { type: 'boolean', default: false },
    screenshots: { type: 'string' },
  },
});

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (message) => console.log(`[e2e ${elapsed()}] ${message}`);

const watchdog = setTimeout(() => {
  console.error(`[e2e] gave up after ${WATCHDOG_MS / 60_000} minutes`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

// Ctrl+C and CI cancellation: exit through process.exit so the 'exit' hooks stop code-server.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

if (!options['skip-install']) {
  say('installing dependencies (scripts/e2e/install.sh; cached in .e2e-cache/)');
  await installE2eDependencies(ROOT).catch((error) => {
    console.error(`[e2e] ${error.message}`);
    process.exit(1);
  });
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const vsix = options.vsix ?? join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
if (!existsSync(vsix)) {
  console.error(`[e2e] ${relative(ROOT, vsix)} not found: run \`npm run package\` first (\`npm run e2e\` does)`);
  process.exit(1);
}

mkdirSync(OUTPUT, { recursive: true });
const runDir = mkdtempSync(join(tmpdir(), 'cuda-lens-e2e-'));
const workspace = join(runDir, 'samples');
cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
cpSync(FIXTURES_DIR, workspace, { recursive: true });

const entry = codeServerEntry(CACHE);
const profile = prepareProfile(runDir);
say(`installing ${relative(ROOT, vsix)} into a fresh code-server profile`);
const installed = await installExtension(entry, profile, vsix);
const extensionId = `${manifest.publisher}.${manifest.name}@${manifest.version}`;
if (!installed.includes(extensionId)) {
  console.error(`[e2e] code-server lists ${JSON.stringify(installed)}, not ${extensionId}`);
  process.exit(1);
}

const server = await startCodeServer(entry, profile, { logFile: join(OUTPUT, 'code-server.log') });
say(`code-server on ${server.url}`);
const { browser, page } = await launchBrowser(CACHE);
const workbench = new Workbench(page, workspace);
let results = [];
try {
  await workbench.open(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  say('workbench loaded; running steps');
  results = await runSteps(page, STEPS, {
    screenshotsDir: options.screenshots ? resolve(options.screenshots) : DEFAULT_SCREENSHOTS,
    failuresDir: OUTPUT,
    root: ROOT,
    context: { workbench, page, workspace },
    only: options.only ? new RegExp(options.only, 'i') : undefined,
  });
} finally {
  await browser.close().catch(() => undefined);
  await server.stop();
}

const failed = results.filter((r) => !r.ok);
writeFileSync(join(OUTPUT, 'results.json'), JSON.stringify(results.map(({ error, ...r }) => ({
  ...r,
  screenshot: relative(ROOT, r.screenshot),
  error: error?.message,
})), null, 2));
const logs = join(profile.userDataDir, 'logs');
if (failed.length) printExtensionLog(logs);
if (failed.length || options.keep) {
  say(`run directory kept: ${runDir} (extension host and server logs under ${relative(runDir, logs)})`);
} else {
  rmSync(runDir, { recursive: true, force: true });
}
say(`${results.length - failed.length}/${results.length} steps passed`);
for (const f of failed) console.error(f.error.message);
process.exit(failed.length || results.length === 0 ? 1 : 0);

/**
 * Prints the end of the "CUDA Lens" output channel (client and language-server messages, including a
 * server crash's stack), which is what explains most failed steps.
 */
function printExtensionLog(logsDir) {
  const found = readdirSync(logsDir, { recursive: true }).map(String).filter((f) => f.endsWith('CUDA Lens.log'));
  if (!found.length) {
    console.error('[e2e] no "CUDA Lens" output channel log: the extension never activated');
    return;
  }
  for (const file of found) {
    const lines = readFileSync(join(logsDir, file), 'utf8').trimEnd().split('\n');
    console.error(`[e2e] last lines of ${file}:\n  ${lines.slice(-25).join('\n  ')}`);
  }
}
