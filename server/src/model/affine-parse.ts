// Builds the affine form of an index expression from its text: `(blockIdx.x * blockDim.x + threadIdx.x) * stride`,
// `row * cols + c`, `(size_t)i << 2`. Parsing short text in JS is several times cheaper than visiting the
// expression's syntax nodes through web-tree-sitter, where every property read crosses into wasm.
// Anything that is not a polynomial in the resolved names (a call, a comparison, `%` on a variable) gives
// undefined; a fully constant subexpression goes through the constant evaluator (macros, sizeof, min).
import type { AffineForm } from './types';
import { addForms, BUILTIN_SYMBOLS, constantForm, divideForm, isConstantForm, mulForms, scaleForm } from './affine';
import { evaluateText, tokenize, typeBytes, type EvalEnv, type Tok } from './evaluate';

/** How names resolve: a local's form, a constant, or a symbol. Member calls arrive as one name with their
 *  parentheses (`block.thread_rank()`, `block.thread_index().x`) so cooperative-groups queries can resolve. */
export type IdentifierForm = (name: string) => AffineForm | undefined;

const MAX_MACRO_DEPTH = 8;
const PREC: Record<string, number> = { '<<': 1, '>>': 1, '+': 2, '-': 2, '*': 3, '/': 3, '%': 3 };
const CASTS = new Set(['static_cast', 'reinterpret_cast', 'const_cast']);
const MUL24 = new Set(['__umul24', '__mul24']);

class FormParser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly identifier: IdentifierForm, private readonly env: EvalEnv, private readonly depth: number) {}

  parse(): AffineForm | undefined {
    const f = this.expr(0);
    return f && this.i === this.toks.length ? f : undefined;
  }

  private op(text: string): boolean {
    const t = this.toks[this.i];
    return !!t && t.kind === 'op' && t.text === text;
  }

  private expr(minPrec: number): AffineForm | undefined {
    let left = this.unary();
    while (left) {
      const t = this.toks[this.i];
      if (!t || t.kind !== 'op') break;
      const prec = PREC[t.text];
      if (prec === undefined || prec < minPrec) break;
      this.i++;
      const right = this.expr(prec + 1);
      if (!right) return undefined;
      left = combine(t.text, left, right);
    }
    return left;
  }

  private unary(): AffineForm | undefined {
    const t = this.toks[this.i];
    if (!t) return undefined;
    if (t.kind === 'num') {
      this.i++;
      return t.int ? constantForm(t.value) : undefined;
    }
    if (t.kind === 'op') {
      if (t.text === '-' || t.text === '+') {
        this.i++;
        const f = this.unary();
        return f && (t.text === '-' ? scaleForm(f, -1) : f);
      }
      if (t.text === '(') return this.paren();
      return undefined;
    }
    return this.name(t.text);
  }

  /** `(expr)` or a cast `(int)expr`, `(size_t)(a * b)`: casts keep the value. */
  private paren(): AffineForm | undefined {
    this.i++;
    const start = this.i;
    const words: string[] = [];
    while (this.toks[this.i]?.kind === 'id') words.push((this.toks[this.i++] as { text: string }).text);
    while (this.op('*')) { words.push('*'); this.i++; }
    if (words.length && this.op(')') && (typeBytes(words.join(' ').replace(/ \*/g, '*')) !== undefined || /^(unsigned|signed)$/.test(words[0]))) {
      this.i++;
      return this.unary();
    }
    this.i = start;
    const f = this.expr(0);
    if (!f || !this.op(')')) return undefined;
    this.i++;
    return f;
  }

  private name(text: string): AffineForm | undefined {
    this.i++;
    if (CASTS.has(text) && this.op('<')) {
      // static_cast<T>(x): skip the type, keep the value.
      this.toClosing('<', '>');
      this.i++;
      if (!this.op('(')) return undefined;
      return this.paren();
    }
    if (this.op('.')) {
      const field = this.toks[this.i + 1];
      if (field?.kind !== 'id') return undefined;
      this.i += 2;
      const member = `${text}.${field.text}`;
      if (BUILTIN_SYMBOLS.has(member)) return { terms: [{ coef: 1, vars: [member] }], constant: 0 };
      const next = this.toks[this.i + 1];
      if (!this.op('(') || next?.kind !== 'op' || next.text !== ')') return undefined;
      this.i += 2;
      let call = `${member}()`;
      const sub = this.toks[this.i + 1];
      if (this.op('.') && sub?.kind === 'id') {
        call += `.${sub.text}`;
        this.i += 2;
      }
      return this.identifier(call);
    }
    if (this.op('(')) return this.call(text);
    const macro = this.env.macros?.get(text);
    if (macro && !macro.params && !this.env.constants.has(text)) return this.sub(macro.body);
    return this.identifier(text);
  }

  /** A call is affine only when it is a constant (`min(BLOCK, 128)`, `DIV_UP(N, 256)`), a function-like
   *  macro whose expansion is affine, or a 24-bit multiply of affine operands. */
  private call(name: string): AffineForm | undefined {
    const open = this.i;
    if (!this.toClosing('(', ')')) return undefined;
    this.i++;
    if (MUL24.has(name)) {
      // __umul24(x, y) multiplies the low 24 bits of x and y (CUDA C++ Programming Guide, "Integer
      // Intrinsics"): the product itself for any index below 2^24, the way older code computes global ids.
      const args = splitArgs(this.toks.slice(open + 1, this.i - 1));
      return args?.length === 2 ? this.sub(`(${args[0]}) * (${args[1]})`) : undefined;
    }
    const callToks = [{ kind: 'id', text: name } as Tok, ...this.toks.slice(open, this.i)];
    const text = callToks.map(tokText).join(' ');
    const macro = this.env.macros?.get(name);
    if (macro?.params) {
      const args = splitArgs(this.toks.slice(open + 1, this.i - 1));
      if (args && args.length === macro.params.length) {
        const params = macro.params;
        const body = macro.body.replace(/\b[A-Za-z_]\w*\b/g, (w) => {
          const k = params.indexOf(w);
          return k >= 0 ? `(${args[k]})` : w;
        });
        return this.sub(body);
      }
    }
    const c = evaluateText(text, this.env);
    return c !== undefined && Number.isInteger(c) ? constantForm(c) : undefined;
  }

  /** Moves from the opening bracket at the current token to its closing one, counting nesting; false when
   *  the text ends first. */
  private toClosing(open: string, close: string): boolean {
    let depth = 0;
    for (; this.i < this.toks.length; this.i++) {
      const t = this.toks[this.i];
      if (t.kind !== 'op') continue;
      if (t.text === open) depth++;
      else if (t.text === close && --depth === 0) return true;
    }
    return false;
  }

  private sub(text: string): AffineForm | undefined {
    if (this.depth >= MAX_MACRO_DEPTH) return undefined;
    return formOfText(text, this.identifier, this.env, this.depth + 1);
  }
}

