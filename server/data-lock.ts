/**
 * PGlite is one process's database: two processes opening the same data folder would corrupt
 * it. The server and the tokens CLI take this lock file (`healthbar.lock`, holding the pid) while
 * they use the folder; a lock left by a dead process is taken over.
 */
import { chmod, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirBusy extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates the data folder readable by its owner only (0700): it holds the workspace's data and the
 * token hashes. An existing folder is tightened to 0700 too. (Parents made on the way keep the
 * usual mode.) Not on Windows, where modes do not apply.
 */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await chmod(dir, 0o700);
}

/** Takes the lock of `dir`; returns its release. Throws `DataDirBusy` when a live process holds it. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  await makePrivateDir(dir);
  const path = join(dir, 'healthbar.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirBusy(
          `The data folder ${dir} is in use by process ${pid} (a running Healthbar server?). Stop it first: the embedded database serves one process at a time.`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new DataDirBusy(`Could not take the lock of the data folder ${dir}.`);
}
