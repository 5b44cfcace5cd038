// Writes a translation to disk: the main C++ file and everything it needs (runtime header, CUDA header
// stand-ins, translated local headers) into one folder, which is what the g++ command of the transpile
// contract expects. Shared by the CLI, the rewrite verifier and the tests.
import * as fs from 'fs';
import * as path from 'path';
import type { TranspileOutput } from './index';

/** Writes every file of `output` under `dir` (created if needed); returns the main file's path. */
export function writeTranslation(output: TranspileOutput, dir: string): string {
  for (const f of [output.main, ...output.extra]) {
    const target = path.join(dir, f.name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.content);
  }
  return path.join(dir, output.main.name);
}
