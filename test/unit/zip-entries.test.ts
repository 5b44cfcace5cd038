// The VSIX check (scripts/package.mjs) reads the package's file list from the zip central directory with
// scripts/zip-entries.mjs. These tests build small archives by hand from PKWARE's APPNOTE layout (stored
// entries, no compression) and check the listing, including a trailing archive comment, which moves the
// end record away from the end of the file.
import * as assert from 'node:assert/strict';
import type { ZipEntry } from '../../scripts/zip-entries.mjs';

function storedZip(files: Record<string, string>, comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(Buffer.byteLength(comment), 20);
  return Buffer.concat([...locals, directory, end, Buffer.from(comment, 'utf8')]);
}

describe('zip-entries (VSIX listing)', () => {
  let listZipEntries: (zip: Buffer) => ZipEntry[];
  before(async () => {
    ({ listZipEntries } = await import('../../scripts/zip-entries.mjs'));
  });

  it('lists names and sizes in archive order', () => {
    const zip = storedZip({ 'extension/package.json': '{}', 'extension/dist/server.js': 'x'.repeat(1000) });
    assert.deepEqual(listZipEntries(zip), [
      { name: 'extension/package.json', size: 2, compressedSize: 2 },
      { name: 'extension/dist/server.js', size: 1000, compressedSize: 1000 },
    ]);
  });

  it('finds the directory behind an archive comment', () => {
    const zip = storedZip({ 'a.txt': 'a' }, 'made by a test');
    assert.deepEqual(listZipEntries(zip).map((e) => e.name), ['a.txt']);
  });

  it('rejects data that is not a zip', () => {
    assert.throws(() => listZipEntries(Buffer.from('not a zip archive at all, just text')), /not a zip/);
  });
});
