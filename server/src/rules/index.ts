// The rule registry, sorted by id. Adding a rule: one file in this folder, one entry here, one doc in
// docs/rules/<id>.md and one test table in test/rules/<id>.test.ts (the meta-tests check all four).
import type { Rule } from './types';
import { rule as hostSyncInLoop } from './host-sync-in-loop';
import { rule as launchBlockSize } from './launch-block-size';
import { rule as launchGridTooSmall } from './launch-grid-too-small';
import { rule as launchInLoop } from './launch-in-loop';
import { rule as occupancyLimiter } from './occupancy-limiter';
import { rule as missingRestrict } from './missing-restrict';
import { rule as scalarLoads } from './scalar-loads';
import { rule as sharedBankConflict } from './shared-bank-conflict';
import { rule as uncoalescedGlobalAccess } from './uncoalesced-global-access';
import { rule as sharedReductionTail } from './shared-reduction-tail';
import { rule as naiveGemm } from './naive-gemm';
import { rule as divergentBarrier } from './divergent-barrier';
import { rule as fusableKernels } from './fusable-kernels';
import { rule as missingBoundsCheck } from './missing-bounds-check';
import { rule as registerSpill } from './register-spill';
import { rule as sharedRace } from './shared-race';
import { rule as uncheckedCudaCall } from './unchecked-cuda-call';
import { rule as threePassSoftmax } from './three-pass-softmax';
import { rule as globalAtomicContention } from './global-atomic-contention';
import { rule as warpDivergence } from './warp-divergence';
import { rule as fp64OnConsumerGpu } from './fp64-on-consumer-gpu';

export const RULES: readonly Rule[] = [
  hostSyncInLoop,
  launchBlockSize,
  launchGridTooSmall,
  launchInLoop,
  occupancyLimiter,
  missingRestrict,
  scalarLoads,
  sharedBankConflict,
  uncoalescedGlobalAccess,
  sharedReductionTail,
  naiveGemm,
  divergentBarrier,
  fusableKernels,
  missingBoundsCheck,
  registerSpill,
  sharedRace,
  uncheckedCudaCall,
  threePassSoftmax,
  globalAtomicContention,
  warpDivergence,
  fp64OnConsumerGpu,
].sort((a: Rule, b: Rule) => a.id.localeCompare(b.id));

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
