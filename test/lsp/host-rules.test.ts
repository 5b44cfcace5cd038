// The launch/host/correctness rules through a real language-server session: their diagnostics carry the
// rule id, a documentation link, the rule's severity and related locations, and their quick fixes come
// back from codeAction/resolve with the same edits that `cuda-lens fix` applies.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Diagnostic, TextEdit as LspTextEdit } from 'vscode-languageserver-protocol';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { findRule } from '../../server/src/rules';
import { applyEdits, nonOverlapping } from '../../server/src/rules/edits';
import { LspSession } from './session';

const SAMPLES = path.resolve(__dirname, '..', '..', 'samples');
const uriOf = (name: string) => `file://${path.join(SAMPLES, name)}`;

/** What `cuda-lens fix --rule` would produce for the sample: the first fix of each finding. */
async function cliFixed(ruleId: string, file: string, text: string): Promise<string> {
  const rule = findRule(ruleId)!;
  const ctx = { model: await buildModelFromText(text, file), text, gpu: getGpu('h100-sxm') };
  return applyEdits(text, nonOverlapping(rule.check(ctx).map((f) => rule.fix?.(f, ctx)[0]?.edits ?? [])));
}

/** Applies LSP text edits (non-overlapping) to a text. */
function applyLsp(text: string, edits: LspTextEdit[]): string {
  return applyEdits(text, edits.map((e) => ({ file: '', range: e.range, newText: e.newText })));
}

describe('launch/host/correctness rules over LSP', function () {
  this.timeout(60000);
  let session: LspSession;
  before(async () => {
    session = new LspSession();
    await session.initialize({ targetGpu: 'h100-sxm' });
  });
  after(() => session.kill());

  it('publishes each rule on its sample with code, docs link and severity', async () => {
    const expected: Record<string, number> = {
      'divergent-barrier': 1, 'launch-block-size': 2, 'launch-in-loop': 2, 'host-sync-in-loop': 2, 'missing-bounds-check': 2,
      'shared-race': 2, 'fusable-kernels': 3, 'occupancy-limiter': 3, 'launch-grid-too-small': 3, 'unchecked-cuda-call': 4,
    };
    for (const [id, severity] of Object.entries(expected)) {
      const name = `${id}.cu`;
      const published = await session.open(uriOf(name), fs.readFileSync(path.join(SAMPLES, name), 'utf8'));
      const mine = published.diagnostics.filter((d) => d.code === id);
      assert.ok(mine.length > 0, `${id} not published on ${name}: ${published.diagnostics.map((d) => d.code).join(', ')}`);
      for (const d of mine) {
        assert.equal(d.source, 'cuda-lens');
        assert.equal(d.severity, severity, `${id} severity`);
        assert.ok(d.codeDescription?.href.endsWith(`docs/rules/${id}.md`), d.codeDescription?.href);
      }
    }
  });

  it('attaches the launch site and the loop as related information', async () => {
    const bounds = session.diagnostics.get(uriOf('missing-bounds-check.cu'))!.diagnostics.find((d) => d.code === 'missing-bounds-check')!;
    assert.equal(bounds.relatedInformation?.[0].location.range.start.line, 20, 'the launch that rounds the grid up');
    const loop = session.diagnostics.get(uriOf('launch-in-loop.cu'))!.diagnostics.find((d) => d.code === 'launch-in-loop')!;
    assert.equal(loop.relatedInformation?.[0].location.range.start.line, 18, 'the for loop');
  });

  for (const id of ['missing-bounds-check', 'unchecked-cuda-call']) {
    it(`${id}: the quick fix resolves to the same edits as cuda-lens fix`, async () => {
      const name = `${id}.cu`;
      const file = path.join(SAMPLES, name);
      const text = fs.readFileSync(file, 'utf8');
      const uri = uriOf(name);
      const diagnostics: Diagnostic[] = session.diagnostics.get(uri)!.diagnostics.filter((d) => d.code === id);
      let fixed = text;
      const edits: LspTextEdit[] = [];
      for (const d of diagnostics) {
        const actions = await session.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] },
        }) as CodeAction[];
        const titles = actions.map((a) => a.title);
        assert.ok(titles.includes(`Disable CUDA Lens rule ${id}`) && titles.includes(`Show documentation for ${id}`), titles.join(' | '));
        const quick = actions.find((a) => !a.command && a.data !== undefined);
        if (!quick) continue;
        const resolved = await session.connection.sendRequest('codeAction/resolve', quick) as CodeAction;
        const change = resolved.edit?.changes?.[uri];
        assert.ok(change && change.length > 0, `${quick.title} resolved without edits`);
        edits.push(...change);
      }
      fixed = applyLsp(text, edits);
      assert.equal(fixed, await cliFixed(id, file, text));
      assert.notEqual(fixed, text);
    });
  }
});
