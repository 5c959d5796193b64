import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { removeStaleTempFiles, writeFileDurably } from '../../src/store/durable-file-adapter.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

describe('writeFileDurably', () => {
  it('replaces the whole file', async () => {
    const file = join(await makeTempDir('durable'), 'f.txt');
    await writeFile(file, 'a much longer old content');
    await writeFileDurably(file, 'new');
    expect(await readFile(file, 'utf8')).to.equal('new');
  });

  it('removes its temp file and leaves the target alone when the rename fails', async () => {
    const dir = await makeTempDir('durable');
    const target = join(dir, 'target');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'x');
    let failure: unknown;
    await writeFileDurably(target, 'content').catch((err: unknown) => {
      failure = err;
    });
    expect(failure).to.be.instanceOf(Error);
    expect((await readdir(dir)).sort()).to.deep.equal(['target']);
    expect(await readdir(target)).to.deep.equal(['inside']);
  });

  it('fails cleanly when the directory does not exist', async () => {
    const dir = await makeTempDir('durable');
    let failure: unknown;
    await writeFileDurably(join(dir, 'missing', 'f.txt'), 'x').catch((err: unknown) => {
      failure = err;
    });
    expect((failure as NodeJS.ErrnoException).code).to.equal('ENOENT');
    expect(await readdir(dir)).to.deep.equal([]);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes only the temp files of the given file', async () => {
    const dir = await makeTempDir('stale');
    const names = [
      'data.json',
      '.data.json.1.aa.tmp',
      '.data.json.2.bb.tmp',
      '.other.json.1.aa.tmp',
      'data.json.tmp',
    ];
    for (const name of names) await writeFile(join(dir, name), '');
    expect(await removeStaleTempFiles(join(dir, 'data.json'))).to.equal(2);
    expect((await readdir(dir)).sort()).to.deep.equal(['.other.json.1.aa.tmp', 'data.json', 'data.json.tmp']);
  });
});
