// Across files: local headers are followed (kernels, macros and constants defined there join the including
// file's model), include cycles and missing headers are harmless, header edits are seen on the next build,
// and the workspace index links launches to kernels of files that are not included.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadCudaLanguage } from '../../server/src/parse/grammar';
import { buildModelFromText, WorkspaceIndex } from '../../server/src/model';

const HEADERS = path.join(__dirname, '..', 'fixtures', 'model', 'headers');

describe('model: includes and the workspace index', () => {
  before(() => loadCudaLanguage());

  it('makes a kernel defined in a header one kernel with the launch in the including file', async () => {
    const file = path.join(HEADERS, 'app.cu');
    const m = await buildModelFromText(fs.readFileSync(file, 'utf8'), file);
    assert.deepStrictEqual(m.kernels.map((k) => [k.name, path.basename(k.file)]), [['saxpy_rows', 'kernels.cuh']]);
    const [l] = m.launches;
    assert.strictEqual(l.kernel, m.kernels[0]);
    assert.strictEqual(path.basename(l.file), 'app.cu');
    // ROWS * COLS / 256 with both sizes from sizes.h, included by kernels.cuh: 1024 * 768 / 256 = 3072.
    assert.deepStrictEqual([l.grid.x, l.block.x], [3072, 256]);
    assert.deepStrictEqual(m.includes.map((p) => path.basename(p)), ['kernels.cuh', 'sizes.h']);
    assert.strictEqual(m.kernels[0].accesses[0].file, path.join(HEADERS, 'kernels.cuh'));
  });

  it('follows an include cycle once', async () => {
    const file = path.join(HEADERS, 'cycle_a.cuh');
    const m = await buildModelFromText(fs.readFileSync(file, 'utf8'), file);
    assert.deepStrictEqual(m.kernels.map((k) => k.name).sort(), ['from_a', 'from_b']);
  });

  it('sees a header edit on the next build (the header cache checks contents)', async () => {
    const files = new Map<string, string>([
      ['/ws/defs.cuh', '#define BLOCK 128\n__global__ void first(float* p) { p[threadIdx.x] = 0; }\n'],
    ]);
    const main = '#include "defs.cuh"\nvoid go(float* p) { first<<<10, BLOCK>>>(p); second<<<1, BLOCK>>>(p); }\n';
    const opts = { readFile: (p: string) => files.get(p) };
    const before = await buildModelFromText(main, '/ws/main.cu', opts);
    assert.deepStrictEqual(before.launches.map((l) => [l.kernelName, l.block.x, !!l.kernel]), [['first', 128, true], ['second', 128, false]]);
    files.set('/ws/defs.cuh', '#define BLOCK 64\n__global__ void second(float* p) { p[threadIdx.x] = 0; }\n');
    const after = await buildModelFromText(main, '/ws/main.cu', opts);
    assert.deepStrictEqual(after.launches.map((l) => [l.kernelName, l.block.x, !!l.kernel]), [['first', 64, false], ['second', 64, true]]);
  });

  it('skips headers over the size cap', async () => {
    const big = `__global__ void huge(float* p) { p[0] = 0; }\n${'// filler\n'.repeat(300000)}`;
    const m = await buildModelFromText('#include "big.cuh"\n', '/ws/uses_big.cu', { readFile: () => big });
    assert.deepStrictEqual(m.kernels, []);
    assert.deepStrictEqual(m.includes, []);
  });

  it('links launches to kernels of other indexed files and forgets them when they change', async () => {
    const index = new WorkspaceIndex();
    index.update('/ws/lib.cu', '__global__ void remote(float* p, int n) { p[threadIdx.x] = n; }\n');
    const user = 'void go(float* p) { remote<<<4, 32>>>(p, 1); }\n';
    const linked = await buildModelFromText(user, '/ws/user.cu', { index });
    assert.strictEqual(linked.launches[0].kernel?.name, 'remote');
    assert.strictEqual(linked.launches[0].kernel?.file, '/ws/lib.cu');
    assert.deepStrictEqual(index.kernelsNamed('remote').map((k) => k.params.length), [2]);
    index.update('/ws/lib.cu', '__global__ void renamed(float* p) {}\n');
    assert.deepStrictEqual(index.kernelsNamed('remote'), []);
    const unlinked = await buildModelFromText(user, '/ws/user.cu', { index });
    assert.strictEqual(unlinked.launches[0].kernel, undefined);
    index.remove('/ws/lib.cu');
    assert.deepStrictEqual(index.kernelsNamed('renamed'), []);
  });

  it('reads headers from the index before the disk and knows which files include a header', async () => {
    const index = new WorkspaceIndex();
    index.update('/ws/k.cuh', '__global__ void in_editor(float* p) {}\n');
    index.update('/ws/a.cu', '#include "k.cuh"\nvoid go(float* p) { in_editor<<<1, 1>>>(p); }\n');
    index.update('/ws/b.cu', 'int main() { return 0; }\n');
    assert.deepStrictEqual(index.dependentsOf('/ws/k.cuh'), ['/ws/a.cu']);
    const m = await buildModelFromText(index.textOf('/ws/a.cu') ?? '', '/ws/a.cu', { index });
    assert.deepStrictEqual(m.kernels.map((k) => [k.name, k.file]), [['in_editor', '/ws/k.cuh']]);
  });
});
