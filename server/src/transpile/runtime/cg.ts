// Cooperative groups for the CPU runtime. Group objects answer size and rank queries from the per-thread
// built-ins; their collective operations (sync, shfl*, any/all/ballot, cg::reduce) are rewritten by the
// translator into loop-fission split points, so the member functions here only report a missed lowering.
export const CG = String.raw`
namespace cooperative_groups {
struct thread_group {
  unsigned int n = 1;
  void sync() const {}
  unsigned long long size() const { return n; }
  unsigned long long num_threads() const { return n; }
  unsigned int thread_rank() const { return __cl::linear_thread() % n; }
};
struct thread_block {
  void sync() const {}
  static unsigned long long size() { return __cl::block_threads(); }
  static unsigned long long num_threads() { return __cl::block_threads(); }
  static unsigned int thread_rank() { return __cl::linear_thread(); }
  static dim3 group_index() { return dim3(::blockIdx); }
  static dim3 thread_index() { return dim3(::threadIdx); }
  static dim3 group_dim() { return ::blockDim; }
  static dim3 dim_threads() { return ::blockDim; }
  operator thread_group() const { thread_group g; g.n = __cl::block_threads(); return g; }
};
inline thread_block this_thread_block() { return thread_block(); }
template <unsigned int N> struct thread_block_tile {
  void sync() const {}
  static constexpr unsigned long long size() { return N; }
  static constexpr unsigned long long num_threads() { return N; }
  static unsigned int thread_rank() { return __cl::linear_thread() % N; }
  static unsigned long long meta_group_rank() { return __cl::linear_thread() / N; }
  static unsigned long long meta_group_size() { return (__cl::block_threads() + N - 1) / N; }
  template <class T> T shfl(T, int) const { __cl::unlowered("thread_block_tile::shfl"); }
  template <class T> T shfl_up(T, unsigned) const { __cl::unlowered("thread_block_tile::shfl_up"); }
  template <class T> T shfl_down(T, unsigned) const { __cl::unlowered("thread_block_tile::shfl_down"); }
  template <class T> T shfl_xor(T, unsigned) const { __cl::unlowered("thread_block_tile::shfl_xor"); }
  int any(int) const { __cl::unlowered("thread_block_tile::any"); }
  int all(int) const { __cl::unlowered("thread_block_tile::all"); }
  unsigned ballot(int) const { __cl::unlowered("thread_block_tile::ballot"); }
  operator thread_group() const { thread_group g; g.n = N; return g; }
};
typedef thread_block_tile<32> coalesced_group;
inline coalesced_group coalesced_threads() { return coalesced_group(); }
template <unsigned int N, class P> thread_block_tile<N> tiled_partition(const P&) { return thread_block_tile<N>(); }
inline thread_group tiled_partition(const thread_block&, unsigned int n) { thread_group g; g.n = n; return g; }
struct grid_group {
  void sync() const { __cl::unsupported("grid-sync", "cooperative_groups::grid_group::sync"); }
  static unsigned long long size() { return (unsigned long long)__cl::block_threads() * ::gridDim.x * ::gridDim.y * ::gridDim.z; }
  static unsigned long long thread_rank() {
    unsigned long long b = (::blockIdx.z * (unsigned long long)::gridDim.y + ::blockIdx.y) * ::gridDim.x + ::blockIdx.x;
    return b * __cl::block_threads() + __cl::linear_thread();
  }
  static bool is_valid() { return true; }
};
inline grid_group this_grid() { return grid_group(); }
template <class G> inline void sync(const G&) {}
template <class T> struct plus { T operator()(const T& a, const T& b) const { return a + b; } };
template <class T> struct less { T operator()(const T& a, const T& b) const { return b < a ? b : a; } };
template <class T> struct greater { T operator()(const T& a, const T& b) const { return a < b ? b : a; } };
template <class T> struct bit_and { T operator()(const T& a, const T& b) const { return a & b; } };
template <class T> struct bit_or { T operator()(const T& a, const T& b) const { return a | b; } };
template <class T> struct bit_xor { T operator()(const T& a, const T& b) const { return a ^ b; } };
template <class G, class T, class Op> T reduce(const G&, T, Op) { __cl::unlowered("cooperative_groups::reduce"); }
template <class G, class T, class Op> T inclusive_scan(const G&, T, Op) { __cl::unlowered("cooperative_groups::inclusive_scan"); }
template <class G, class T> T inclusive_scan(const G&, T) { __cl::unlowered("cooperative_groups::inclusive_scan"); }
template <class G, class T, class Op> T exclusive_scan(const G&, T, Op) { __cl::unlowered("cooperative_groups::exclusive_scan"); }
template <class G, class T> T exclusive_scan(const G&, T) { __cl::unlowered("cooperative_groups::exclusive_scan"); }
}  // namespace cooperative_groups
`;
