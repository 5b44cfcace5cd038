// Drives the VS Code workbench (code-server) the way a user does: quick open, the command palette, the
// Problems panel, the light bulb, quick picks, the status bar, typing. Reads what a user sees from the
// DOM. The selectors are VS Code's own class names (checked against code-server 4.100.3 / VS Code 1.100);
// every wait is on a UI condition, never a fixed sleep.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long any single UI condition may take; the language server's first analysis is the slowest. */
export const UI_TIMEOUT_MS = 30_000;
/** How often a condition is re-checked: a polling interval, not a guess at how long anything takes. */
const POLL_MS = 100;

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
const ACTIVE_EDITOR = '.editor-group-container.active .editor-instance .monaco-editor';

/** Text as the user reads it: Monaco renders spaces in code as no-break spaces. */
function normalize(text) {
  return text.replace(/\u00a0/g, ' ');
}

export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {string} workspace the folder code-server has open (the steps read saved files from it)
   */
  constructor(page, workspace) {
    this.page = page;
    this.workspace = workspace;
  }

  async open(url) {
    await this.page.goto(url);
    await this.waitFor('the workbench', this.page.locator('.monaco-workbench'), 'visible', 60_000);
    await this.waitFor('the status bar', this.page.locator('.statusbar'), 'visible', 60_000);
    // The explorer lists the workspace once the file service is up; before that quick open finds nothing.
    await this.waitFor('the explorer listing the workspace', this.page.locator('.explorer-folders-view .monaco-list-row').first(), 'visible', 60_000);
  }

  /** Waits until `probe()` returns a truthy value and returns it; `what` names the condition in errors. */
  async until(what, probe, timeout = UI_TIMEOUT_MS) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await probe();
        if (last) return last;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) {
        const detail = last instanceof Error ? ` (last error: ${last.message})` : '';
        throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${detail}`);
      }
      await this.page.waitForTimeout(POLL_MS);
    }
  }

  /** Waits for a locator's state; a timeout names `what` instead of the selector. */
  async waitFor(what, locator, state = 'visible', timeout = UI_TIMEOUT_MS) {
    try {
      await locator.waitFor({ state, timeout });
    } catch (error) {
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${what} (${state})`, { cause: error });
    }
  }

  fileText(name) {
    return readFileSync(join(this.workspace, name), 'utf8');
  }

  // ---- editors ---------------------------------------------------------------------------------------

  /** Opens a workspace file with quick open (Ctrl+P) and waits for its tab to be the active one. */
  async openFile(name) {
    await this.page.keyboard.press('Control+P');
    await this.waitFor('quick open', this.page.locator(QUICK_INPUT_BOX));
    await this.page.keyboard.type(name);
    // By exact name: editor history also offers look-alikes such as the translation `name.cpp`.
    await this.pickQuickItem(`the file ${name}`, (row) => row.label === name);
    await this.until(`${name} in the active tab`, async () =>
      (await this.page.locator('.editor-group-container.active .tab.active .label-name').allTextContents())
        .some((label) => label.trim() === name));
    await this.waitFor(`the editor of ${name}`, this.page.locator(ACTIVE_EDITOR).first());
    await this.focusEditor();
  }

  async focusEditor() {
    await this.page.locator(`${ACTIVE_EDITOR} textarea`).first().focus();
  }

  /** Moves the cursor with "Go to Line/Column" (1-based, as the status bar shows them). */
  async goToLine(line, column = 1) {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    await this.waitFor('Go to Line', this.page.locator(QUICK_INPUT_BOX));
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.until(`the cursor at Ln ${line}, Col ${column}`, async () =>
      (await this.statusBarText('status.editor.selection')) === `Ln ${line}, Col ${column}`);
  }

  /** The rendered text of the visible line of the active editor that contains `needle`, inlay hints included. */
  async lineText(needle) {
    const texts = await this.page.locator(`${ACTIVE_EDITOR} .view-lines .view-line`).allTextContents();
    return texts.map(normalize).find((text) => text.includes(needle));
  }

  /**
   * The inlay hints rendered on the visible line containing `needle`. Monaco renders hints as injected
   * text: spans styled by a dynamic rule (`dyn-rule-*`) inside the view line, beside the token spans.
   */
  async inlayHints(needle) {
    const lines = this.page.locator(`${ACTIVE_EDITOR} .view-lines .view-line`);
    const hints = await lines.evaluateAll((elements, text) => {
      const line = elements.find((e) => e.textContent.replace(/\u00a0/g, ' ').includes(text));
      if (!line) return null;
      return [...line.querySelectorAll('span[class*="dyn-rule-"]')].map((span) => span.textContent);
    }, needle);
    return hints ? hints.map((h) => normalize(h).trim()).filter(Boolean) : null;
  }

  /** The code lenses rendered in the active editor's viewport, top to bottom. */
  async codeLenses() {
    const texts = await this.page.locator(`${ACTIVE_EDITOR} .codelens-decoration`).allTextContents();
    return texts.map((t) => normalize(t).trim()).filter(Boolean);
  }

  /** Waits until the active editor has unsaved changes (an edit, e.g. a lazily resolved quick fix, landed). */
  async waitForUnsavedChanges(timeout = UI_TIMEOUT_MS) {
    await this.waitFor('unsaved changes in the active editor', this.page.locator('.editor-group-container.active .tab.active.dirty'), 'attached', timeout);
  }

  async save() {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    await this.waitFor('the save to finish', this.page.locator('.editor-group-container.active .tab.active.dirty'), 'detached');
  }

  /** Titles of the tabs in each editor group, left to right. */
  async editorGroups() {
    return this.page.locator('.editor-group-container').evaluateAll((groups) =>
      groups.map((g) => [...g.querySelectorAll('.tab .label-name')].map((t) => t.textContent.trim())));
  }

  /** The visible text of the editor in the group whose active tab is `tabName`. */
  async editorTextByTab(tabName) {
    return this.page.locator('.editor-group-container').evaluateAll((groups, name) => {
      const group = groups.find((g) => g.querySelector('.tab.active .label-name')?.textContent.trim() === name);
      if (!group) return null;
      return [...group.querySelectorAll('.view-lines .view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => l.textContent.replace(/\u00a0/g, ' '))
        .join('\n');
    }, tabName);
  }

  // ---- command palette and quick picks -----------------------------------------------------------------

  /** Runs a command from the command palette (F1) by its full title, e.g. "CUDA Lens: Show CPU Translation". */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    await this.waitFor('the command palette', this.page.locator(QUICK_INPUT_BOX));
    await this.page.keyboard.type(title);
    await this.pickQuickItem(`the command "${title}"`, (row) => row.label === title);
  }

  /** The rendered rows of the open quick pick (the list is virtual: only rows in view are in the DOM). */
  async quickItems() {
    return this.page.locator(QUICK_INPUT_ROWS).evaluateAll((rows) => rows.map((row) => ({
      label: row.querySelector('.label-name')?.textContent.trim() ?? row.getAttribute('aria-label') ?? '',
      description: row.querySelector('.label-description')?.textContent.trim() ?? '',
      focused: row.classList.contains('focused'),
      index: Number(row.getAttribute('data-index')),
      count: Number(row.getAttribute('aria-setsize')),
    })));
  }

  /**
   * Moves the quick pick's focus to the first row matching `match` with the arrow keys and accepts it.
   * A row outside the rendered part of the list is reached by walking down once through the whole list.
   */
  async pickQuickItem(what, match) {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    let walked = 0;
    for (;;) {
      const rows = await this.quickItems();
      const focused = rows.find((r) => r.focused);
      if (focused && match(focused)) break;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${UI_TIMEOUT_MS / 1000} s waiting for ${what} in the quick pick (showing: ${rows.map((r) => `${r.label} ${r.description}`.trim()).join('; ') || 'nothing'})`);
      }
      const target = rows.find(match);
      if (target) {
        await this.page.keyboard.press(focused && focused.index > target.index ? 'ArrowUp' : 'ArrowDown');
      } else if (rows.length && walked < rows[0].count) {
        walked++;
        await this.page.keyboard.press('ArrowDown');
      } else {
        // The rows are still being computed (the command palette filters as it goes): look again shortly.
        await this.page.waitForTimeout(POLL_MS);
      }
    }
    const chosen = (await this.quickItems()).find((r) => r.focused);
    const input = this.page.locator(QUICK_INPUT_BOX);
    const typed = await input.inputValue();
    await this.page.keyboard.press('Enter');
    // Accepted when the widget closes, or when the chosen command reuses it for a quick pick of its own
    // (a new input, so the typed text is gone).
    await this.until(`the quick pick to accept "${chosen.label}"`, async () =>
      !(await this.page.locator(QUICK_INPUT).isVisible()) || (await input.inputValue()) !== typed);
    return chosen;
  }

  // ---- Problems panel ----------------------------------------------------------------------------------

  async showProblems() {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await this.waitFor('the Problems panel', this.page.locator('.markers-panel'));
    }
  }

  /** The Problems panel's markers as the user reads them: message, source, code (rule id), line, column. */
  async problems() {
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows
      .filter((row) => row.querySelector('.marker-message'))
      .map((row) => {
        const text = (selector) => row.querySelector(selector)?.textContent.trim() ?? '';
        const [, line, column] = /Ln (\d+), Col (\d+)/.exec(text('.marker-line')) ?? [];
        return {
          message: text('.marker-message'),
          source: text('.marker-source'),
          code: text('.marker-code'),
          line: Number(line),
          column: Number(column),
          severity: ['error', 'warning', 'info'].find((s) => row.querySelector(`.marker-icon.${s}`)) ?? 'hint',
        };
      }));
  }

  /** Waits until the Problems panel satisfies `predicate(problems)`; returns the problems it saw then. */
  async waitForProblems(what, predicate, timeout = UI_TIMEOUT_MS) {
    let seen = [];
    try {
      return await this.until(what, async () => {
        seen = await this.problems();
        return predicate(seen) ? seen : null;
      }, timeout);
    } catch (error) {
      const listing = seen.map((p) => `${p.code || '?'} @${p.line}:${p.column} ${p.message}`).join('; ') || 'none';
      throw new Error(`${error.message}; the Problems panel shows: ${listing}`);
    }
  }

  // ---- light bulb and code actions ------------------------------------------------------------------------

  /** Clicks the light bulb beside the cursor and returns the titles of the actions it offers. */
  async openLightBulb() {
    const bulb = this.page.locator(`${ACTIVE_EDITOR} .lightBulbWidget`);
    const menu = this.page.locator('.action-widget');
    await this.waitFor('the light bulb', bulb);
    // The bulb can move or be re-rendered while the code actions update (it did so under load): click
    // again until the menu opens.
    await this.until('the light bulb menu', async () => {
      if (await menu.isVisible()) return true;
      await bulb.click({ timeout: 2_000 }).catch(() => undefined);
      return menu.isVisible();
    });
    return this.page.locator('.action-widget .monaco-list-row.action').evaluateAll((rows) =>
      rows.map((row) => ({ title: row.getAttribute('aria-label') ?? row.textContent.trim(), focused: row.classList.contains('focused') })));
  }

  /**
   * Applies the action titled `title` from the open action menu with the keyboard (the menu sits under a
   * pointer-blocking layer, so a click does not reach its rows).
   */
  async applyAction(title) {
    for (let moves = 0; ; moves++) {
      const rows = await this.page.locator('.action-widget .monaco-list-row.action').evaluateAll((els) =>
        els.map((row) => ({ title: row.getAttribute('aria-label') ?? row.textContent.trim(), focused: row.classList.contains('focused') })));
      if (rows.find((r) => r.focused)?.title === title) break;
      if (moves > 30) throw new Error(`could not focus the action "${title}" in ${JSON.stringify(rows.map((r) => r.title))}`);
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await this.waitFor('the action menu to close', this.page.locator('.action-widget'), 'hidden');
  }

  // ---- status bar ------------------------------------------------------------------------------------------

  /** The text of the status-bar item whose element id ends with `idSuffix` (extension items are prefixed). */
  async statusBarText(idSuffix) {
    const texts = await this.page.locator('.statusbar-item').evaluateAll((items, suffix) =>
      items.filter((i) => i.id === suffix || i.id.endsWith(`.${suffix}`)).map((i) => i.textContent), idSuffix);
    return texts.length ? normalize(texts[0]).trim() : null;
  }
}
