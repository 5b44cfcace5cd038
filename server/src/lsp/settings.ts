// Reads the cudaLens.* settings through workspace/configuration and fills in defaults, so the rest of the
// server never sees a missing or mistyped value.
import { Connection } from 'vscode-languageserver';
import { CudaLensSettings, DEFAULT_SETTINGS, SETTINGS_SECTION } from './protocol';

const LEVELS = new Set(['off', 'hint', 'info', 'warning', 'error']);

export async function readSettings(connection: Connection): Promise<CudaLensSettings> {
  const raw = (await connection.workspace.getConfiguration(SETTINGS_SECTION)) as Partial<CudaLensSettings> | null;
  return normalizeSettings(raw ?? {});
}

export function normalizeSettings(raw: Partial<CudaLensSettings>): CudaLensSettings {
  const rules: CudaLensSettings['rules'] = {};
  for (const [id, level] of Object.entries(raw.rules ?? {})) {
    if (typeof level === 'string' && LEVELS.has(level)) rules[id] = level as CudaLensSettings['rules'][string];
  }
  return {
    targetGpu: typeof raw.targetGpu === 'string' && raw.targetGpu ? raw.targetGpu : DEFAULT_SETTINGS.targetGpu,
    nvccPath: typeof raw.nvccPath === 'string' ? raw.nvccPath : '',
    inlayHints: { enabled: raw.inlayHints?.enabled !== false },
    rules,
  };
}
