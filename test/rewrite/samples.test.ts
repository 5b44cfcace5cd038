// The heart of the rewrite checks: for every rewrite sample, the rewrite is applied the way an editor
// applies it (code action from the language server over stdio, resolved lazily), then (a) the result
// compiles with `nvcc -c` and (b) its CPU translation prints PASS and exactly the original's output.
// Rule-carried rewrites are also applied with `cuda-lens fix --rule ID`, which must give the same text.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspSession, SERVER } from '../lsp/session';
import { gainRatio } from '../../server/src/rewrite/gain';
import {
  MANIFEST, REWRITE_SAMPLES, applyAction, available, cliFix, nvccCompiles, nvccCompilesIn, rewriteActions, translatedOutput,
} from './verify';

/** Words each rewrite's action title starts with, to pick it among the actions at the position. */
const TITLE: Record<string, RegExp> = {
  'fuse-kernels': /^Fuse /, 'tile-gemm': /^Tile with /, 'cuda-graph': /^Capture the loop/, 'pad-shared': /^Pad \w+ to /,
  'vectorize-loads': /^Load and store float4/, 'warp-shuffle-tail': /^Finish the reduction with warp shuffles/,
  'online-softmax': /^Compute max and sum in one online pass/, 'grid-stride': /^Convert \w+ to a grid-stride loop/,
  'block-size': /^Use \d+-thread blocks/, 'vectorize-elementwise': /^Process four elements per float4 access/,
};

describe('rewrites on their samples: LSP code action, nvcc -c, same CPU output', function () {
  this.timeout(900000);
  let session: LspSession;
  let tmp = '';
  let tools = false;
  before(async function () {
    if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run "npm run build" first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-rewrites-'));
    tools = (await available('nvcc')) && (await available('g++'));
    session = new LspSession();
    await session.initialize();
  });
  after(async () => {
    await session?.shutdown();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const entry of MANIFEST) {
    describe(`${entry.rewrite} (${entry.file})`, () => {
      const file = path.join(REWRITE_SAMPLES, entry.file);
      const original = fs.readFileSync(file, 'utf8');
      let rewritten = '';
      let title = '';

      it('is offered at the site with its predicted gain, and applies', async () => {
        const actions = await rewriteActions(session, file, original, entry.at);
        const action = actions.find((a) => TITLE[entry.rewrite].test(a.title));
        assert.ok(action, `no ${entry.rewrite} action; offered: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
        title = action.title;
        assert.match(title, / — est\. ≈?\d+(\.\d+)?× on H100 SXM/);
        assert.ok(gainRatio(title) >= 1, `gain below 1 in "${title}"`);
        rewritten = await applyAction(session, file, original, action);
        assert.notEqual(rewritten, original);
      });

      it('compiles with nvcc -c', async function () {
        if (!tools || !rewritten) this.skip();
        await nvccCompiles(rewritten, entry.file, path.join(tmp, entry.rewrite));
      });

      it('prints PASS and the same output as the original in its CPU translation', async function () {
        if (!tools || !rewritten) this.skip();
        const dir = path.join(tmp, entry.rewrite, 'cpu');
        // Translate from the sample's own folder so its relative include resolves.
        const before = await translatedOutput(original, file, path.join(dir, 'before'));
        const afterOut = await translatedOutput(rewritten, file, path.join(dir, 'after'));
        assert.match(before, /: PASS/);
        assert.equal(afterOut, before);
      });

      if (entry.rule) {
        it(`is what \`cuda-lens fix --rule ${entry.rule}\` writes`, async function () {
          if (!rewritten) this.skip();
          const fixed = await cliFix(file, entry.rule!, tmp);
          if (entry.rule === 'shared-bank-conflict') {
            // The rule's own padding quick fix comes first and makes the same change.
            assert.match(fixed, /\[TILE\]\[TILE \+ 1\]/);
          } else {
            assert.equal(fixed, rewritten);
          }
        });
      }
    });
  }
});

/** The rules' own samples (samples/<rule>.cu, written for the detectors): the rewrite each rule carries
 *  must apply there too, from the command line, with the same checks. */
const RULE_SAMPLES = ['fusable-kernels', 'launch-in-loop', 'naive-gemm', 'scalar-loads', 'shared-reduction-tail', 'three-pass-softmax'];

describe('rewrites on the rules\' samples via cuda-lens fix: nvcc -c, same CPU output', function () {
  this.timeout(900000);
  let tmp = '';
  let tools = false;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-rule-rewrites-'));
    tools = (await available('nvcc')) && (await available('g++'));
  });
  after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  for (const rule of RULE_SAMPLES) {
    it(`${rule}: the rewrite applies, compiles and computes the same`, async function () {
      const file = path.join(REWRITE_SAMPLES, '..', `${rule}.cu`);
      if (!fs.existsSync(file)) this.skip();
      const original = fs.readFileSync(file, 'utf8');
      const fixed = await cliFix(file, rule, tmp);
      assert.notEqual(fixed, original, `cuda-lens fix --rule ${rule} changed nothing`);
      if (!tools) return;
      const dir = path.join(tmp, rule);
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(path.join(REWRITE_SAMPLES, '..', 'sample_check.h'), path.join(dir, 'sample_check.h'));
      fs.writeFileSync(path.join(dir, `${rule}.cu`), fixed);
      await nvccCompilesIn(dir, `${rule}.cu`);
      const before = await translatedOutput(original, file, path.join(dir, 'before'));
      const afterOut = await translatedOutput(fixed, file, path.join(dir, 'after'));
      assert.match(before, /: PASS/);
      assert.equal(afterOut, before);
    });
  }
});
