// Text in, findings out: builds the program model for one file and runs the rules against a target GPU.
// The CLI calls analyzeText; the language server builds the model from its cached tree and calls runRules.
import { buildModelFromText } from '../model';
import type { ProgramModel } from '../model/types';
import type { GpuSpec } from '../cost/gpus';
import { runRules, RunOptions } from './run';
import type { Finding } from './types';

export interface Analysis { model: ProgramModel; findings: Finding[] }

export async function analyzeText(text: string, file: string, gpu: GpuSpec, options: RunOptions = {}): Promise<Analysis> {
  const model = await buildModelFromText(text, file);
  const findings = runRules({ model, text, gpu }, options);
  return { model, findings };
}
