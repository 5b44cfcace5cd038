// The feature programs must be valid CUDA: nvcc -c accepts each of them (skipped where nvcc is absent).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exec, programsDir } from './build-helpers';

const programs = fs.readdirSync(programsDir).filter((f) => f.endsWith('.cu')).sort();

describe('transpile: feature programs compile with nvcc', function () {
  this.timeout(600000);
  let nvcc = false;
  before(async () => { nvcc = (await exec('nvcc', ['--version'])).code === 0; });
  it('nvcc -c accepts every feature program', async function () {
    if (!nvcc) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-nvcc-'));
    // One nvcc process at a time: it is the heaviest job on the machine.
    for (const p of programs) {
      const r = await exec('nvcc', ['-c', '-std=c++17', '-arch=sm_80', '-I', programsDir, path.join(programsDir, p), '-o', path.join(dir, p + '.o')], 300000);
      assert.strictEqual(r.code, 0, `${p}:\n${r.stderr}`);
    }
  });
});
