// Where M, N, K, the batch count and the data type sit in the argument lists of cuBLAS and cuBLASLt GEMM
// entry points (cuBLAS Library User Guide, sections "cublas<t>gemm()", "cublas<t>gemmBatched()",
// "cublas<t>gemmStridedBatched()", "cublasGemmEx()", "cublasGemmBatchedEx()",
// "cublasGemmStridedBatchedEx()", "cublasLtMatmul()"). Argument positions are 0-based.
import type { GemmCall } from './types';

export type GemmDtype = GemmCall['dtype'];

export interface GemmSignature {
  m: number; n: number; k: number;
  batch?: number;
  /** Fixed element type from the entry point's letter (S, D, H). */
  dtype?: GemmDtype;
  /** Argument holding A's cudaDataType_t (Ex variants). */
  aType?: number;
  /** Argument holding the cublasComputeType_t (Ex variants). */
  computeType?: number;
}

const LETTER: Record<string, GemmDtype> = { S: 'fp32', D: 'fp64', H: 'fp16', C: 'fp32', Z: 'fp64' };

/** Signature for a cuBLAS GEMM name (with `_v2`/`_64` suffixes stripped), or undefined. */
export function gemmSignature(rawName: string): GemmSignature | undefined {
  const name = rawName.replace(/(_v2)?(_64)?$/, '');
  let m: RegExpMatchArray | null;
  if ((m = name.match(/^cublas([SDHCZ])gemm$/))) return { m: 3, n: 4, k: 5, dtype: LETTER[m[1]] };
  if ((m = name.match(/^cublas([SDHCZ])gemmBatched$/))) return { m: 3, n: 4, k: 5, batch: 14, dtype: LETTER[m[1]] };
  if ((m = name.match(/^cublas([SDHCZ])gemmStridedBatched$/))) return { m: 3, n: 4, k: 5, batch: 17, dtype: LETTER[m[1]] };
  if (name === 'cublasSgemmEx' || name === 'cublasCgemmEx') return { m: 3, n: 4, k: 5, aType: 8 };
  if (name === 'cublasGemmEx') return { m: 3, n: 4, k: 5, aType: 8, computeType: 17 };
  if (name === 'cublasGemmBatchedEx') return { m: 3, n: 4, k: 5, batch: 17, aType: 8, computeType: 18 };
  if (name === 'cublasGemmStridedBatchedEx') return { m: 3, n: 4, k: 5, batch: 20, aType: 8, computeType: 21 };
  return undefined;
}

export function isLtMatmul(name: string): boolean {
  return name === 'cublasLtMatmul';
}

/** Element type from a cudaDataType_t and (optionally) a compute type such as CUBLAS_COMPUTE_32F_FAST_TF32. */
export function dtypeFrom(dataType: string | undefined, computeType?: string): GemmDtype {
  const c = computeType ?? '';
  if (/TF32/.test(c)) return 'tf32';
  const t = dataType ?? '';
  if (/8F_E[45]M[23]/.test(t)) return 'fp8';
  if (/16BF/.test(t)) return 'bf16';
  if (/16F/.test(t)) return 'fp16';
  if (/32F/.test(t)) return /FAST_16F/.test(c) ? 'fp16' : /FAST_16BF/.test(c) ? 'bf16' : 'fp32';
  if (/64F/.test(t)) return 'fp64';
  return 'unknown';
}

/** cuBLASLt argument positions: A's layout, B's layout and C's layout descriptors. */
export const LT_MATMUL = { computeDesc: 1, aDesc: 4, bDesc: 6, cDesc: 9 };
