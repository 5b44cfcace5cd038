// Runs scripts/e2e/install.sh (idempotent, cached in .e2e-cache/) with its output on this terminal, for the
// scripts that drive code-server: the browser run and the extension-host suite.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export async function installE2eDependencies(root) {
  const code = await new Promise((resolve) => {
    spawn('bash', [join(root, 'scripts', 'e2e', 'install.sh')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
      .on('exit', (status) => resolve(status ?? 1));
  });
  if (code !== 0) throw new Error(`scripts/e2e/install.sh failed (exit ${code})`);
}
