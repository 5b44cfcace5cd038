// Re-indents generated kernel code by brace depth, so the lowered loops read like hand-written C++.
// Strings, character literals and comments are skipped when counting braces; preprocessor lines stay at
// column 0; a line continuing an unfinished statement is indented one extra step.

export function reindent(code: string, base = 0, step = '  '): string {
  let depth = base;
  let inBlockComment = false;
  let prevOpen = false;
  const out: string[] = [];
  for (const raw of code.split('\n')) {
    const line = raw.trim();
    if (line === '') { out.push(''); continue; }
    if (line.startsWith('#') && !inBlockComment) { out.push(line); continue; }
    let opens = 0, closes = 0, leadingCloses = 0, seenCode = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inBlockComment) {
        if (c === '*' && line[i + 1] === '/') { inBlockComment = false; i++; }
        continue;
      }
      if (c === '/' && line[i + 1] === '/') break;
      if (c === '/' && line[i + 1] === '*') { inBlockComment = true; i++; continue; }
      if (c === '"' || c === "'") {
        for (i++; i < line.length && line[i] !== c; i++) if (line[i] === '\\') i++;
        seenCode = true;
        continue;
      }
      if (c === '{') opens++;
      else if (c === '}') { if (!seenCode && opens === 0) leadingCloses++; else closes++; }
      if (c !== '}' && c !== ' ') seenCode = true;
    }
    const d = Math.max(0, depth - leadingCloses);
    const cont = prevOpen && !/^[{}]/.test(line) ? 2 : 0;
    out.push(step.repeat(d) + ' '.repeat(cont) + line);
    depth = Math.max(0, depth - leadingCloses + opens - closes);
    prevOpen = !/[;{}:]\s*(\/\/.*)?$/.test(line) && !line.startsWith('//') && !/^(for|if|while|else|do)\b.*\)\s*$/.test(line) && !/^else$/.test(line);
  }
  return out.join('\n');
}
