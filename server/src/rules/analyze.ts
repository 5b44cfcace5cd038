// Text in, findings out: builds the program model for one file and runs the rules against a target GPU.
// The CLI calls analyzeText; the language server builds the model from its cached tree and calls runRules.
import { buildDetachedModel, buildModelFromText } from '../model';
import { loadCudaLanguage, parseText, type SyntaxTree } from '../parse/grammar';
import type { ProgramModel } from '../model/types';
import type { GpuSpec } from '../cost/gpus';
import { runRules, RunOptions } from './run';
import type { Finding, KernelResources } from './types';

export interface Analysis { model: ProgramModel; findings: Finding[] }

/** `resources`: ptxas register and spill counts by kernel name, when nvcc ran (register-spill reads them). */
export async function analyzeText(text: string, file: string, gpu: GpuSpec, options: RunOptions = {},
  resources?: Map<string, KernelResources>): Promise<Analysis> {
  await loadCudaLanguage();
  // One parse serves the model and the rules that read syntax; the model keeps no nodes, so it outlives it.
  let tree: SyntaxTree;
  try {
    tree = parseText(text);
  } catch {
    const model = await buildModelFromText(text, file); // an empty model, as for any text it cannot read
    return { model, findings: runRules({ model, text, gpu, resources }, options) };
  }
  try {
    const model = buildDetachedModel(tree, text, file);
    const findings = runRules({ model, text, gpu, resources, tree }, options);
    return { model, findings };
  } finally {
    tree.delete();
  }
}
