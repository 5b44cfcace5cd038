// Entry point VS Code calls inside the extension host (`extensionTestsPath`): runs the mocha tests of this
// folder and resolves when they pass. Bundled with the tests into one file, so the tests register through
// mocha's `pre-require` hook instead of being loaded from disk.
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  // Registered after the hook so that `describe`/`it` are the globals mocha just installed.
  require('./extension.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
