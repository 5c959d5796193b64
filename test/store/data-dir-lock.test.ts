import { spawn } from 'node:child_process';
import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { acquireDataDirLock, LOCK_STALE_MS } from '../../src/store/data-dir-lock.js';
import { StoreOpenError } from '../../src/store/store.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

const LOCK_DIR = 'mh-nettverket.lock';
const OWNER_FILE = 'mh-nettverket.lock-owner.json';
const noCompromise = { onCompromised: (err: Error) => expect.fail(`lock compromised: ${err.message}`) };

/** Pretends a process with `pid` on `host` holds the lock of `dataDir` (as after a crash). */
async function plantLock(dataDir: string, pid: number, host = hostname()): Promise<void> {
  await mkdir(join(dataDir, LOCK_DIR));
  const lockIno = (await stat(join(dataDir, LOCK_DIR))).ino;
  await writeFile(join(dataDir, OWNER_FILE), JSON.stringify({ pid, host, lockIno }));
}

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

async function refusal(dataDir: string): Promise<Error> {
  let failure: unknown;
  await acquireDataDirLock(dataDir, noCompromise).then(
    (lock) => lock.release(),
    (err: unknown) => {
      failure = err;
    },
  );
  if (!(failure instanceof Error)) throw new Error('expected the lock to be refused');
  return failure;
}

describe('acquireDataDirLock', () => {
  it('is exclusive, releases idempotently and can be taken again', async () => {
    const dataDir = await makeTempDir('lock');
    const lock = await acquireDataDirLock(dataDir, noCompromise);
    const failure = await refusal(dataDir);
    expect(failure).to.be.instanceOf(StoreOpenError);
    expect(failure.message).to.include(dataDir);
    await lock.release();
    await lock.release();
    expect(await readdir(dataDir)).to.deep.equal([]);
    const again = await acquireDataDirLock(dataDir, noCompromise);
    await again.release();
  });

  it('takes over at once from a dead holder on this host', async () => {
    const dataDir = await makeTempDir('lock');
    await plantLock(dataDir, await deadPid());
    const lock = await acquireDataDirLock(dataDir, noCompromise);
    await lock.release();
  });

  it('refuses while the recorded holder is running', async () => {
    const dataDir = await makeTempDir('lock');
    await plantLock(dataDir, process.ppid);
    const failure = await refusal(dataDir);
    expect(failure).to.be.instanceOf(StoreOpenError);
    expect(failure.message).to.include(`Another instance is using DATA_DIR ${dataDir}`);
  });

  it('waits out a holder on another host (it cannot check the pid)', async () => {
    const dataDir = await makeTempDir('lock');
    await plantLock(dataDir, await deadPid(), `not-${hostname()}`);
    expect(await refusal(dataDir)).to.be.instanceOf(StoreOpenError);
    // Once nobody has refreshed the lock for LOCK_STALE_MS, it is taken over.
    const past = new Date(Date.now() - LOCK_STALE_MS - 1_000);
    await utimes(join(dataDir, LOCK_DIR), past, past);
    const lock = await acquireDataDirLock(dataDir, noCompromise);
    await lock.release();
  });

  it('does not trust an owner record that belongs to an older lock directory', async () => {
    const dataDir = await makeTempDir('lock');
    const lockIno = (await stat(dataDir)).ino; // not the lock directory's inode
    await mkdir(join(dataDir, LOCK_DIR));
    await writeFile(join(dataDir, OWNER_FILE), JSON.stringify({ pid: await deadPid(), host: hostname(), lockIno }));
    expect(await refusal(dataDir)).to.be.instanceOf(StoreOpenError);
  });
});
