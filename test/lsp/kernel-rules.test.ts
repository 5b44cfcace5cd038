// The kernel rules through a real language-server session targeting an RTX 4090 (so that FP64 findings are
// warnings): each is published on its own sample with its id, documentation link and severity; the bank
// conflict points back at the array's declaration; and the three quick fixes (pad the tile, add
// __restrict__/const, add the f suffix) come back from codeAction/resolve as the edits `cuda-lens fix` makes.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, TextEdit as LspTextEdit } from 'vscode-languageserver-protocol';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { findRule } from '../../server/src/rules';
import { applyEdits, nonOverlapping } from '../../server/src/rules/edits';
import { LspSession } from './session';

const SAMPLES = path.resolve(__dirname, '..', '..', 'samples');
const GPU = 'rtx4090';
const uriOf = (name: string) => `file://${path.join(SAMPLES, name)}`;

/** LSP DiagnosticSeverity: 1 error, 2 warning, 3 information, 4 hint. */
const SEVERITY: Record<string, number> = {
  'uncoalesced-global-access': 2, 'shared-bank-conflict': 2, 'scalar-loads': 4, 'missing-restrict': 4, 'naive-gemm': 3,
  'shared-reduction-tail': 4, 'three-pass-softmax': 4, 'global-atomic-contention': 2, 'warp-divergence': 3, 'fp64-on-consumer-gpu': 2,
};

describe('kernel rules over LSP', function () {
  this.timeout(60000);
  let session: LspSession;
  before(async () => {
    session = new LspSession();
    await session.initialize({ targetGpu: GPU });
  });
  after(() => session.kill());

  it('publishes each kernel rule on its sample with code, docs link and severity', async () => {
    for (const [id, severity] of Object.entries(SEVERITY)) {
      const name = `${id}.cu`;
      const published = await session.open(uriOf(name), fs.readFileSync(path.join(SAMPLES, name), 'utf8'));
      const mine = published.diagnostics.filter((d) => d.code === id);
      assert.ok(mine.length > 0, `${id} not published on ${name}: ${published.diagnostics.map((d) => d.code).join(', ')}`);
      for (const d of mine) {
        assert.equal(d.severity, severity, `${id} severity`);
        assert.ok(d.codeDescription?.href.endsWith(`docs/rules/${id}.md`), d.codeDescription?.href);
      }
    }
  });

  it('relates the bank conflict to the shared array\'s declaration', () => {
    const d = session.diagnostics.get(uriOf('shared-bank-conflict.cu'))!.diagnostics.find((x) => x.code === 'shared-bank-conflict')!;
    assert.equal(d.relatedInformation?.[0].location.range.start.line, 8, '__shared__ float tile[TILE][TILE];');
  });

  for (const id of ['shared-bank-conflict', 'missing-restrict', 'fp64-on-consumer-gpu']) {
    it(`${id}: the quick fixes resolve to the edits of cuda-lens fix`, async () => {
      const name = `${id}.cu`;
      const file = path.join(SAMPLES, name);
      const text = fs.readFileSync(file, 'utf8');
      const uri = uriOf(name);
      const edits: LspTextEdit[] = [];
      for (const d of session.diagnostics.get(uri)!.diagnostics.filter((x) => x.code === id)) {
        const actions = await session.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] },
        }) as CodeAction[];
        const quick = actions.find((a) => !a.command && a.data !== undefined);
        assert.ok(quick, `no quick fix for ${id}: ${actions.map((a) => a.title).join(' | ')}`);
        const resolved = await session.connection.sendRequest('codeAction/resolve', quick) as CodeAction;
        edits.push(...(resolved.edit?.changes?.[uri] ?? []));
      }
      const viaLsp = applyEdits(text, nonOverlapping(edits.map((e) => [{ file, range: e.range, newText: e.newText }])));
      const rule = findRule(id)!;
      const ctx = { model: await buildModelFromText(text, file), text, gpu: getGpu(GPU) };
      const viaCli = applyEdits(text, nonOverlapping(rule.check(ctx).map((f) => rule.fix?.(f, ctx)[0]?.edits ?? [])));
      assert.notEqual(viaLsp, text);
      assert.equal(viaLsp, viaCli);
    });
  }
});
