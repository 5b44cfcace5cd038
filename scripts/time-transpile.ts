// Times the translator on one file in-process (after one warm-up run that loads the grammar), for
// bench-transpile.mjs: prints the best of five runs in milliseconds, wall clock and CPU time (the CPU time
// is the steadier number on a machine shared with other jobs).
import * as fs from 'fs';
import { transpileText } from '../server/src/transpile/index';

(async () => {
  const file = process.argv[2];
  const text = fs.readFileSync(file, 'utf8');
  await transpileText(text, file);
  let best = Infinity;
  let bestCpu = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    await transpileText(text, file);
    const c = process.cpuUsage(c0);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  console.log(`${best.toFixed(1)} ms wall, ${bestCpu.toFixed(1)} ms CPU`);
})();
