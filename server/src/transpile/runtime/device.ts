// Device-side part of the CPU runtime header: CUDA math intrinsics, integer intrinsics, atomics (real
// atomics through GCC's __atomic builtins, compare-and-swap loops for floating point), memory fences, and
// the warp-exchange helpers the lowered kernels call after loop fission.
export const DEVICE = String.raw`
// ---- math -----------------------------------------------------------------------------------------
// The fast-math intrinsics compute the accurate function on the CPU (their results stay within the
// documented error bounds of the intrinsics; CUDA C++ Programming Guide, "Intrinsic Functions").
// __expf: Cephes-style range reduction x = n ln2 + r with a degree-6 polynomial for e^r (max error 2 ulp,
// inside __expf's documented 2 + floor(|1.16 x|) ulp; CUDA C++ Programming Guide, "Intrinsic Functions").
// Unlike a call to expf it vectorizes: the range selects compare integer bit patterns, which cannot trap, so
// GCC turns them into blends. Results below FLT_MIN flush to zero, as the GPU intrinsic does.
inline float __expf(float x) {
  float fn = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  int n = (int)fn;
  n = n < -126 ? -126 : n;
  n = n > 128 ? 128 : n;
  float r = x - fn * 0.693359375f + fn * 2.12194440e-4f;
  float y = (((((1.9875691500E-4f * r + 1.3981999507E-3f) * r + 8.3334519073E-3f) * r + 4.1665795894E-2f) * r +
              1.6666665459E-1f) * r + 5.0000001201E-1f) * (r * r) + r + 1.0f;
  int n1 = n >> 1;
  float res = y * __builtin_bit_cast(float, (n1 + 127) << 23) * __builtin_bit_cast(float, (n - n1 + 127) << 23);
  int rb = __builtin_bit_cast(int, res), xb = __builtin_bit_cast(int, x);
  rb = xb > 0x42B17217 ? 0x7F800000 : rb;                              // x > 88.7228: +inf
  rb = (xb < 0 && (xb & 0x7FFFFFFF) > 0x42AEAC4E) ? 0 : rb;            // x < -87.3365: 0
  rb = (xb & 0x7FFFFFFF) > 0x7F800000 ? (xb | 0x00400000) : rb;        // NaN stays NaN
  return __builtin_bit_cast(float, rb);
}
inline float __exp10f(float x) { return powf(10.0f, x); }
inline float __logf(float x) { return logf(x); }
inline float __log2f(float x) { return log2f(x); }
inline float __log10f(float x) { return log10f(x); }
inline float __sinf(float x) { return sinf(x); }
inline float __cosf(float x) { return cosf(x); }
inline float __tanf(float x) { return tanf(x); }
inline void __sincosf(float x, float* s, float* c) { *s = sinf(x); *c = cosf(x); }
inline float __powf(float a, float b) { return powf(a, b); }
inline float __fdividef(float a, float b) { return a / b; }
inline float fdividef(float a, float b) { return a / b; }
inline float __saturatef(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x); }
inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
inline double rsqrt(double x) { return 1.0 / std::sqrt(x); }
inline float rcbrtf(float x) { return 1.0f / cbrtf(x); }
inline double rcbrt(double x) { return 1.0 / std::cbrt(x); }
inline float exp10f(float x) { return powf(10.0f, x); }
inline void sincosf(float x, float* s, float* c) { *s = sinf(x); *c = cosf(x); }
inline void sincos(double x, double* s, double* c) { *s = std::sin(x); *c = std::cos(x); }
inline void sincospif(float x, float* s, float* c) { *s = sinf(3.14159265358979f * x); *c = cosf(3.14159265358979f * x); }
inline float sinpif(float x) { return sinf(3.14159265358979f * x); }
inline float cospif(float x) { return cosf(3.14159265358979f * x); }
inline float normcdff(float x) { return 0.5f * erfcf(-x * 0.70710678118654752f); }
inline double normcdf(double x) { return 0.5 * std::erfc(-x * 0.70710678118654752); }
inline float __frsqrt_rn(float x) { return 1.0f / sqrtf(x); }
inline float __fsqrt_rn(float x) { return sqrtf(x); }
inline float __frcp_rn(float x) { return 1.0f / x; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fmaf_rn(float a, float b, float c) { return fmaf(a, b, c); }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __fma_rn(double a, double b, double c) { return std::fma(a, b, c); }
inline int __float2int_rn(float x) { return (int)nearbyintf(x); }
inline int __float2int_rz(float x) { return (int)x; }
inline int __float2int_rd(float x) { return (int)floorf(x); }
inline int __float2int_ru(float x) { return (int)ceilf(x); }
inline unsigned int __float2uint_rn(float x) { return (unsigned int)nearbyintf(x); }
inline unsigned int __float2uint_rz(float x) { return (unsigned int)x; }
inline long long __float2ll_rn(float x) { return (long long)nearbyintf(x); }
inline long long __float2ll_rz(float x) { return (long long)x; }
inline float __int2float_rn(int x) { return (float)x; }
inline float __uint2float_rn(unsigned int x) { return (float)x; }
inline float __ll2float_rn(long long x) { return (float)x; }
inline float __double2float_rn(double x) { return (float)x; }
inline int __double2int_rn(double x) { return (int)std::nearbyint(x); }
inline int __double2int_rz(double x) { return (int)x; }
inline float __int_as_float(int x) { float f; std::memcpy(&f, &x, 4); return f; }
inline int __float_as_int(float x) { int i; std::memcpy(&i, &x, 4); return i; }
inline float __uint_as_float(unsigned int x) { float f; std::memcpy(&f, &x, 4); return f; }
inline unsigned int __float_as_uint(float x) { unsigned int i; std::memcpy(&i, &x, 4); return i; }
inline double __longlong_as_double(long long x) { double d; std::memcpy(&d, &x, 8); return d; }
inline long long __double_as_longlong(double x) { long long i; std::memcpy(&i, &x, 8); return i; }
inline int __double2hiint(double x) { return (int)(__double_as_longlong(x) >> 32); }
inline int __double2loint(double x) { return (int)(__double_as_longlong(x) & 0xffffffff); }
inline double __hiloint2double(int hi, int lo) {
  return __longlong_as_double((long long)(((unsigned long long)(unsigned)hi << 32) | (unsigned)lo));
}

// min/max: CUDA declares overloads for every arithmetic pair; the template covers mixed pairs with the
// usual arithmetic conversions, the exact overloads win for matching types.
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline unsigned int min(unsigned int a, unsigned int b) { return a < b ? a : b; }
inline unsigned int max(unsigned int a, unsigned int b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }
inline unsigned long long min(unsigned long long a, unsigned long long b) { return a < b ? a : b; }
inline unsigned long long max(unsigned long long a, unsigned long long b) { return a > b ? a : b; }
inline float min(float a, float b) { return fminf(a, b); }
inline float max(float a, float b) { return fmaxf(a, b); }
inline double min(double a, double b) { return fmin(a, b); }
inline double max(double a, double b) { return fmax(a, b); }
template <class A, class B, class = std::enable_if_t<std::is_arithmetic<A>::value && std::is_arithmetic<B>::value>>
inline std::common_type_t<A, B> min(A a, B b) { using C = std::common_type_t<A, B>; return (C)a < (C)b ? (C)a : (C)b; }
template <class A, class B, class = std::enable_if_t<std::is_arithmetic<A>::value && std::is_arithmetic<B>::value>>
inline std::common_type_t<A, B> max(A a, B b) { using C = std::common_type_t<A, B>; return (C)a > (C)b ? (C)a : (C)b; }
inline int umin(unsigned int a, unsigned int b) { return a < b ? a : b; }
inline int umax(unsigned int a, unsigned int b) { return a > b ? a : b; }
inline long long llmin(long long a, long long b) { return a < b ? a : b; }
inline long long llmax(long long a, long long b) { return a > b ? a : b; }

// ---- integer intrinsics ----------------------------------------------------------------------------
inline int __popc(unsigned int x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz((unsigned)x); }
inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll((unsigned long long)x); }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __ffsll(long long x) { return __builtin_ffsll(x); }
inline unsigned int __brev(unsigned int x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  return __builtin_bswap32(x);
}
inline unsigned long long __brevll(unsigned long long x) {
  return ((unsigned long long)__brev((unsigned)x) << 32) | __brev((unsigned)(x >> 32));
}
inline unsigned int __byte_perm(unsigned int x, unsigned int y, unsigned int s) {
  unsigned long long v = ((unsigned long long)y << 32) | x;
  unsigned int r = 0;
  for (int i = 0; i < 4; ++i) r |= (unsigned)((v >> (8 * ((s >> (4 * i)) & 7))) & 0xff) << (8 * i);
  return r;
}
inline int __mul24(int a, int b) { return (int)((long long)((a << 8) >> 8) * ((b << 8) >> 8)); }
inline unsigned int __umul24(unsigned int a, unsigned int b) { return (a & 0xffffff) * (b & 0xffffff); }
inline int __mulhi(int a, int b) { return (int)(((long long)a * b) >> 32); }
inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
inline long long __mul64hi(long long a, long long b) { return (long long)(((__int128)a * b) >> 64); }
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
  return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}
inline unsigned int __sad(int a, int b, unsigned int c) { return c + (unsigned)(a > b ? a - b : b - a); }
inline unsigned int __usad(unsigned int a, unsigned int b, unsigned int c) { return c + (a > b ? a - b : b - a); }
inline int __hadd(int a, int b) { return (int)(((long long)a + b) >> 1); }
inline int __rhadd(int a, int b) { return (int)(((long long)a + b + 1) >> 1); }
inline unsigned int __uhadd(unsigned int a, unsigned int b) { return (unsigned)(((unsigned long long)a + b) >> 1); }
inline unsigned int __funnelshift_l(unsigned int lo, unsigned int hi, unsigned int s) {
  unsigned long long v = ((unsigned long long)hi << 32) | lo; return (unsigned)((v << (s & 31)) >> 32);
}
inline unsigned int __funnelshift_r(unsigned int lo, unsigned int hi, unsigned int s) {
  unsigned long long v = ((unsigned long long)hi << 32) | lo; return (unsigned)(v >> (s & 31));
}

// ---- loads, clocks, fences ----------------------------------------------------------------------------
template <class T> inline T __ldg(const T* p) { return *p; }
template <class T> inline T __ldca(const T* p) { return *p; }
template <class T> inline T __ldcg(const T* p) { return *p; }
template <class T> inline T __ldcs(const T* p) { return *p; }
template <class T> inline T __ldlu(const T* p) { return *p; }
template <class T> inline T __ldcv(const T* p) { return *p; }
template <class T> inline void __stcs(T* p, T v) { *p = v; }
template <class T> inline void __stcg(T* p, T v) { *p = v; }
template <class T> inline void __stwb(T* p, T v) { *p = v; }
template <class T> inline void __stwt(T* p, T v) { *p = v; }
inline long long clock64() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_block() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_system() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __nanosleep(unsigned int) {}
[[noreturn]] inline void __trap() { std::fprintf(stderr, "cuda-lens runtime: __trap() called\n"); std::abort(); }
[[noreturn]] inline void __brkpt() { std::abort(); }
inline unsigned int __lanemask_lt_of(unsigned lane) { return (1u << lane) - 1u; }

// ---- atomics ------------------------------------------------------------------------------------------
#define CL_ATOMIC_INT(T) \
  inline T atomicAdd(T* p, T v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); } \
  inline T atomicSub(T* p, T v) { return __atomic_fetch_sub(p, v, __ATOMIC_SEQ_CST); } \
  inline T atomicExch(T* p, T v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); } \
  inline T atomicAnd(T* p, T v) { return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST); } \
  inline T atomicOr(T* p, T v) { return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST); } \
  inline T atomicXor(T* p, T v) { return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST); } \
  inline T atomicCAS(T* p, T cmp, T v) { \
    __atomic_compare_exchange_n(p, &cmp, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); return cmp; } \
  inline T atomicMin(T* p, T v) { T o = __atomic_load_n(p, __ATOMIC_SEQ_CST); \
    while (v < o && !__atomic_compare_exchange_n(p, &o, v, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {} return o; } \
  inline T atomicMax(T* p, T v) { T o = __atomic_load_n(p, __ATOMIC_SEQ_CST); \
    while (v > o && !__atomic_compare_exchange_n(p, &o, v, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {} return o; }
CL_ATOMIC_INT(int)
CL_ATOMIC_INT(unsigned int)
CL_ATOMIC_INT(unsigned long long)
CL_ATOMIC_INT(long long)
#undef CL_ATOMIC_INT
inline unsigned short atomicCAS(unsigned short* p, unsigned short cmp, unsigned short v) {
  __atomic_compare_exchange_n(p, &cmp, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); return cmp;
}
inline unsigned int atomicInc(unsigned int* p, unsigned int lim) {
  unsigned int o = __atomic_load_n(p, __ATOMIC_SEQ_CST);
  while (!__atomic_compare_exchange_n(p, &o, o >= lim ? 0u : o + 1u, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {}
  return o;
}
inline unsigned int atomicDec(unsigned int* p, unsigned int lim) {
  unsigned int o = __atomic_load_n(p, __ATOMIC_SEQ_CST);
  while (!__atomic_compare_exchange_n(p, &o, (o == 0u || o > lim) ? lim : o - 1u, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {}
  return o;
}
namespace __cl {
// Floating-point read-modify-write through a compare-and-swap loop on the bit pattern.
template <class F, class Bits, class Op> inline F atomic_float(F* p, Op op) {
  Bits* bp = reinterpret_cast<Bits*>(p);
  Bits o = __atomic_load_n(bp, __ATOMIC_SEQ_CST), n;
  F of, nf;
  do {
    std::memcpy(&of, &o, sizeof(F));
    nf = op(of);
    std::memcpy(&n, &nf, sizeof(F));
  } while (!__atomic_compare_exchange_n(bp, &o, n, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  return of;
}
}  // namespace __cl
inline float atomicAdd(float* p, float v) { return __cl::atomic_float<float, unsigned int>(p, [v](float o) { return o + v; }); }
inline double atomicAdd(double* p, double v) { return __cl::atomic_float<double, unsigned long long>(p, [v](double o) { return o + v; }); }
inline float atomicSub(float* p, float v) { return __cl::atomic_float<float, unsigned int>(p, [v](float o) { return o - v; }); }
inline float atomicExch(float* p, float v) { return __cl::atomic_float<float, unsigned int>(p, [v](float) { return v; }); }
inline float atomicMin(float* p, float v) { return __cl::atomic_float<float, unsigned int>(p, [v](float o) { return fminf(o, v); }); }
inline float atomicMax(float* p, float v) { return __cl::atomic_float<float, unsigned int>(p, [v](float o) { return fmaxf(o, v); }); }
inline double atomicMin(double* p, double v) { return __cl::atomic_float<double, unsigned long long>(p, [v](double o) { return fmin(o, v); }); }
inline double atomicMax(double* p, double v) { return __cl::atomic_float<double, unsigned long long>(p, [v](double o) { return fmax(o, v); }); }
#define CL_ATOMIC_SCOPED(N) \
  template <class T, class V> inline T N##_block(T* p, V v) { return N(p, (T)v); } \
  template <class T, class V> inline T N##_system(T* p, V v) { return N(p, (T)v); }
CL_ATOMIC_SCOPED(atomicAdd) CL_ATOMIC_SCOPED(atomicSub) CL_ATOMIC_SCOPED(atomicExch) CL_ATOMIC_SCOPED(atomicMin)
CL_ATOMIC_SCOPED(atomicMax) CL_ATOMIC_SCOPED(atomicAnd) CL_ATOMIC_SCOPED(atomicOr) CL_ATOMIC_SCOPED(atomicXor)
#undef CL_ATOMIC_SCOPED
template <class T> inline T atomicCAS_block(T* p, T c, T v) { return atomicCAS(p, c, v); }
template <class T> inline T atomicCAS_system(T* p, T c, T v) { return atomicCAS(p, c, v); }

// ---- warp exchange after loop fission ----------------------------------------------------------------
// A lowered kernel stores each thread's operand in x[t] (t = linear thread index in the block, nt threads)
// in one thread loop, and reads partners' values in the next. Lanes form warps of 32 consecutive linear
// indices as on the GPU (CUDA C++ Programming Guide, "SIMT Architecture"); width splits a warp into
// segments as __shfl_*_sync's width argument does. act (may be null) marks the threads that reached the call.
namespace __cl {
inline unsigned seg_start(unsigned t, int w) { unsigned lane = t & 31u; return (t - lane) + (lane / (unsigned)w) * (unsigned)w; }
template <class T> inline T shfl(const T* x, unsigned t, unsigned nt, int src, int w = 32) {
  unsigned s = seg_start(t, w), i = s + (unsigned)(((src % w) + w) % w);
  return i < nt ? x[i] : x[t];
}
template <class T> inline T shfl_up(const T* x, unsigned t, unsigned nt, unsigned d, int w = 32) {
  (void)nt; unsigned s = seg_start(t, w);
  return (t - s) >= d ? x[t - d] : x[t];
}
template <class T> inline T shfl_down(const T* x, unsigned t, unsigned nt, unsigned d, int w = 32) {
  unsigned s = seg_start(t, w), i = t + d;
  return (i - s) < (unsigned)w && i < nt ? x[i] : x[t];
}
template <class T> inline T shfl_xor(const T* x, unsigned t, unsigned nt, int m, int w = 32) {
  unsigned s = seg_start(t, w), lane = (t - s) ^ (unsigned)m, i = s + lane;
  return lane < (unsigned)w && i < nt ? x[i] : x[t];
}
inline bool on(const unsigned char* act, unsigned i) { return !act || act[i]; }
inline unsigned ballot(const int* p, const unsigned char* act, unsigned t, unsigned nt, int w = 32) {
  unsigned s = seg_start(t, w), warp = t & ~31u, r = 0;
  for (unsigned i = s; i < s + (unsigned)w && i < nt; ++i) if (on(act, i) && p[i]) r |= 1u << (i - warp);
  return r;
}
inline unsigned activemask(const unsigned char* act, unsigned t, unsigned nt) {
  unsigned warp = t & ~31u, r = 0;
  for (unsigned i = warp; i < warp + 32 && i < nt; ++i) if (on(act, i)) r |= 1u << (i - warp);
  return r;
}
inline int any(const int* p, const unsigned char* act, unsigned t, unsigned nt, int w = 32) { return ballot(p, act, t, nt, w) != 0; }
inline int all(const int* p, const unsigned char* act, unsigned t, unsigned nt, int w = 32) {
  unsigned s = seg_start(t, w);
  for (unsigned i = s; i < s + (unsigned)w && i < nt; ++i) if (on(act, i) && !p[i]) return 0;
  return 1;
}
template <class T> inline unsigned match_any(const T* x, const unsigned char* act, unsigned t, unsigned nt) {
  unsigned warp = t & ~31u, r = 0;
  for (unsigned i = warp; i < warp + 32 && i < nt; ++i) if (on(act, i) && x[i] == x[t]) r |= 1u << (i - warp);
  return r;
}
// Reductions over a segment of w lanes (cg::reduce, __reduce_*_sync); only lanes that reached the call count.
template <class T, class Op> inline T seg_reduce(const T* x, const unsigned char* act, unsigned t, unsigned nt, int w, Op op) {
  unsigned s = seg_start(t, w);
  bool first = true;
  T r = x[t];
  for (unsigned i = s; i < s + (unsigned)w && i < nt; ++i) {
    if (!on(act, i)) continue;
    r = first ? x[i] : op(r, x[i]);
    first = false;
  }
  return r;
}
template <class T, class Op> inline T seg_scan(const T* x, const unsigned char* act, unsigned t, int w, Op op, bool inclusive) {
  unsigned s = seg_start(t, w);
  bool first = true;
  T r{};
  for (unsigned i = s; i < t + (inclusive ? 1u : 0u); ++i) {
    if (!on(act, i)) continue;
    r = first ? x[i] : op(r, x[i]);
    first = false;
  }
  return r;
}
// __syncthreads_count / _and / _or: a barrier that also reduces a predicate over the block.
inline int block_count(const int* p, const unsigned char* act, unsigned nt) {
  int c = 0;
  for (unsigned i = 0; i < nt; ++i)
    if (on(act, i) && p[i]) ++c;
  return c;
}
inline int block_and(const int* p, const unsigned char* act, unsigned nt) {
  for (unsigned i = 0; i < nt; ++i)
    if (on(act, i) && !p[i]) return 0;
  return 1;
}
inline int block_or(const int* p, const unsigned char* act, unsigned nt) { return block_count(p, act, nt) != 0; }
struct op_add { template <class T> T operator()(T a, T b) const { return a + b; } };
struct op_min { template <class T> T operator()(T a, T b) const { return b < a ? b : a; } };
struct op_max { template <class T> T operator()(T a, T b) const { return a < b ? b : a; } };
struct op_and { template <class T> T operator()(T a, T b) const { return a & b; } };
struct op_or { template <class T> T operator()(T a, T b) const { return a | b; } };
struct op_xor { template <class T> T operator()(T a, T b) const { return a ^ b; } };
// Reached only when a warp operation was not lowered (e.g. through a function pointer); fails loudly.
[[noreturn]] inline void unlowered(const char* what) {
  std::fprintf(stderr, "cuda-lens runtime [unlowered-warp-op]: %s reached without loop fission\n", what);
  std::abort();
}
}  // namespace __cl
// Barriers are split points of the lowered thread loops; a call that survives (in code that does not
// need one, such as a kernel with a single thread) has nothing left to wait for.
inline void __syncthreads() {}
inline void __syncwarp(unsigned = 0xffffffffu) {}
// Warp collectives are rewritten at their call sites inside kernels; these definitions only keep code
// that is never lowered (host-only branches, unused helpers) compiling, and fail loudly if reached.
inline unsigned __activemask() { return 0xffffffffu; }
#define CL_UNLOWERED1(N) template <class... A> inline unsigned N(A...) { __cl::unlowered(#N); }
CL_UNLOWERED1(__ballot_sync) CL_UNLOWERED1(__any_sync) CL_UNLOWERED1(__all_sync) CL_UNLOWERED1(__uni_sync)
CL_UNLOWERED1(__match_any_sync) CL_UNLOWERED1(__syncthreads_count) CL_UNLOWERED1(__syncthreads_and)
CL_UNLOWERED1(__syncthreads_or)
#undef CL_UNLOWERED1
template <class T, class... A> inline T __shfl_sync(unsigned, T, A...) { __cl::unlowered("__shfl_sync"); }
template <class T, class... A> inline T __shfl_up_sync(unsigned, T, A...) { __cl::unlowered("__shfl_up_sync"); }
template <class T, class... A> inline T __shfl_down_sync(unsigned, T, A...) { __cl::unlowered("__shfl_down_sync"); }
template <class T, class... A> inline T __shfl_xor_sync(unsigned, T, A...) { __cl::unlowered("__shfl_xor_sync"); }
template <class T> inline T __reduce_add_sync(unsigned, T) { __cl::unlowered("__reduce_add_sync"); }
template <class T> inline T __reduce_min_sync(unsigned, T) { __cl::unlowered("__reduce_min_sync"); }
template <class T> inline T __reduce_max_sync(unsigned, T) { __cl::unlowered("__reduce_max_sync"); }
`;
