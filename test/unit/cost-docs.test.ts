// docs/cost-model.md carries the GPU table generated from gpus.json; this fails when the two drift.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { withGpuTable } from '../../server/src/cost/gpu-table';
import { listGpus } from '../../server/src/cost/gpus';

describe('cost docs', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cost-model.md'), 'utf8');

  it('has the current GPU table (regenerate: node --import tsx scripts/gen-cost-doc.mjs)', () => {
    assert.strictEqual(withGpuTable(doc), doc);
  });

  it('lists every GPU id with its bandwidth', () => {
    for (const g of listGpus()) assert.ok(doc.includes(`| \`${g.id}\` |`) && doc.includes(`| ${g.memoryBandwidthGBps} |`), g.id);
  });
});
