// Meta-tests that keep the rule registry, docs, test tables and generated files in step: every
// registered rule has a doc and a test table, every doc and table belongs to a registered rule, ids are
// kebab-case, unique and sorted, and the README table and package.json settings match the registry.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/rules';

const root = path.join(__dirname, '..', '..');
const ids = RULES.map((r) => r.id);
/** Test files in test/rules that are not one rule's table. */
const NON_RULE_TESTS = /^(meta|fixes-[a-z]+)\.test\.ts$/;

describe('rule registry meta-tests', () => {
  it('has kebab-case, unique ids in sorted order', () => {
    assert.ok(RULES.length > 0, 'the registry is empty');
    for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `rule id "${id}" is not kebab-case`);
    assert.equal(new Set(ids).size, ids.length, `duplicate rule ids: ${ids.filter((id, i) => ids.indexOf(id) !== i)}`);
    assert.deepEqual(ids, [...ids].sort((a, b) => a.localeCompare(b)), 'registry is not sorted by id');
  });

  it('gives every rule complete metadata', () => {
    for (const r of RULES) {
      assert.ok(r.title.trim(), `${r.id}: empty title`);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(r.defaultSeverity), `${r.id}: bad severity`);
      assert.ok(['memory', 'launch', 'host', 'kernel', 'correctness'].includes(r.category), `${r.id}: bad category`);
      assert.match(r.description, /^[A-Z`].*\.$/, `${r.id}: description should be one sentence ending with a period`);
    }
  });

  it('has a doc and a test table for every rule', () => {
    for (const id of ids) {
      const doc = path.join(root, 'docs', 'rules', `${id}.md`);
      assert.ok(fs.existsSync(doc), `missing docs/rules/${id}.md`);
      assert.ok(fs.readFileSync(doc, 'utf8').includes(id), `docs/rules/${id}.md does not name the rule`);
      assert.ok(fs.existsSync(path.join(root, 'test', 'rules', `${id}.test.ts`)), `missing test/rules/${id}.test.ts`);
    }
  });

  it('has no doc or test table for a rule that is not registered', () => {
    for (const name of fs.readdirSync(path.join(root, 'docs', 'rules'))) {
      if (!name.endsWith('.md')) continue;
      assert.ok(ids.includes(name.slice(0, -3)), `docs/rules/${name} belongs to no registered rule`);
    }
    for (const name of fs.readdirSync(path.join(root, 'test', 'rules'))) {
      if (!name.endsWith('.test.ts') || NON_RULE_TESTS.test(name)) continue;
      assert.ok(ids.includes(name.slice(0, -'.test.ts'.length)), `test/rules/${name} belongs to no registered rule`);
    }
  });

  it('declares one cudaLens.rules.<id> setting per rule with the rule default', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const props: Record<string, { default?: string; enum?: string[] }> = pkg.contributes.configuration.properties;
    // A `cudaLens.rules` object next to dotted keys would make VS Code drop the dotted ones.
    assert.equal(props['cudaLens.rules'], undefined, 'declare dotted per-rule keys, not a cudaLens.rules object');
    const declared = Object.keys(props).filter((k) => k.startsWith('cudaLens.rules.')).map((k) => k.slice('cudaLens.rules.'.length));
    assert.deepEqual([...declared].sort(), [...ids].sort(), 'rule settings differ from the registry');
    for (const r of RULES) {
      const p = props[`cudaLens.rules.${r.id}`];
      assert.equal(p.default, r.defaultSeverity, `${r.id}: setting default`);
      assert.deepEqual(p.enum, ['off', 'hint', 'info', 'warning', 'error'], `${r.id}: setting levels`);
    }
  });

  it('has a README rule table and package.json that regenerating would not change', () => {
    // Throws (non-zero exit) when scripts/gen-rules.mjs would rewrite either file.
    execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'gen-rules.mjs'), '--check'],
      { cwd: root, stdio: 'pipe' });
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const id of ids) assert.ok(readme.includes(`[\`${id}\`](docs/rules/${id}.md)`), `README table lacks ${id}`);
  });
});
