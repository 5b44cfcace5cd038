// The CUDA program model: plain data built from the syntax tree, read by rules, the cost model, rewrites
// and the LSP features. No tree-sitter or LSP types leak out except `node` handles documented as such.
import type { SyntaxNode } from '../parse/grammar';

/** Zero-based position; `character` counts UTF-16 code units (as LSP does). */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A source span with the file it belongs to (headers are followed, so spans may be in other files). */
export interface Located { file: string; range: Range }

/**
 * An index expression as a sum of monomials: coefficient times a product of symbols.
 * Symbols: `threadIdx.x|y|z`, `blockIdx.*`, `blockDim.*`, `gridDim.*`, loop variables and kernel
 * parameters by name. `a[blockIdx.x * blockDim.x + threadIdx.x]` is
 * [{coef:1, vars:['blockDim.x','blockIdx.x']}, {coef:1, vars:['threadIdx.x']}]. Vars are sorted.
 */
export interface Monomial { coef: number; vars: string[] }
export interface AffineForm { terms: Monomial[]; constant: number }

export type MemorySpace = 'global' | 'shared' | 'constant' | 'local' | 'unknown';

export interface MemoryAccess extends Located {
  /** Array or pointer name as written (`a`, `tile`). */
  array: string;
  space: MemorySpace;
  isWrite: boolean;
  /** Also read (compound assignment, ++). */
  isRead: boolean;
  /** One form per subscript (`tile[ty][tx]` has two); undefined where not affine. */
  indices: (AffineForm | undefined)[];
  /** Index expressions as written, one per subscript. */
  indexTexts: string[];
  /** Element type as declared (`float`, `float4`, `int`), if known. */
  elementType?: string;
  /** Element size in bytes when known. */
  elementBytes?: number;
  /** Enclosing loops inside the kernel, outermost first. */
  loops: KernelLoop[];
  /** Not filled by the model builder: accesses are reused across edits (see model/function-cache.ts), so
   *  they outlive trees. Find the node from `range` in the current tree when one is needed. */
  node?: SyntaxNode;
  /** Conditions around the access inside the kernel, outermost first (bounds checks live here). */
  guards?: Guard[];
  /** The address is the first argument of an atomic (`atomicAdd(&a[i], v)` or `atomicAdd(total, v)`). */
  atomic?: boolean;
  /** For a local pointer derived from another array (`const float* xr = x + row * cols; xr[c]`): the
   *  array it points into and the offset, so `x[baseOffset + index]` is the address. */
  baseArray?: string;
  baseOffset?: AffineForm;
}

export interface KernelLoop extends Located {
  variable?: string;
  /** Resolved start, bound and step when constant or affine; text otherwise. */
  init?: AffineForm;
  bound?: AffineForm;
  boundText?: string;
  step?: number;
  tripCount?: number;
  /** The loop's body contains a __syncthreads() (directly or nested). */
  hasBarrier: boolean;
  headerRange: Range;
  kind?: 'for' | 'while' | 'do';
  conditionText?: string;
  /** How the variable changes per iteration: `+` with `stepForm` for `i += blockDim.x * gridDim.x`,
   *  `>>`/`/`/`*`/`<<` with `step` for halving or doubling strides. `step` is set for constant amounts. */
  stepOp?: '+' | '-' | '*' | '/' | '<<' | '>>';
  stepForm?: AffineForm;
  /** `for (i = <global thread id>; i < n; i += blockDim.x * gridDim.x)`. */
  gridStride?: boolean;
  /** Start, bound or step depend on threadIdx (threads of a block run different iteration counts). */
  threadDependent?: boolean;
}

export interface SharedArray extends Located {
  name: string;
  elementType: string;
  elementBytes?: number;
  /** Static dimensions, outermost first; undefined entries where not constant. */
  dims: (number | undefined)[];
  /** Dimension expressions as written (`TILE`, `BLOCK + 2 * RADIUS`), to resolve template-parameter sizes
   *  per launch with `LaunchSite.templateBindings`. */
  dimTexts?: string[];
  isExtern: boolean;
  /** Total bytes when static and known. */
  bytes?: number;
}

export interface Barrier extends Located {
  kind: '__syncthreads' | '__syncwarp' | 'cg.sync' | 'other';
  /** Conditions (text) of the if/loops that enclose the barrier inside the kernel, outermost first. */
  guards: Guard[];
  /** Enclosing loops inside the kernel, outermost first. */
  loops?: KernelLoop[];
}

export interface Guard extends Located {
  kind: 'if' | 'else' | 'for' | 'while' | 'do' | 'switch' | 'ternary';
  conditionText: string;
  /** Condition depends on threadIdx (directly or through a local derived from it). */
  threadDependent: boolean;
}

export interface IntrinsicCall extends Located {
  name: string;
  args: string[];
  guards: Guard[];
  loops: KernelLoop[];
}

export interface Param extends Located {
  name: string;
  type: string;
  isPointer: boolean;
  isConst: boolean;
  isRestrict: boolean;
  /** Pointee type for pointers (`float` for `const float* __restrict__ a`). */
  baseType: string;
}

