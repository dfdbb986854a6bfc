import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises'

/** A lock older than this is abandoned: the sections it guards take milliseconds. */
const STALE_AFTER_MS = 10_000

/** True when `pid` names no running process on this machine. */
export function isDead(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `section` holding the lock file `path` (one process at a time).
 * Waits at most `timeoutMs`; a lock whose process is gone, or older than 10 s, is broken.
 */
export async function withFileLock<T>(path: string, timeoutMs: number, section: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + timeoutMs
  const token = `${process.pid} ${Math.random().toString(36).slice(2)}`
  // The lock is written whole under a temp name, then hard-linked into place: `link` fails if the
  // lock exists, so taking it is atomic, and a process killed at any point never leaves an empty lock.
  const temp = `${path}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`
  await writeFile(temp, token, { mode: 0o600 })
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(temp, path)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      if (await breakIfStale(path)) continue
      if (performance.now() >= deadline) throw new Error(`a session file stayed locked for over ${timeoutMs} ms`)
      await pause(Math.min(2 + Math.random() * 3 * (attempt + 1), 25))
    }
  } finally {
    await unlink(temp).catch(() => {})
  }
  try {
    return await section()
  } finally {
    // Remove the lock only if it is still ours (a very slow section may have had it broken).
    if ((await readFile(path, 'utf8').catch(() => null)) === token) await unlink(path).catch(() => {})
  }
}

export async function breakIfStale(path: string): Promise<boolean> {
  try {
    const [content, info] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    const pid = Number(content.split(' ')[0])
    const stale = isDead(pid) || Date.now() - info.mtimeMs > STALE_AFTER_MS
    if (!stale) return false
    // Unlink only the lock we judged: another process may have broken and retaken it meanwhile.
    if ((await readFile(path, 'utf8')) !== content) return false
    await unlink(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true // released meanwhile: retry now
    throw error
  }
}
