// The browser run's user flows, through the VS Code API in a desktop VS Code (@vscode/test-electron):
// activation on a .cu file, diagnostics with rule ids, cost hints, the bounds-check quick fix, the CPU
// translation beside the source, the target-GPU switch and live re-analysis while typing. Expectations
// come from test/e2e/tour.json, shared with the browser steps.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import tour from '../../tour.json';

const TIME_ESTIMATE = new RegExp(tour.timeEstimate);
const EARLY_RETURN = new RegExp(tour.earlyReturn);
const NOT_A_FIX = new RegExp(tour.notAFix, 'i');
const RULE_ID = new RegExp(tour.ruleId);
const TIMEOUT_MS = 30_000;
/** Re-check interval for state the API has no change event for (inlay hints, visible editors' text). */
const POLL_MS = 100;

function tourUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens samples/ as the workspace');
  return vscode.Uri.joinPath(folder.uri, tour.file);
}

function lineOf(document: vscode.TextDocument, needle: string): number {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text.includes(needle)) return line;
  }
  throw new Error(`"${needle}" is not in ${document.uri.path}`);
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code ?? '');
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'cuda-lens');
}

/** Resolves with the document's CUDA Lens diagnostics once `predicate` holds, re-checking on every publish. */
function waitForDiagnostics(uri: vscode.Uri, what: string, predicate: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = ours(uri);
      if (!predicate(current)) return false;
      clearTimeout(timer);
      subscription.dispose();
      resolve(current);
      return true;
    };
    const timer = setTimeout(() => {
      subscription.dispose();
      const seen = ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`).join(', ') || 'none';
      reject(new Error(`timed out waiting for ${what}; diagnostics: ${seen}`));
    }, TIMEOUT_MS);
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function hintsOnLine(uri: vscode.Uri, line: number): Promise<string> {
  const range = new vscode.Range(line, 0, line + 1, 0);
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range);
  return (hints ?? [])
    .filter((h) => h.position.line === line)
    .map((h) => (typeof h.label === 'string' ? h.label : h.label.map((part) => part.value).join('')))
    .join(' ');
}

describe('CUDA Lens in VS Code desktop', () => {
  let editor: vscode.TextEditor;

  before(async () => {
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(tourUri()));
  });

  it('activates on a .cu file and publishes diagnostics with rule ids', async () => {
    const extension = vscode.extensions.getExtension('cuda-lens.cuda-lens');
    assert.ok(extension, 'the extension is installed');
    await until('activation', async () => extension.isActive);
    const diagnostics = await waitForDiagnostics(editor.document.uri, tour.expectedRules.join(', '), (all) =>
      tour.expectedRules.every((id) => all.some((d) => codeOf(d) === id)));
    for (const d of diagnostics) assert.match(codeOf(d), RULE_ID);
    const bounds = diagnostics.find((d) => codeOf(d) === 'missing-bounds-check');
    assert.equal(bounds?.range.start.line, lineOf(editor.document, tour.unguardedStore));
  });

  it('shows cost estimates as inlay hints at the launches', async () => {
    for (const launch of [tour.scaleLaunch, tour.transposeLaunch]) {
      const line = lineOf(editor.document, launch);
      await until(`a time estimate on "${launch}"`, async () => TIME_ESTIMATE.test(await hintsOnLine(editor.document.uri, line)));
    }
  });

  it('applies the bounds-check quick fix', async () => {
    const before = editor.document.getText();
    const [bounds] = await waitForDiagnostics(editor.document.uri, 'missing-bounds-check', (all) =>
      all.some((d) => codeOf(d) === 'missing-bounds-check')).then((all) => all.filter((d) => codeOf(d) === 'missing-bounds-check'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', editor.document.uri, bounds.range, vscode.CodeActionKind.QuickFix.value, 10);
    const fixes = actions.filter((a) => !NOT_A_FIX.test(a.title));
    const fix = fixes.find((a) => new RegExp(tour.boundsFixTitle, 'i').test(a.title)) ?? fixes[0];
    assert.ok(fix, `a fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));

    const after = editor.document.getText().split('\n');
    const inserted = after.flatMap((line, index) => (EARLY_RETURN.test(line) ? [index] : []));
    assert.equal(inserted.length, 1, 'one early return inserted');
    assert.equal(after.filter((_, index) => index !== inserted[0]).join('\n'), before, 'nothing else changed');
    assert.ok(lineOf(editor.document, tour.indexLine) < inserted[0] && inserted[0] < lineOf(editor.document, tour.unguardedStore));
    await waitForDiagnostics(editor.document.uri, 'missing-bounds-check to go away', (all) =>
      !all.some((d) => codeOf(d) === 'missing-bounds-check'));
  });

  it('opens the CPU translation beside the source', async () => {
    await vscode.commands.executeCommand('cudaLens.showCpuTranslation', editor.document.uri);
    const translation = await until('a C++ editor beside the source', async () => vscode.window.visibleTextEditors.find((e) =>
      e.document.uri.toString() !== editor.document.uri.toString() &&
      e.viewColumn !== editor.viewColumn &&
      /\bscale\b/.test(e.document.getText()) && /#include|#pragma omp/.test(e.document.getText())));
    assert.equal(translation.document.languageId, 'cpp');

    // The translation follows unsaved edits of the source.
    const end = editor.document.lineAt(lineOf(editor.document, tour.unguardedStore)).range.end;
    assert.ok(await editor.edit((edit) => edit.insert(end, `\n  ${tour.addedStatement}`)));
    await until('the edit in the translation', async () => translation.document.getText().includes(tour.addedStatement));
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
  });

  it('re-estimates for another target GPU', async () => {
    const line = lineOf(editor.document, tour.scaleLaunch);
    const before = await until('the hint before', async () => {
      const text = await hintsOnLine(editor.document.uri, line);
      return TIME_ESTIMATE.test(text) && text;
    });
    await vscode.commands.executeCommand('cudaLens.selectTargetGpu', tour.otherGpu);
    assert.equal(vscode.workspace.getConfiguration('cudaLens').get('targetGpu'), tour.otherGpu);
    await until('the hint to change', async () => {
      const text = await hintsOnLine(editor.document.uri, line);
      return TIME_ESTIMATE.test(text) && text !== before;
    });
  });

  it('re-analyses while typing inside a kernel', async () => {
    const line = lineOf(editor.document, tour.unguardedStore);
    const end = editor.document.lineAt(line).range.end;
    assert.ok(await editor.edit((edit) => edit.insert(end, `\n  ${tour.stridedStore}`)));
    await waitForDiagnostics(editor.document.uri, `${tour.stridedRule} on the typed line`, (all) =>
      all.some((d) => codeOf(d) === tour.stridedRule && d.range.start.line === line + 1));
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(editor.document.uri, `${tour.stridedRule} to go away after undo`, (all) =>
      !all.some((d) => codeOf(d) === tour.stridedRule && d.range.start.line === line + 1));
  });
});