function tokText(t: Tok): string {
  return t.kind === 'num' ? String(t.value) + (t.int ? '' : '.0') : t.text;
}

/** Splits macro-call argument tokens on top-level commas back into text. */
function splitArgs(toks: Tok[]): string[] | undefined {
  const out: string[] = [];
  let cur: string[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t.kind === 'op' && t.text === '(') depth++;
    if (t.kind === 'op' && t.text === ')') depth--;
    if (t.kind === 'op' && t.text === ',' && depth === 0) {
      out.push(cur.join(' '));
      cur = [];
      continue;
    }
    cur.push(tokText(t));
  }
  if (cur.length) out.push(cur.join(' '));
  return out;
}

function combine(op: string, a: AffineForm, b: AffineForm): AffineForm | undefined {
  switch (op) {
    case '+': return addForms(a, b);
    case '-': return addForms(a, b, -1);
    case '*': return mulForms(a, b);
    case '/': return isConstantForm(b) ? divideForm(a, b.constant) : undefined;
    case '%': return isConstantForm(a) && isConstantForm(b) && b.constant !== 0 ? constantForm(a.constant % b.constant) : undefined;
    case '<<': return isConstantForm(b) && b.constant >= 0 && b.constant < 31 ? scaleForm(a, 2 ** b.constant) : undefined;
    case '>>': return isConstantForm(b) && b.constant >= 0 && b.constant < 31 ? divideForm(a, 2 ** b.constant) : undefined;
    default: return undefined;
  }
}

/** Longest index expression parsed; longer text is generated code, not an index. */
const MAX_TEXT = 1000;

/** The affine form of expression text, or undefined when it is not affine in the resolved names. */
export function formOfText(text: string, identifier: IdentifierForm, env: EvalEnv, depth = 0): AffineForm | undefined {
  if (text.length > MAX_TEXT) return undefined;
  const toks = tokenize(text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' '));
  if (!toks || toks.length === 0) return undefined;
  try {
    return new FormParser(toks, identifier, env, depth).parse();
  } catch {
    return undefined;
  }
}
