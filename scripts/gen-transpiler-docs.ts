// Writes docs/transpiler.md from the translator's API table (run: npx tsx scripts/gen-transpiler-docs.ts).
import * as fs from 'fs';
import * as path from 'path';
import { renderTranspilerDocs } from '../server/src/transpile/docs';

const out = path.join(__dirname, '..', 'docs', 'transpiler.md');
fs.writeFileSync(out, renderTranspilerDocs());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
