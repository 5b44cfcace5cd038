// Regenerates the GPU table of docs/cost-model.md from server/src/cost/gpus.json; `--check` writes
// nothing and exits 1 when the table is stale. Run: node --import tsx scripts/gen-cost-doc.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mod = await import('../server/src/cost/gpu-table.ts');
const { withGpuTable } = mod.default ?? mod;
const file = join(root, 'docs', 'cost-model.md');
const doc = readFileSync(file, 'utf8');
const next = withGpuTable(doc);
if (process.argv.includes('--check')) {
  if (next !== doc) { console.error('docs/cost-model.md: GPU table is stale; run node --import tsx scripts/gen-cost-doc.mjs'); process.exit(1); }
} else if (next !== doc) {
  writeFileSync(file, next);
  console.log('docs/cost-model.md: GPU table updated');
}