export interface FunctionInfo extends Located {
  name: string;
  nameRange: Range;
  kind: 'kernel' | 'device' | 'host' | 'host-device';
  params: Param[];
  templateParams: string[];
  /** `__launch_bounds__(maxThreads, minBlocks)` when present. */
  launchBounds?: { maxThreads?: number; minBlocks?: number };
  bodyRange?: Range;
  node?: SyntaxNode;
  /** Default values of non-type template parameters (`template <int BLOCK = 256>`). */
  templateDefaults?: Record<string, string>;
  /** Device-side analysis of the body, for device and host-device functions (kernels carry it inline). */
  body?: KernelBody;
}

/** What the model extracts from a device-code body. */
export interface KernelBody {
  sharedArrays: SharedArray[];
  barriers: Barrier[];
  accesses: MemoryAccess[];
  loops: KernelLoop[];
  /** Atomics (atomicAdd, ...), warp intrinsics (__shfl_*, __ballot_sync), math calls, other calls. */
  atomics: IntrinsicCall[];
  warpIntrinsics: IntrinsicCall[];
  calls: IntrinsicCall[];
  /** Early `return` statements with their guards. */
  returns: { range: Range; guards: Guard[] }[];
  /** Local variable names whose value depends on threadIdx. */
  threadDependentLocals: string[];
}

export interface Kernel extends FunctionInfo, KernelBody {
  kind: 'kernel';
}

export interface Dim3 {
  text: string;
  x?: number; y?: number; z?: number;
  /** x*y*z when all known. */
  total?: number;
}

export interface HostLoop extends Located {
  kind: 'for' | 'while' | 'do' | 'range-for';
  headerRange: Range;
  variable?: string;
  tripCount?: number;
}

export interface LaunchSite extends Located {
  kernelName: string;
  /** The kernel if found in this file or an included header. */
  kernel?: Kernel;
  templateArgs: string[];
  grid: Dim3;
  block: Dim3;
  sharedBytes?: number;
  sharedText?: string;
  stream?: string;
  /** Kernel arguments as written; `value` when the argument is a constant at the launch (problem sizes
   *  such as `n` for `const int n = 1 << 20`). */
  args: { text: string; range: Range; value?: number }[];
  /** Host loops around the launch, outermost first. */
  hostLoops: HostLoop[];
  enclosingFunction?: string;
  /** Range of the `<<<...>>>` part. */
  configRange: Range;
  /** Kernel template parameters bound to numbers at this launch (`k<float, 256>` -> {BLOCK: 256}). */
  templateBindings?: Record<string, number>;
  /** Static shared memory of the launched kernel for this instantiation, when every size is known. */
  staticSharedBytes?: number;
  /** Inside a macro invocation such as KERNEL_CHECK(k<<<g, b>>>(...)). */
  wrappingMacro?: string;
}

export interface RuntimeCall extends Located {
  name: string;
  args: string[];
  /** Return value is used (assigned, compared or passed to a macro/function). */
  resultUsed: boolean;
  /** Inside a macro invocation such as CHECK(...). */
  wrappingMacro?: string;
  hostLoops: HostLoop[];
  enclosingFunction?: string;
  /** `(void)cudaFree(p)`: the result is dropped on purpose. */
  explicitlyDiscarded?: boolean;
}

/** A call of a host function of the file that launches kernels itself (`step(d, n);` with `step` doing
 *  `k<<<...>>>`): the launches in `callee` run once per call, so a loop around the call repeats them. */
export interface LauncherCall extends Located {
  callee: string;
  hostLoops: HostLoop[];
  enclosingFunction?: string;
}

export interface GemmCall extends RuntimeCall {
  /** cuBLAS/cuBLASLt entry point; M, N, K and batch when constant. */
  m?: number; n?: number; k?: number; batch?: number;
  dtype: 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'fp64' | 'unknown';
}

export interface ProgramModel {
  file: string;
  kernels: Kernel[];
  deviceFunctions: FunctionInfo[];
  hostFunctions: FunctionInfo[];
  launches: LaunchSite[];
  runtimeCalls: RuntimeCall[];
  gemmCalls: GemmCall[];
  /** Calls of the file's launcher functions, in the order of the host walk (absent in hand-made models). */
  launcherCalls?: LauncherCall[];
  /** `#define NAME value` and `constexpr`/`const` integer globals, resolved to numbers where possible. */
  constants: Map<string, number>;
  /** Macro names defined in the file (for "wrap in the file's check macro"). */
  macros: Map<string, { params?: string[]; body: string }>;
  /** Headers followed (`#include "x.cuh"`), resolved paths. */
  includes: string[];
  /** File-scope `__constant__`, `__device__` and `__managed__` variables. */
  deviceVariables?: DeviceVariable[];
}

export interface DeviceVariable extends Located {
  name: string;
  space: 'constant' | 'global';
  elementType: string;
  dims: (number | undefined)[];
  bytes?: number;
}
