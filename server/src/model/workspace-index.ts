// Kernels by name across the workspace, so a launch in one file finds a kernel defined in another (a
// header the file does not include directly, or a sibling translation unit). Also remembers the latest
// text of each indexed file, which the model builder prefers over the disk when following includes, and
// which files include which, so the server knows whom to re-analyse when a header changes.
import { parseText } from '../parse/grammar';
import type { Kernel } from './types';
import { buildProgramModel } from './build';
import { forgetHeader } from './includes';

interface Entry { text: string; kernels: Kernel[]; includes: string[] }

export class WorkspaceIndex {
  private readonly files = new Map<string, Entry>();

  /** Re-indexes a file from its current text. Needs the grammar loaded (await loadCudaLanguage()). */
  update(file: string, text: string): void {
    forgetHeader(file);
    let kernels: Kernel[] = [];
    let includes: string[] = [];
    let tree;
    try {
      tree = parseText(text);
      // Headers are read from the index's texts first (open editors), then from the disk.
      const model = buildProgramModel(tree, text, file, { index: this });
      kernels = model.kernels.filter((k) => k.file === file).map(detach);
      includes = model.includes;
    } catch {
      // Unparseable input indexes as no kernels; the previous entry is replaced so stale kernels vanish.
    } finally {
      tree?.delete();
    }
    this.files.set(file, { text, kernels, includes });
  }

  remove(file: string): void {
    this.files.delete(file);
    forgetHeader(file);
  }

  kernelsNamed(name: string): Kernel[] {
    const out: Kernel[] = [];
    for (const e of this.files.values()) for (const k of e.kernels) if (k.name === name) out.push(k);
    return out;
  }

  /** Latest indexed text of a file, if it is indexed. */
  textOf(file: string): string | undefined {
    return this.files.get(file)?.text;
  }

  /** Indexed files that include `header` directly or through other headers. */
  dependentsOf(header: string): string[] {
    const out: string[] = [];
    for (const [file, e] of this.files) if (e.includes.includes(header)) out.push(file);
    return out;
  }

  get size(): number {
    return this.files.size;
  }
}

/** Drops syntax nodes: the tree they belong to is deleted once the file is indexed. */
function detach(k: Kernel): Kernel {
  const copy: Kernel = { ...k, accesses: k.accesses.map(({ node: _node, ...a }) => a) };
  delete copy.node;
  return copy;
}
