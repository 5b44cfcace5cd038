// Regenerates what is derived from the rule registry: the README's rule table (between the
// `<!-- rules:start -->` / `<!-- rules:end -->` markers) and the `cudaLens.rules.<id>` settings in
// package.json. `--check` writes nothing and exits 1 when either file is stale (the meta-test runs that).
//
// Settings are declared as one dotted key per rule, not as one `cudaLens.rules` object: VS Code splits
// contributed keys on dots into a value tree, so `getConfiguration('cudaLens').get('rules')` (what the
// language client sends for the `cudaLens` section) is the object `{ <id>: level }` the server reads,
// while the Settings UI shows each rule as its own dropdown. Declaring both would make VS Code ignore
// the dotted keys ("Ignoring cudaLens.rules.x as cudaLens.rules is ...").
//
// Run with `node --import tsx scripts/gen-rules.mjs [--check]` (npm run gen:rules) so the TypeScript
// registry can be imported directly.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const registry = await import('../server/src/rules/index.ts');
const RULES = registry.RULES ?? registry.default?.RULES;
const LEVELS = ['off', 'hint', 'info', 'warning', 'error'];
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

/** Table-cell text: pipes escaped, and underscores outside code spans escaped so `__syncthreads()` does
 *  not turn into bold text. */
function cell(text) {
  return text.replace(/\n/g, ' ').replace(/`[^`]*`|[|_]/g, (m) => (m.length === 1 ? '\\' + m : m));
}

export function readmeTable(rules) {
  const rows = rules.map((r) =>
    `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.defaultSeverity} | ${r.category} | ${cell(r.description)} |`);
  return ['| rule | default severity | category | what it reports |', '|---|---|---|---|', ...rows].join('\n');
}

function updateReadme(text, rules) {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return text.slice(0, start + START.length) + '\n' + readmeTable(rules) + '\n' + text.slice(end);
}

function updatePackage(pkg, rules) {
  const props = pkg.contributes.configuration.properties;
  const next = {};
  for (const [key, value] of Object.entries(props)) if (!key.startsWith('cudaLens.rules.')) next[key] = value;
  for (const r of rules) {
    next[`cudaLens.rules.${r.id}`] = {
      type: 'string',
      enum: LEVELS,
      default: r.defaultSeverity,
      description: `${r.title}: ${r.description} Severity of rule ${r.id} (off disables it).`,
    };
  }
  pkg.contributes.configuration.properties = next;
  return pkg;
}

const check = process.argv.includes('--check');
const readmePath = join(root, 'README.md');
const packagePath = join(root, 'package.json');
const readme = readFileSync(readmePath, 'utf8');
const pkgText = readFileSync(packagePath, 'utf8');
const newReadme = updateReadme(readme, RULES);
const newPkg = JSON.stringify(updatePackage(JSON.parse(pkgText), RULES), null, 2) + '\n';
const stale = [];
if (newReadme !== readme) stale.push('README.md');
if (newPkg !== pkgText) stale.push('package.json');
if (check) {
  if (stale.length) {
    console.error(`stale: ${stale.join(', ')} (run npm run gen:rules)`);
    process.exit(1);
  }
  console.log(`README.md and package.json are up to date with ${RULES.length} rules`);
} else {
  if (newReadme !== readme) writeFileSync(readmePath, newReadme);
  if (newPkg !== pkgText) writeFileSync(packagePath, newPkg);
  console.log(`${stale.length ? 'updated ' + stale.join(', ') : 'nothing to update'} (${RULES.length} rules)`);
}
