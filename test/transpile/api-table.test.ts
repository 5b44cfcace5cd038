// Meta-tests: the mapping table and the runtime header agree, and docs/transpiler.md is up to date.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { API_TABLE } from '../../server/src/transpile/api-table';
import { runtimeHeader, standInHeaders } from '../../server/src/transpile/runtime/index';
import { renderTranspilerDocs } from '../../server/src/transpile/docs';

const header = [runtimeHeader(), ...standInHeaders().values()].join('\n');

describe('transpile: API table', () => {
  it('every row is defined by the runtime header', () => {
    const missing = API_TABLE.filter((r) => !r.name.startsWith('<') && !new RegExp(`\\b${r.name}\\s*\\(`).test(header));
    assert.deepStrictEqual(missing.map((r) => r.name), []);
  });

  it('every API function the header defines has a row', () => {
    const defined = new Set<string>();
    for (const m of header.matchAll(/\b(?:cudaError_t|CUresult|cublasStatus_t)\s+((?:cuda|cu|cublas)[A-Z]\w*)\s*\(/g)) defined.add(m[1]);
    const names = new Set(API_TABLE.map((r) => r.name));
    assert.deepStrictEqual([...defined].filter((n) => !names.has(n)), []);
  });

  it('docs/transpiler.md is generated from the table', () => {
    const file = path.join(__dirname, '..', '..', 'docs', 'transpiler.md');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), renderTranspilerDocs(), 'run: npx tsx scripts/gen-transpiler-docs.ts');
  });
});
