// Types of zip-entries.mjs for the TypeScript tests that import it.
export interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
}
export function listZipEntries(zip: Buffer): ZipEntry[];
