// Entry point VS Code calls inside the extension host (`extensionTestsPath`): runs the mocha tests of this
// folder and resolves when they pass. Bundled with the tests into one file, so the tests register through
// mocha's `pre-require` hook instead of being loaded from disk. Besides mocha's own report, every result
// is logged as one plain line starting with RESULT_PREFIX: code-server forwards the extension host's
// console to the browser, where printf-style reporter output arrives unformatted, and
// scripts/e2e/extension-host.mjs reads these lines there.
import Mocha from 'mocha';

export const RESULT_PREFIX = '[cuda-lens-suite]';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  // Registered after the hook so that `describe`/`it` are the globals mocha just installed.
  require('./extension.test');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`${RESULT_PREFIX} done: ${runner.stats?.passes ?? 0} passing, ${failures} failing`);
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => console.log(`${RESULT_PREFIX} pass: ${test.fullTitle()}`));
    runner.on('fail', (test, error: Error) => console.log(`${RESULT_PREFIX} FAIL: ${test.fullTitle()}: ${error.message}`));
  });
}
