// Times the translator on one file in-process (after one warm-up run that loads the grammar), for
// bench-transpile.mjs: prints the best of five runs in milliseconds.
import * as fs from 'fs';
import { transpileText } from '../server/src/transpile/index';

(async () => {
  const file = process.argv[2];
  const text = fs.readFileSync(file, 'utf8');
  await transpileText(text, file);
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    await transpileText(text, file);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(best.toFixed(1));
})();
