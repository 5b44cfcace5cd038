// Every rewrite, by id. The rule-attached ones are reached through their rule's fix(); all are reachable
// by id for the preview request, the bench script and the tests.
import { blockSize } from './block-size';
import { cudaGraph } from './cuda-graph';
import { fuseKernels } from './fuse-kernels';
import { gridStride } from './grid-stride';
import { onlineSoftmax } from './online-softmax';
import { padShared } from './pad-shared';
import { tileGemm } from './tile-gemm';
import { vectorizeElementwise } from './vectorize-elementwise';
import { vectorizeLoads } from './vectorize-loads';
import { warpShuffleTail } from './warp-shuffle-tail';
import type { Rewrite } from './types';

export const REWRITES: readonly Rewrite[] = [blockSize, cudaGraph, fuseKernels, gridStride, onlineSoftmax, padShared, tileGemm, vectorizeElementwise, vectorizeLoads, warpShuffleTail];

export function findRewrite(id: string): Rewrite | undefined {
  return REWRITES.find((r) => r.id === id);
}
