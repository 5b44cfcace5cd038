// Expands the CLI's file and directory arguments into the CUDA sources to analyse (.cu, .cuh), skipping
// dependency and hidden folders, and reads them with clear errors for missing or unreadable paths.
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './io';

const CUDA_EXTENSIONS = new Set(['.cu', '.cuh']);
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out']);

export function collectCudaFiles(args: string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch {
      throw new UsageError(`cannot read "${arg}": no such file or directory`);
    }
    if (stat.isDirectory()) walk(arg, files);
    else files.push(arg);
  }
  return files;
}

function walk(dir: string, into: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, into);
    else if (CUDA_EXTENSIONS.has(path.extname(entry.name))) into.push(full);
  }
}

export function readSource(file: string): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read "${file}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return buf.toString('utf8');
}
