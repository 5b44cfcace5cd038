// A small constant evaluator for the integer arithmetic that sizes CUDA launches and arrays:
// `(n + 255) / 256`, `1 << 20`, `sizeof(float) * BLOCK`, `(size_t)rows * cols`, `std::min(a, b)`, ternaries and
// function-like macros such as `DIV_UP(n, 256)`. It works on text because `#define` bodies are raw text in
// the tree (preproc_arg); expressions from the tree are evaluated through their (short) text.
// C semantics where it matters: integer division truncates toward zero, `%` keeps the dividend's sign.
import type { SyntaxNode } from '../parse/grammar';

export interface MacroDef { params?: string[]; body: string }

export interface EvalEnv {
  constants: Map<string, number>;
  macros?: Map<string, MacroDef>;
}

/** Byte sizes for `sizeof(T)` of the scalar and vector types CUDA code uses (CUDA C++ Programming
 *  Guide, "Built-in Vector Types"; 64-bit Linux data model for long/size_t). */
const TYPE_BYTES: Record<string, number> = {
  char: 1, 'signed char': 1, 'unsigned char': 1, bool: 1, int8_t: 1, uint8_t: 1, char1: 1, uchar1: 1,
  short: 2, 'unsigned short': 2, int16_t: 2, uint16_t: 2, half: 2, __half: 2, __nv_bfloat16: 2, nv_bfloat16: 2,
  __nv_fp8_e4m3: 1, __nv_fp8_e5m2: 1,
  int: 4, unsigned: 4, 'unsigned int': 4, int32_t: 4, uint32_t: 4, float: 4, half2: 4, __half2: 4,
  __nv_bfloat162: 4, char4: 4, uchar4: 4, short2: 4, ushort2: 4,
  long: 8, 'unsigned long': 8, 'long long': 8, 'unsigned long long': 8, int64_t: 8, uint64_t: 8,
  size_t: 8, ptrdiff_t: 8, double: 8, float2: 8, int2: 8, uint2: 8, short4: 8,
  float3: 12, int3: 12, uint3: 12, dim3: 12,
  float4: 16, int4: 16, uint4: 16, double2: 16, longlong2: 16,
  double3: 24, double4: 32, longlong4: 32,
  cudaError_t: 4,
};

/** Size of a type written as text (`const float`, `unsigned int`, `float*`), if known. */
export function typeBytes(typeText: string): number | undefined {
  const t = typeText.replace(/\b(const|volatile|__restrict__|struct)\b/g, ' ').replace(/\s+/g, ' ').trim();
  if (t.endsWith('*')) return 8;
  return TYPE_BYTES[t.replace(/^std::/, '')];
}

export type Tok = { kind: 'num'; value: number; int: boolean } | { kind: 'id'; text: string } | { kind: 'op'; text: string };

const TOKEN = /\s*(?:(0[xX][0-9a-fA-F']+|\d[\d']*\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)([uUlLfF]*)|([A-Za-z_][\w]*(?:::[A-Za-z_]\w*)*)|(<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()<>?:,!~&|^\[\].]))/y;

/** Splits C expression text into numbers, (qualified) names and operators; undefined on anything else. */
export function tokenize(text: string): Tok[] | undefined {
  const toks: Tok[] = [];
  const src = text.trimEnd();
  let pos = 0;
  while (pos < src.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) return undefined;
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) {
      const raw = m[1].replace(/'/g, '');
      const suffix = m[2] ?? '';
      const isFloat = /[.eE]/.test(raw) && !/^0[xX]/.test(raw) || /[fF]/.test(suffix) && !/^0[xX]/.test(raw);
      const value = /^0[xX]/.test(raw) ? parseInt(raw, 16) : /^0\d+$/.test(raw) ? parseInt(raw, 8) : Number(raw);
      if (!Number.isFinite(value)) return undefined;
      toks.push({ kind: 'num', value, int: !isFloat });
    } else if (m[3] !== undefined) toks.push({ kind: 'id', text: m[3] });
    else toks.push({ kind: 'op', text: m[4] });
  }
  return toks;
}

interface Val { v: number; int: boolean }

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

const MAX_DEPTH = 24;

