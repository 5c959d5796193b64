import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  DurableFileAdapter,
  removeStaleTempFiles,
  writeFileDurably,
} from '../../src/store/durable-file-adapter.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

const parse = (text: string) => JSON.parse(text) as { n: number };

describe('DurableFileAdapter', () => {
  it('reads null when the file does not exist, then reads back what it wrote', async () => {
    const file = join(await makeTempDir('adapter'), 'data.json');
    const adapter = new DurableFileAdapter(file, { parse });
    expect(await adapter.read()).to.equal(null);
    await adapter.write({ n: 1 });
    expect(await adapter.read()).to.deep.equal({ n: 1 });
    expect(await readFile(file, 'utf8')).to.equal('{\n  "n": 1\n}\n');
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
  });

  it('applies writes in call order and leaves no temp files', async () => {
    const dir = await makeTempDir('adapter');
    const file = join(dir, 'data.json');
    const adapter = new DurableFileAdapter(file, { parse, serialize: (d) => JSON.stringify(d) });
    await Promise.all([1, 2, 3, 4, 5].map((n) => adapter.write({ n })));
    expect(await adapter.read()).to.deep.equal({ n: 5 });
    expect(await readdir(dir)).to.deep.equal(['data.json']);
  });

  it('serialises the data when write() is called, not later', async () => {
    const file = join(await makeTempDir('adapter'), 'data.json');
    const adapter = new DurableFileAdapter(file, { parse });
    const data = { n: 1 };
    const writing = adapter.write(data);
    data.n = 2;
    await writing;
    expect(await adapter.read()).to.deep.equal({ n: 1 });
  });

  it('passes parse errors on', async () => {
    const file = join(await makeTempDir('adapter'), 'data.json');
    await writeFile(file, 'not json');
    const adapter = new DurableFileAdapter(file, { parse });
    let failure: unknown;
    await adapter.read().catch((err: unknown) => {
      failure = err;
    });
    expect(failure).to.be.instanceOf(SyntaxError);
  });
});

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
