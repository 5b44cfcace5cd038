// The constant evaluator and the affine-form algebra the model is built on.
import * as assert from 'assert';
import { evaluateConstant } from '../../server/src/model';
import { evaluateText, typeBytes } from '../../server/src/model/evaluate';
import {
  addForms, coefficientOf, constantForm, divideForm, formToString, mulForms, substitute, symbolForm, withLoopStarts,
} from '../../server/src/model/affine';
import { tripCount } from '../../server/src/model/loops';

describe('model: constant evaluation', () => {
  const constants = new Map([['n', 1000], ['BLOCK', 256]]);

  it('does C integer arithmetic', () => {
    const cases: [string, number | undefined][] = [
      ['(n + 255) / 256', 4],
      ['(n + BLOCK - 1) / BLOCK', 4],
      ['-7 / 2', -3],
      ['-7 % 3', -1],
      ['1 << 20', 1048576],
      ['0x100 | 0x0f', 271],
      ['n > 500 ? 2 : 1', 2],
      ['(size_t)n * 4', 4000],
      ['static_cast<int>(n) / 3', 333],
      ['sizeof(float4) * 2', 32],
      ['sizeof(unsigned int)', 4],
      ['std::min(n, BLOCK)', 256],
      ["1'000'000", 1000000],
      ['10u + 5UL', 15],
      ['1.5f * 2', 3],
      ['unknown + 1', undefined],
      ['n / 0', undefined],
      ['sizeof(T)', undefined],
      ['', undefined],
      ['(n + ', undefined],
    ];
    for (const [text, want] of cases) assert.strictEqual(evaluateConstant(text, constants), want, text);
  });

  it('expands object-like and function-like macros', () => {
    const macros = new Map([
      ['CEIL_DIV', { params: ['a', 'b'], body: '(((a) + (b) - 1) / (b))' }],
      ['THREADS', { body: '(2 * BLOCK)' }],
      ['SELF', { body: 'SELF + 1' }],
    ]);
    assert.strictEqual(evaluateText('CEIL_DIV(n, THREADS)', { constants, macros }), 2);
    assert.strictEqual(evaluateText('CEIL_DIV(n + 24, 8)', { constants, macros }), 128);
    assert.strictEqual(evaluateText('SELF', { constants, macros }), undefined, 'recursive macros stop');
  });

  it('knows the sizes of CUDA scalar and vector types', () => {
    assert.deepStrictEqual(['float', 'const double', '__half', 'float4', 'int2', 'char', 'float*'].map(typeBytes), [4, 8, 2, 16, 8, 1, 8]);
    assert.strictEqual(typeBytes('MyStruct'), undefined);
  });

  it('counts loop trips for additive and geometric steps', () => {
    assert.strictEqual(tripCount(0, '<', 10, '+', 3), 4);
    assert.strictEqual(tripCount(0, '<=', 10, '+', 5), 3);
    assert.strictEqual(tripCount(10, '>', 0, '-', 1), 10);
    assert.strictEqual(tripCount(512, '>', 0, '>>', 1), 10);
    assert.strictEqual(tripCount(1, '<', 1024, '<<', 1), 10);
    assert.strictEqual(tripCount(5, '<', 3, '+', 1), 0);
    assert.strictEqual(tripCount(0, '<', 10, '-', 1), undefined, 'moves away from the bound');
    assert.strictEqual(tripCount(0, '<', 10, '*', 2), undefined, 'zero never grows');
  });
});

describe('model: affine forms', () => {
  const tx = symbolForm('threadIdx.x');
  const bx = symbolForm('blockIdx.x');
  const bd = symbolForm('blockDim.x');

  it('multiplies and adds into sorted monomials', () => {
    const gid = addForms(mulForms(bx, bd)!, tx);
    assert.deepStrictEqual(gid.terms, [{ coef: 1, vars: ['blockDim.x', 'blockIdx.x'] }, { coef: 1, vars: ['threadIdx.x'] }]);
    const scaled = mulForms(addForms(gid, constantForm(1)), constantForm(4))!;
    assert.strictEqual(formToString(scaled), '4*blockDim.x*blockIdx.x + 4*threadIdx.x + 4');
    assert.strictEqual(coefficientOf(scaled, 'blockIdx.x', 'blockDim.x'), 4);
    assert.deepStrictEqual(addForms(gid, gid, -1), { terms: [], constant: 0 });
  });

  it('divides only exactly and substitutes loop starts', () => {
    assert.strictEqual(divideForm(addForms(mulForms(tx, constantForm(4))!, constantForm(8)), 4) !== undefined, true);
    assert.strictEqual(divideForm(tx, 2), undefined);
    const i = symbolForm('i');
    const f = addForms(mulForms(i, constantForm(2))!, constantForm(1));
    assert.strictEqual(formToString(substitute(f, 'i', tx)!), '2*threadIdx.x + 1');
    const loop = {
      file: 'f.cu', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, headerRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      hasBarrier: false, variable: 'i', init: tx,
    };
    assert.strictEqual(formToString(withLoopStarts(f, [loop])!), '2*threadIdx.x + 1');
  });
});
