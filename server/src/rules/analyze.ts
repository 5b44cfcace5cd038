// Text in, findings out: builds the program model for one file and runs the rules against a target GPU.
// The CLI calls analyzeText; the language server builds the model from its cached tree and calls runRules.
import { buildModelFromText } from '../model';
import type { ProgramModel } from '../model/types';
import type { GpuSpec } from '../cost/gpus';
import { runRules, RunOptions } from './run';
import type { Finding, KernelResources } from './types';

export interface Analysis { model: ProgramModel; findings: Finding[] }

/** `resources`: ptxas register and spill counts by kernel name, when nvcc ran (register-spill reads them). */
export async function analyzeText(text: string, file: string, gpu: GpuSpec, options: RunOptions = {},
  resources?: Map<string, KernelResources>): Promise<Analysis> {
  const model = await buildModelFromText(text, file);
  const findings = runRules({ model, text, gpu, resources }, options);
  return { model, findings };
}