/** Precedence-climbing parser that evaluates as it parses; any unknown name makes the result undefined. */
class Evaluator {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly env: EvalEnv, private readonly depth: number) {}

  run(): number | undefined {
    const v = this.expr(0);
    if (!v || this.i !== this.toks.length) return undefined;
    return v.v;
  }

  private peek(): Tok | undefined { return this.toks[this.i]; }
  private isOp(text: string): boolean {
    const t = this.toks[this.i];
    return !!t && t.kind === 'op' && t.text === text;
  }
  private eat(text: string): boolean {
    if (this.isOp(text)) { this.i++; return true; }
    return false;
  }

  private expr(minPrec: number): Val | undefined {
    let left = this.unary();
    if (!left) return undefined;
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'op') break;
      if (t.text === '?' && minPrec === 0) {
        this.i++;
        const a = this.expr(0);
        if (!a || !this.eat(':')) return undefined;
        const b = this.expr(0);
        if (!b) return undefined;
        left = left.v !== 0 ? a : b;
        continue;
      }
      const prec = BINARY_PRECEDENCE[t.text];
      if (prec === undefined || prec < minPrec || (minPrec === 0 && prec < 1)) break;
      this.i++;
      const right = this.expr(prec + 1);
      if (!right) return undefined;
      left = binary(t.text, left, right);
      if (!left) return undefined;
    }
    return left;
  }

  private unary(): Val | undefined {
    const t = this.peek();
    if (!t) return undefined;
    if (t.kind === 'op') {
      if (t.text === '(') return this.parenOrCast();
      if (t.text === '-' || t.text === '+' || t.text === '!' || t.text === '~') {
        this.i++;
        const v = this.unary();
        if (!v) return undefined;
        if (t.text === '-') return { v: -v.v, int: v.int };
        if (t.text === '+') return v;
        if (t.text === '!') return { v: v.v === 0 ? 1 : 0, int: true };
        return { v: ~v.v, int: true };
      }
      return undefined;
    }
    if (t.kind === 'num') { this.i++; return { v: t.value, int: t.int }; }
    return this.name(t.text);
  }

  /** `(expr)` or a C cast `(int)x`, `(size_t)(a*b)`. */
  private parenOrCast(): Val | undefined {
    const start = this.i;
    this.i++;
    const typeText = this.typeName();
    if (typeText !== undefined && this.eat(')')) {
      const v = this.unary();
      if (!v) return undefined;
      return castTo(typeText, v);
    }
    this.i = start + 1;
    const v = this.expr(0);
    if (!v || !this.eat(')')) return undefined;
    return v;
  }

  /** Reads a type name (`unsigned int`, `size_t`, `float`) if the tokens form one. */
  private typeName(): string | undefined {
    const words: string[] = [];
    while (this.peek()?.kind === 'id') {
      const t = this.peek() as { kind: 'id'; text: string };
      words.push(t.text);
      this.i++;
    }
    while (this.isOp('*')) { words.push('*'); this.i++; }
    if (words.length === 0) return undefined;
    const text = words.join(' ').replace(/ \*/g, '*');
    if (typeBytes(text) === undefined && !/^(const )?(unsigned|signed)$/.test(text)) return undefined;
    return text;
  }

  private name(text: string): Val | undefined {
    this.i++;
    const bare = text.replace(/^std::/, '');
    if (bare === 'sizeof') {
      if (!this.eat('(')) return undefined;
      const start = this.i;
      const typeText = this.typeName();
      if (typeText !== undefined && this.eat(')')) return { v: typeBytes(typeText) ?? NaN, int: true };
      this.i = start;
      return undefined;
    }
    if (bare === 'true') return { v: 1, int: true };
    if (bare === 'false') return { v: 0, int: true };
    if ((bare === 'static_cast' || bare === 'reinterpret_cast') && this.eat('<')) {
      const typeText = this.typeName();
      if (typeText === undefined || !this.eat('>') || !this.eat('(')) return undefined;
      const v = this.expr(0);
      if (!v || !this.eat(')')) return undefined;
      return castTo(typeText, v);
    }
    if (this.isOp('(')) return this.call(bare);
    if (this.env.constants.has(text)) {
      const v = this.env.constants.get(text) as number;
      return { v, int: Number.isInteger(v) };
    }
    const macro = this.env.macros?.get(text);
    if (macro && !macro.params) return this.sub(macro.body);
    return undefined;
  }

  private call(name: string): Val | undefined {
    this.i++; // (
    const args: Val[] = [];
    const macro = this.env.macros?.get(name);
    if (macro?.params) {
      // Function-like macro: substitute argument token spans textually, then evaluate the expansion.
      const spans = this.rawArgs();
      if (!spans || spans.length !== macro.params.length) return undefined;
      let body = macro.body;
      macro.params.forEach((p, k) => {
        body = body.replace(new RegExp(`\\b${p}\\b`, 'g'), `(${spans[k]})`);
      });
      return this.sub(body);
    }
    if (!this.isOp(')')) {
      for (;;) {
        const v = this.expr(0);
        if (!v) return undefined;
        args.push(v);
        if (this.eat(',')) continue;
        break;
      }
    }
    if (!this.eat(')')) return undefined;
    const int = args.every((a) => a.int);
    switch (name) {
      case 'min': case 'fminf': case 'fmin': return args.length === 2 ? { v: Math.min(args[0].v, args[1].v), int } : undefined;
      case 'max': case 'fmaxf': case 'fmax': return args.length === 2 ? { v: Math.max(args[0].v, args[1].v), int } : undefined;
      default: return undefined;
    }
  }

  /** Raw text of macro call arguments, split on top-level commas, as re-joined tokens. */
  private rawArgs(): string[] | undefined {
    const spans: string[] = [];
    let depth = 0;
    let cur: string[] = [];
    while (this.i < this.toks.length) {
      const t = this.toks[this.i++];
      const text = t.kind === 'num' ? String(t.value) + (t.int ? '' : 'f') : t.text;
      if (t.kind === 'op' && t.text === '(') depth++;
      if (t.kind === 'op' && t.text === ')') {
        if (depth === 0) { if (cur.length) spans.push(cur.join(' ')); return spans; }
        depth--;
      }
      if (t.kind === 'op' && t.text === ',' && depth === 0) { spans.push(cur.join(' ')); cur = []; continue; }
      cur.push(text);
    }
    return undefined;
  }

  private sub(text: string): Val | undefined {
    if (this.depth >= MAX_DEPTH) return undefined;
    const toks = tokenize(text);
    if (!toks) return undefined;
    const e = new Evaluator(toks, this.env, this.depth + 1);
    const v = e.expr(0);
    if (!v || e.i !== toks.length) return undefined;
    return v;
  }
}

