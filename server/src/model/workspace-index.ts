// Kernels by name across the workspace, so a launch in one file finds a kernel defined in another (a
// header the file does not include directly, or a sibling translation unit). It also keeps the latest text
// of each file, which the model builder prefers over the disk when following includes (unsaved editors),
// and the include graph, so the server knows which files to re-analyse when a header changes.
// Updating is cheap (the server calls it on every keystroke): a file is parsed for its kernels only when a
// lookup asks for a name that occurs in its text.
import { parseText } from '../parse/grammar';
import type { Kernel } from './types';
import { buildProgramModel } from './build';
import { forgetHeader, resolveInclude } from './includes';

interface Entry {
  text: string;
  /** Kernels defined in the file; undefined until a lookup needs them. */
  kernels?: Kernel[];
  /** Resolved paths of its local `#include "..."` lines. */
  includes: string[];
}

const LOCAL_INCLUDE = /^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm;

export class WorkspaceIndex {
  private readonly files = new Map<string, Entry>();

  /** Records a file's current text; its kernels are extracted on the first lookup that needs them. */
  update(file: string, text: string): void {
    forgetHeader(file);
    const includes = [...text.matchAll(LOCAL_INCLUDE)].map((m) => resolveInclude(file, m[1]));
    this.files.set(file, { text, includes });
  }

  remove(file: string): void {
    this.files.delete(file);
    forgetHeader(file);
  }

  /** Kernels with this name in any indexed file. Needs the grammar loaded (await loadCudaLanguage()). */
  kernelsNamed(name: string): Kernel[] {
    const out: Kernel[] = [];
    for (const [file, e] of this.files) {
      if (!e.kernels) {
        if (!e.text.includes(name)) continue;
        this.extract(file, e);
      }
      for (const k of e.kernels ?? []) if (k.name === name) out.push(k);
    }
    return out;
  }

  /** Latest indexed text of a file, if it is indexed. */
  textOf(file: string): string | undefined {
    return this.files.get(file)?.text;
  }

  /** Indexed files that include `header`, directly or through other headers. */
  dependentsOf(header: string): string[] {
    const found = new Set<string>();
    const queue = [header];
    while (queue.length) {
      const h = queue.pop() as string;
      for (const [file, e] of this.files) {
        if (found.has(file) || file === header || !e.includes.includes(h)) continue;
        found.add(file);
        queue.push(file);
      }
    }
    return [...found];
  }

  get size(): number {
    return this.files.size;
  }

  private extract(file: string, e: Entry): void {
    // Set first: building this file may look up names, which must not extract it again.
    e.kernels = [];
    let tree;
    try {
      tree = parseText(e.text);
      const model = buildProgramModel(tree, e.text, file, { index: this });
      e.kernels = model.kernels.filter((k) => k.file === file).map(({ node: _node, ...k }) => k as Kernel);
    } catch {
      // Unparseable input indexes as no kernels.
    } finally {
      tree?.delete();
    }
  }
}
