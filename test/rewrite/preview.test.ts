// cudaLens/previewOptimization over a real stdio session: the server returns the document before and after
// the rewrite at the cursor (what the client shows as a diff before applying), with the gain in the title,
// and explains why when nothing is offered.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspSession } from '../lsp/session';
import { PreviewOptimizationRequest, PreviewOptimizationResult } from '../../server/src/lsp/protocol';
import { REWRITE_SAMPLES, positionOf } from './verify';

describe('Preview Optimization request', function () {
  this.timeout(60000);
  let session: LspSession;
  const file = path.join(REWRITE_SAMPLES, 'tile_gemm.cu');
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  before(async () => {
    session = new LspSession();
    await session.initialize();
    await session.open(uri, text);
  });
  after(async () => { await session?.shutdown(); });

  const preview = (at: string, ruleId?: string) => session.connection.sendRequest(PreviewOptimizationRequest,
    { uri, ...positionOf(text, at), ruleId }) as Promise<PreviewOptimizationResult>;

  it('returns the tiled GEMM rewrite with its predicted gain', async () => {
    const r = await preview('for (int k = 0', 'naive-gemm');
    assert.match(r.title, /^Tile with \d+×\d+ shared tiles.* — est\. [\d.]+× on H100 SXM/);
    assert.equal(r.before, text);
    assert.notEqual(r.after, text);
    assert.match(r.after, /__global__ void matmul_tiled\d+/);
    assert.match(r.after, /matmul_tiled\w*<<<dim3\(/);
  });

  it('says why nothing is offered where no rewrite applies', async () => {
    const r = await preview('int main()');
    assert.match(r.title, /^No optimization offered here\./);
    assert.match(r.title, /tile-gemm: /);
    assert.equal(r.after, r.before);
  });
});