function castTo(typeText: string, v: Val): Val {
  if (/float|double|half/.test(typeText)) return { v: v.v, int: false };
  return { v: Math.trunc(v.v), int: true };
}

function binary(op: string, a: Val, b: Val): Val | undefined {
  const int = a.int && b.int;
  switch (op) {
    case '+': return { v: a.v + b.v, int };
    case '-': return { v: a.v - b.v, int };
    case '*': return { v: a.v * b.v, int };
    case '/':
      if (b.v === 0) return undefined;
      return { v: int ? Math.trunc(a.v / b.v) : a.v / b.v, int };
    case '%':
      if (b.v === 0 || !int) return undefined;
      return { v: a.v % b.v, int };
    // Shifts and bit operations as 64-bit-safe arithmetic for the non-negative sizes seen in launches.
    case '<<': return int && b.v >= 0 && b.v < 63 ? { v: a.v * 2 ** b.v, int } : undefined;
    case '>>': return int && b.v >= 0 && b.v < 63 ? { v: Math.floor(a.v / 2 ** b.v), int } : undefined;
    case '&': return int ? { v: Number(BigInt(a.v) & BigInt(b.v)), int } : undefined;
    case '|': return int ? { v: Number(BigInt(a.v) | BigInt(b.v)), int } : undefined;
    case '^': return int ? { v: Number(BigInt(a.v) ^ BigInt(b.v)), int } : undefined;
    case '<': return { v: a.v < b.v ? 1 : 0, int: true };
    case '>': return { v: a.v > b.v ? 1 : 0, int: true };
    case '<=': return { v: a.v <= b.v ? 1 : 0, int: true };
    case '>=': return { v: a.v >= b.v ? 1 : 0, int: true };
    case '==': return { v: a.v === b.v ? 1 : 0, int: true };
    case '!=': return { v: a.v !== b.v ? 1 : 0, int: true };
    case '&&': return { v: a.v !== 0 && b.v !== 0 ? 1 : 0, int: true };
    case '||': return { v: a.v !== 0 || b.v !== 0 ? 1 : 0, int: true };
    default: return undefined;
  }
}

/** Longest expression text evaluated; launch configs and array sizes are short, huge nodes are not sizes. */
const MAX_TEXT = 2000;

/** Evaluates expression text with named constants and macros; undefined when anything is unknown. */
export function evaluateText(text: string, env: EvalEnv): number | undefined {
  if (text.length > MAX_TEXT) return undefined;
  const toks = tokenize(text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ').replace(/\\\n/g, ' '));
  if (!toks || toks.length === 0) return undefined;
  try {
    const v = new Evaluator(toks, env, 0).run();
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Public entry point: evaluates an expression (text or syntax node) with known constants. */
export function evaluateConstant(expr: string | SyntaxNode, constants: Map<string, number>): number | undefined {
  if (typeof expr !== 'string') {
    if (expr.endIndex - expr.startIndex > MAX_TEXT) return undefined;
    return evaluateText(expr.text, { constants });
  }
  return evaluateText(expr, { constants });
}
