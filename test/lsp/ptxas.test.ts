// The ptxas path over LSP with the real nvcc: in a trusted workspace the server compiles the open file,
// reads register and spill counts and reports register-spill; in an untrusted one it never runs nvcc.
import { strict as assert } from 'assert';
import { LspSession } from './session';

// __launch_bounds__(1024, 2) caps registers at 32 per thread; 48 live accumulators cannot fit, so ptxas
// spills (measured with nvcc 13 for sm_90: 324 bytes of spill stores).
const SPILLING = `
__global__ void __launch_bounds__(1024, 2) heavy(const float* __restrict__ in, float* __restrict__ out, int n) {
  float acc[48];
#pragma unroll
  for (int j = 0; j < 48; ++j) acc[j] = in[j * n + threadIdx.x];
  for (int it = 0; it < n; ++it) {
#pragma unroll
    for (int j = 0; j < 48; ++j) acc[j] = acc[j] * acc[(j + 1) % 48] + in[it];
  }
  float s = 0.0f;
#pragma unroll
  for (int j = 0; j < 48; ++j) s += acc[j];
  out[threadIdx.x] = s;
}
`;

describe('ptxas over LSP (real nvcc)', () => {
  it('reports register-spill in a trusted workspace', async () => {
    const session = new LspSession();
    try {
      await session.initialize({ targetGpu: 'h100-sxm' }, { trusted: true });
      const uri = 'file:///virtual/spill.cu';
      const waiting = session.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'register-spill'), 45000);
      await session.open(uri, SPILLING);
      const published = await waiting;
      const spill = published.diagnostics.find((d) => d.code === 'register-spill')!;
      assert.match(spill.message, /heavy/);
      assert.match(spill.message, /spill/i);
    } finally {
      session.kill();
    }
  });

  it('never reports register-spill (never runs nvcc) when the workspace is untrusted', async () => {
    const session = new LspSession();
    try {
      await session.initialize({ targetGpu: 'h100-sxm' }, { trusted: false });
      const uri = 'file:///virtual/spill.cu';
      const first = await session.open(uri, SPILLING);
      assert.ok(!first.diagnostics.some((d) => d.code === 'register-spill'));
      // The trusted run above publishes a second time within a few seconds; give the untrusted server the
      // same chance and require that it publishes nothing new.
      await assert.rejects(session.waitForDiagnostics(uri, () => true, 4000));
    } finally {
      session.kill();
    }
  });
});
