// Runs the extension-host suite in a downloaded VS Code desktop through @vscode/test-electron:
// `npm run test:electron` on a machine that can download VS Code (where it cannot, `npm run
// test:extension-host` runs the same suite in code-server). The suite and this runner are bundled by
// scripts/e2e/electron.mjs; the workspace is a fresh copy of samples/ plus the e2e tour, because the
// tests edit files.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const workspace = join(mkdtempSync(join(tmpdir(), 'cuda-lens-electron-')), 'samples');
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  cpSync(join(root, 'test', 'e2e', 'fixtures'), workspace, { recursive: true });
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(__dirname, 'suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
}

main().catch((error: unknown) => {
  console.error('electron e2e failed:', error);
  process.exit(1);
});
