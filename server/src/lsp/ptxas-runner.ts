// Runs ptxas (through nvcc) on open documents in trusted workspaces only, after the user pauses typing,
// and feeds its register and spill counts back into the analysis (occupancy, register-spill), then asks
// for fresh diagnostics and hints. Untrusted workspaces never start a compiler.
import { ptxasResources, resourcesByKernel } from '../cost/ptxas';
import type { KernelResources } from '../rules/types';
import { uriToPath } from './uri';
import { Workspace, describe } from './workspace';

export class PtxasRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly workspace: Workspace, private readonly onUpdated: (uri: string) => void,
    private readonly log: (message: string) => void, private readonly delayMs = 1500) {}

  schedule(uri: string): void {
    if (!this.workspace.trusted) return;
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      void this.run(uri);
    }, this.delayMs));
  }

  cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }

  private async run(uri: string): Promise<void> {
    const entry = this.workspace.trees.get(uri);
    if (!entry) return;
    const text = entry.text;
    const gpu = this.workspace.targetGpu();
    try {
      const result = await ptxasResources(uriToPath(uri), text, gpu, { nvccPath: this.workspace.settings.nvccPath || undefined });
      if (result.error) this.log(`ptxas on ${uri}: ${result.error}`);
      if (!result.kernels.length) return;
      const byKernel = new Map<string, KernelResources>(resourcesByKernel(result));
      if (this.workspace.trees.get(uri)?.text !== text) return; // edited meanwhile: the next run covers it
      this.workspace.setResources(uri, text, gpu.id, byKernel);
      this.onUpdated(uri);
    } catch (error) {
      this.log(`ptxas on ${uri} failed: ${describe(error)}`);
    }
  }
}
