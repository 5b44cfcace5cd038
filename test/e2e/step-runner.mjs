// Runs the end-to-end steps in order, one PNG screenshot per step. A passing step's screenshot goes to the
// screenshots folder the README shows; a failing step's goes to the run's output folder and the failure
// names the step and the screenshot. Steps after a failure still run (each one opens what it needs), so
// one missing feature does not hide the state of the others.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export class StepFailure extends Error {
  constructor(step, screenshot, cause) {
    super(`step "${step}" failed: ${cause?.message ?? cause}\n  screenshot: ${screenshot}`);
    this.step = step;
    this.screenshot = screenshot;
  }
}

function slug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * @param {import('playwright-core').Page} page
 * @param {{ name: string, file?: string, run: (ctx: object) => Promise<void>, recover?: (ctx: object) => Promise<void> }[]} steps
 * @param {{ screenshotsDir: string, failuresDir: string, root: string, context: object, only?: RegExp }} options
 */
export async function runSteps(page, steps, { screenshotsDir, failuresDir, root, context, only }) {
  mkdirSync(screenshotsDir, { recursive: true });
  mkdirSync(failuresDir, { recursive: true });
  const results = [];
  for (const [index, step] of steps.entries()) {
    if (only && !only.test(step.name)) continue;
    const base = step.file ?? `${String(index + 1).padStart(2, '0')}-${slug(step.name)}`;
    const started = Date.now();
    process.stdout.write(`  ${index + 1}. ${step.name} ... `);
    const shot = join(screenshotsDir, `${base}.png`);
    let snapped = false;
    const stepContext = {
      ...context,
      // The step's screenshot at a moment the step picks (when its end state shows less than a middle one).
      snap: async () => {
        await page.screenshot({ path: shot });
        snapped = true;
      },
      // An extra screenshot beside the step's own, e.g. a menu that closes before the step ends.
      extraShot: (suffix) => page.screenshot({ path: join(screenshotsDir, `${base}-${suffix}.png`) }),
    };
    try {
      await step.run(stepContext);
      if (!snapped) await page.screenshot({ path: shot });
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`ok (${seconds.toFixed(1)} s) -> ${relative(root, shot)}\n`);
      results.push({ name: step.name, ok: true, seconds, screenshot: shot });
    } catch (error) {
      const failedShot = join(failuresDir, `${base}.failed.png`);
      await page.screenshot({ path: failedShot }).catch(() => undefined);
      const failure = new StepFailure(step.name, relative(root, failedShot), error);
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`FAILED (${seconds.toFixed(1)} s)\n    ${failure.message.replace(/\n/g, '\n    ')}\n`);
      results.push({ name: step.name, ok: false, seconds, screenshot: failedShot, error: failure });
      await step.recover?.(context).catch(() => undefined);
    }
  }
  return results;
}
