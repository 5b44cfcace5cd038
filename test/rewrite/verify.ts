// Shared steps of the rewrite tests: ask the real language server (dist/server.js over stdio) for a
// rewrite's code action and apply it; compile the result with `nvcc -c`; translate a program to C++/OpenMP,
// build it with g++ and run it, returning its output so the rewritten program can be compared with the
// original.
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { promisify } from 'util';
import type { CodeAction, Diagnostic, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/rewrite';
import { transpileText, writeTranslation } from '../../server/src/transpile';
import type { LspSession } from '../lsp/session';

const exec = promisify(execFile);
export const ROOT = path.resolve(__dirname, '..', '..');
export const SAMPLES = path.join(ROOT, 'samples');
export const REWRITE_SAMPLES = path.join(SAMPLES, 'rewrite');

export interface SampleEntry { file: string; rewrite: string; rule: string | null; at: string }
export const MANIFEST: SampleEntry[] = JSON.parse(fs.readFileSync(path.join(REWRITE_SAMPLES, 'manifest.json'), 'utf8')).samples;

export function positionOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not found`);
  return { line: text.slice(0, offset).split('\n').length - 1, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

export async function available(tool: string): Promise<boolean> {
  return exec(tool, ['--version']).then(() => true, () => false);
}

/** The refactor.rewrite code actions the server offers at a position (with the diagnostics there). */
export async function rewriteActions(session: LspSession, file: string, text: string, at: string): Promise<CodeAction[]> {
  const uri = pathToFileURL(file).toString();
  const published = await session.open(uri, text);
  const position = positionOf(text, at);
  const diagnostics = published.diagnostics.filter((d: Diagnostic) => d.range.start.line <= position.line && position.line <= d.range.end.line);
  const actions = (await session.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics },
  })) as CodeAction[];
  return actions.filter((a) => a.kind === 'refactor.rewrite');
}

/** Resolves a code action and applies its edit to the document text. */
export async function applyAction(session: LspSession, file: string, text: string, action: CodeAction): Promise<string> {
  const resolved = (await session.connection.sendRequest('codeAction/resolve', action)) as CodeAction;
  const edit = resolved.edit as WorkspaceEdit | undefined;
  assert.ok(edit?.changes, `"${action.title}" resolved without an edit`);
  const uri = pathToFileURL(file).toString();
  const edits = edit.changes[uri] ?? [];
  assert.ok(edits.length > 0, 'the edit does not touch the document');
  return applyEdits(text, edits.map((e) => ({ file, range: e.range, newText: e.newText })));
}

/** Writes text beside the samples' layout (so `#include "../sample_check.h"` resolves) and runs nvcc -c. */
export async function nvccCompiles(text: string, name: string, dir: string): Promise<void> {
  const sub = path.join(dir, 'rewrite');
  fs.mkdirSync(sub, { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, 'sample_check.h'), path.join(dir, 'sample_check.h'));
  const src = path.join(sub, name);
  fs.writeFileSync(src, text);
  await exec('nvcc', ['-c', src, '-o', `${src}.o`], { timeout: 300000 });
  assert.ok(fs.statSync(`${src}.o`).size > 0);
}

/** nvcc -c on a file already written into dir (beside the headers it includes). */
export async function nvccCompilesIn(dir: string, name: string): Promise<void> {
  const src = path.join(dir, name);
  await exec('nvcc', ['-c', src, '-o', `${src}.o`], { timeout: 300000 });
  assert.ok(fs.statSync(`${src}.o`).size > 0);
}

/** Output of the program's CPU translation (g++ -std=c++17 -O2 -fopenmp), as the transpiler contract says. */
export async function translatedOutput(text: string, file: string, dir: string): Promise<string> {
  const main = writeTranslation(await transpileText(text, file), dir);
  const exe = path.join(dir, 'program');
  await exec('g++', ['-std=c++17', '-O2', '-fopenmp', '-I', path.dirname(file), '-I', dir, main, '-o', exe], { timeout: 300000 });
  const { stdout } = await exec(exe, [], { timeout: 300000, env: { ...process.env, OMP_NUM_THREADS: '2' } });
  return stdout;
}

/** `cuda-lens fix <file> --rule ID -o out` with the built CLI; returns the written text. */
export async function cliFix(file: string, ruleId: string, dir: string): Promise<string> {
  const out = path.join(dir, `${path.basename(file)}.${ruleId}.cu`);
  await exec(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'fix', file, '--rule', ruleId, '-o', out], { timeout: 120000 });
  return fs.readFileSync(out, 'utf8');
}
