// Owns the web-tree-sitter binding: loads the runtime and the tree-sitter-cuda grammar once and hands out
// parsers. Everything else imports tree types from here, so a web-tree-sitter API change touches one file.
import * as fs from 'fs';
import * as path from 'path';
import { Parser, Language, Query } from 'web-tree-sitter';
import type { Node, Tree, Edit, Point } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree as SyntaxTree, Edit as TreeEdit, Point as TreePoint };
export { Query };

let languagePromise: Promise<Language> | undefined;
let language: Language | undefined;

/** Finds a wasm file beside the bundle (dist/) or, when running from source, in node_modules. */
function locateWasm(fileName: string): string {
  const candidates = [
    path.join(__dirname, fileName),
    path.join(__dirname, '..', '..', '..', 'dist', fileName),
    path.join(process.cwd(), 'dist', fileName),
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  try {
    if (fileName === 'tree-sitter.wasm') return require.resolve('web-tree-sitter/tree-sitter.wasm');
    return path.join(path.dirname(require.resolve('tree-sitter-cuda/package.json')), fileName);
  } catch {
    throw new Error(`cuda-lens: cannot find ${fileName}; run "npm run build"`);
  }
}

/** Loads the runtime and the CUDA grammar; safe to call many times (one load per process). */
export function loadCudaLanguage(): Promise<Language> {
  if (!languagePromise) {
    languagePromise = (async () => {
      await Parser.init({ locateFile: () => locateWasm('tree-sitter.wasm') });
      language = await Language.load(fs.readFileSync(locateWasm('tree-sitter-cuda.wasm')));
      return language;
    })();
  }
  return languagePromise;
}

/** The loaded grammar; throws if loadCudaLanguage() has not finished. */
export function cudaLanguage(): Language {
  if (!language) throw new Error('cuda-lens: grammar not loaded; await loadCudaLanguage() first');
  return language;
}

export function createParser(): Parser {
  const parser = new Parser();
  parser.setLanguage(cudaLanguage());
  return parser;
}

const queryCache = new Map<string, Query>();
/** Compiles a query once per process (queries hold wasm memory and are reused). */
export function compileQuery(source: string): Query {
  let q = queryCache.get(source);
  if (!q) {
    q = new Query(cudaLanguage(), source);
    queryCache.set(source, q);
  }
  return q;
}

/** Parses a whole text once; the caller must call tree.delete() when done. */
export function parseText(text: string): Tree {
  const parser = createParser();
  try {
    const tree = parser.parse(text);
    if (!tree) throw new Error('cuda-lens: parser returned no tree');
    return tree;
  } finally {
    parser.delete();
  }
}
