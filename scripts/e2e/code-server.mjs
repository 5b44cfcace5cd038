// Starts and stops code-server (VS Code in the browser) for the end-to-end run: a fresh user-data dir,
// extensions dir and config file per run, so nothing from a developer's own setup leaks in and every run
// starts from a first launch. Also installs a VSIX through code-server's own command line, the way a user
// would.
import { execFile, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * User settings for the run. The trust and startup-editor settings skip the dialogs of a first launch
 * (see the design notes, section 5); the rest keep notifications and animations out of the screenshots
 * and make the editor state the steps look at deterministic.
 */
export const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.reduceMotion': 'on',
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.inlayHints.enabled': 'on',
  'editor.lightbulb.enabled': 'on',
  'editor.hover.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

/** The code-server layout inside the e2e cache. */
export function codeServerEntry(cacheDir) {
  return join(cacheDir, 'node', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Creates the per-run directories and settings; returns the arguments every code-server call shares. */
export function prepareProfile(runDir, settings = USER_SETTINGS) {
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  const configFile = join(runDir, 'code-server.yaml');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // An explicit (empty) config keeps code-server from reading or creating ~/.config/code-server.
  writeFileSync(configFile, '');
  return { userDataDir, extensionsDir, common: ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir] };
}

export async function installExtension(entry, profile, vsix) {
  const { stdout, stderr } = await run(process.execPath, [entry, ...profile.common, '--force', '--install-extension', vsix], {
    timeout: 120_000,
    maxBuffer: 16 << 20,
  });
  const text = `${stdout}\n${stderr}`;
  if (!/successfully installed/i.test(text)) throw new Error(`code-server --install-extension ${vsix} did not report success:\n${text}`);
  const listed = await run(process.execPath, [entry, ...profile.common, '--list-extensions', '--show-versions'], { timeout: 60_000 });
  return listed.stdout.trim().split('\n').filter(Boolean);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 without authentication (it is reachable only from this machine) and
 * resolves once its health endpoint answers.
 */
export async function startCodeServer(entry, profile, { logFile, timeoutMs = 60_000 }) {
  const port = await freePort();
  const args = [
    entry, ...profile.common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  // If the runner dies (watchdog, uncaught error, Ctrl+C), code-server must not outlive it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    process.removeListener('exit', killOnExit);
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start (${JSON.stringify(exited)}); see ${logFile}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
      log.end();
    },
  };
}
