// Optional LLM rewrites against a local HTTP server that plays an OpenAI-compatible endpoint with fixed
// completions: a correct kernel is offered (after nvcc -c and the CPU-translation comparison), a wrong,
// a non-compiling or a malformed one is refused with the reason, and nothing is sent when the endpoint is
// not set.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { loadCudaLanguage } from '../../server/src/parse/grammar';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { proposeLlmRewrite } from '../../server/src/rewrite/llm';
import { applyEdits } from '../../server/src/rewrite';
import { isFix } from '../../server/src/rewrite/types';
import { pathToFileURL } from 'url';
import { LlmRewriteRequest } from '../../server/src/lsp/protocol';
import { LspSession } from '../lsp/session';
import { REWRITE_SAMPLES, available, positionOf } from './verify';

const FILE = path.join(REWRITE_SAMPLES, 'grid_stride.cu');
const TEXT = fs.readFileSync(FILE, 'utf8');

const GOOD = `__global__ void squash(const float* x, float* y, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    const float v = x[i];
    y[i] = v / (1.0f + fabsf(v));
  }
}`;
const fenced = (code: string) => `Here is a faster kernel:\n\n\`\`\`cuda\n${code}\n\`\`\`\n`;

describe('LLM rewrites against a local endpoint', function () {
  this.timeout(600000);
  let server: http.Server;
  let endpoint = '';
  let reply = '';
  const received: { auth?: string; body: { model: string; messages: { content: string }[] } }[] = [];
  let tools = false;

  before(async () => {
    await loadCudaLanguage();
    tools = (await available('nvcc')) && (await available('g++'));
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: reply } }] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function propose(answer: string, overrides: Partial<{ endpoint: string; trusted: boolean; apiKey: string }> = {}) {
    reply = answer;
    const ctx = { model: await buildModelFromText(TEXT, FILE), text: TEXT, gpu: getGpu('h100-sxm') };
    return proposeLlmRewrite(ctx, positionOf(TEXT, 'y[i] = x[i]'), { endpoint, model: 'test-model', trusted: true, ...overrides });
  }

  it('sends nothing while the endpoint is not set', async () => {
    const count = received.length;
    const r = await propose(fenced(GOOD), { endpoint: '' });
    assert.ok(!isFix(r));
    assert.match(r.notOffered, /LLM rewrites are off/);
    assert.equal(received.length, count);
  });

  it('offers a verified kernel, with the kernel and model in the request and the key as a bearer token', async function () {
    if (!tools) this.skip();
    const r = await propose(fenced(GOOD), { apiKey: 'secret-123' });
    assert.ok(isFix(r), `refused: ${'notOffered' in r ? r.notOffered : ''}`);
    assert.match(r.title, /^LLM rewrite of squash \(verified: nvcc -c, same CPU output\) — est\./);
    assert.match(applyEdits(TEXT, r.edits), /const float v = x\[i\];/);
    const last = received[received.length - 1];
    assert.equal(last.auth, 'Bearer secret-123');
    assert.equal(last.body.model, 'test-model');
    assert.match(last.body.messages[1].content, /y\[i\] = x\[i\] \/ \(1\.0f \+ fabsf\(x\[i\]\)\)/);
  });

  it('refuses a kernel whose CPU translation prints different output', async function () {
    if (!tools) this.skip();
    const wrong = GOOD.replace('v / (1.0f + fabsf(v))', 'v');
    const r = await propose(fenced(wrong));
    assert.ok(!isFix(r));
    assert.match(r.notOffered, /failed verification: the rewritten program's CPU translation prints different output/);
  });

  it('refuses a kernel that does not compile', async function () {
    if (!tools) this.skip();
    const r = await propose(fenced(GOOD.replace('const float v', 'const flot v')));
    assert.ok(!isFix(r));
    assert.match(r.notOffered, /failed verification: nvcc -c failed/);
  });

  it('refuses an answer that does not define the kernel', async () => {
    const r = await propose(fenced(GOOD.replace('squash', 'squash2')));
    assert.ok(!isFix(r));
    assert.match(r.notOffered, /does not define the kernel `squash`/);
  });

  it('refuses to run compilers in an untrusted workspace', async () => {
    const r = await propose(fenced(GOOD), { trusted: false });
    assert.ok(!isFix(r));
    assert.match(r.notOffered, /trusted workspaces/);
  });
});

describe('cudaLens/llmRewrite over LSP', function () {
  this.timeout(60000);
  it('answers with the reason and an unchanged text when it cannot offer a rewrite', async () => {
    const session = new LspSession();
    try {
      await session.initialize();
      const uri = pathToFileURL(FILE).toString();
      await session.open(uri, TEXT);
      const at = positionOf(TEXT, 'y[i] = x[i]');
      const off = (await session.connection.sendRequest(LlmRewriteRequest, { uri, ...at, endpoint: '', model: '' })) as { title: string; before: string; after: string };
      assert.match(off.title, /^No LLM rewrite offered: LLM rewrites are off/);
      // The test session does not mark the workspace trusted, so no compiler may run.
      const untrusted = (await session.connection.sendRequest(LlmRewriteRequest, { uri, ...at, endpoint: 'http://127.0.0.1:9/v1', model: 'm' })) as { title: string; before: string; after: string };
      assert.match(untrusted.title, /trusted workspaces/);
      assert.equal(untrusted.after, untrusted.before);
    } finally {
      await session.shutdown();
    }
  });
});
