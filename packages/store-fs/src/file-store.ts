import { lstat, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkWrite, isExpired, SessionConfigError, storeError, type SessionStore, type StoreEntry, type StoredSession, type WriteCondition, type WriteResult } from '@sess/core'
import { formatFile, parseFile } from './file-format.js'
import { encodeKey, LOCK_SUFFIX, SESSION_SUFFIX, sessionStem, TEMP_SUFFIX, tempName, tempOwner } from './file-names.js'
import { breakIfStale, isDead, withFileLock } from './lock.js'

export interface FileStoreOptions {
  /** Directory holding one file per session; created with mode 0700 if missing. @default join(os.tmpdir(), 'sess') */
  dir?: string
  /** Permission bits of every session file (applied exactly, whatever the umask). @default 0o600 */
  mode?: number
  /**
   * Most session files kept. Past it, expired files are removed, then those closest to expiry,
   * down to 90% of the cap. 0 means no cap. @default 10000
   */
  threshold?: number
  /** Longest wait for the lock of a session another request or process is writing, in milliseconds. @default 5000 */
  lockTimeout?: number
  /** The clock, epoch milliseconds; every expiry decision uses it. @default Date.now */
  now?: () => number
}

const DEFAULTS = { mode: 0o600, threshold: 10_000, lockTimeout: 5_000 }
const TEMP_STALE_MS = 10_000
const SCAN_BATCH = 32

interface Found {
  stem: string
  key: string | null
  entry: StoreEntry | null
}

function configError(message: string): SessionConfigError {
  return new SessionConfigError(`[sess] [fs] ${message}`)
}

/**
 * Sessions as files, one per session, in one directory (Django's file engine, Flask-Session's
 * filesystem backend). Writes go to a temp file renamed into place, so a crash never leaves half a
 * session; conditional writes hold a per-session lock file, so they are atomic across requests and
 * processes on one machine. Do not share the directory between machines.
 */
export class FileStore implements SessionStore {
  readonly name = 'fs'
  /** The directory the sessions live in. */
  readonly dir: string
  readonly #mode: number
  readonly #threshold: number
  readonly #lockTimeout: number
  readonly #now: () => number
  readonly #ownDefaultDir: boolean
  readonly #queues = new Map<string, Promise<unknown>>()
  #ready: Promise<void> | null = null
  #pruning: Promise<void> | null = null

  constructor(options: FileStoreOptions = {}) {
    const { dir, mode = DEFAULTS.mode, threshold = DEFAULTS.threshold, lockTimeout = DEFAULTS.lockTimeout } = options
    if (dir !== undefined && (typeof dir !== 'string' || dir.trim() === '')) throw configError('`dir` must be a directory path.')
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) throw configError(`\`mode\` must be permission bits such as 0o600 (got ${String(mode)}).`)
    if ((mode & 0o600) !== 0o600) throw configError(`\`mode\` must let the owner read and write (0o600 at least) (got 0o${mode.toString(8)}).`)
    if (!Number.isInteger(threshold) || threshold < 0) throw configError(`\`threshold\` must be a whole number of files, or 0 for no cap (got ${String(threshold)}).`)
    if (!Number.isFinite(lockTimeout) || lockTimeout <= 0) throw configError(`\`lockTimeout\` must be a positive number of milliseconds (got ${String(lockTimeout)}).`)
    this.dir = dir ?? join(tmpdir(), 'sess')
    this.#ownDefaultDir = dir === undefined
    this.#mode = mode
    this.#threshold = threshold
    this.#lockTimeout = lockTimeout
    this.#now = options.now ?? Date.now
  }

  get(key: string): Promise<StoreEntry | null> {
    return this.#run('get', async () => this.#readLive(encodeKey(key), key))
  }

  set(key: string, entry: StoreEntry, condition: WriteCondition): Promise<WriteResult> {
    return this.#run('set', async () => {
      const stem = encodeKey(key)
      const result = await this.#locked(stem, async () => {
        const outcome = checkWrite(await this.#readLive(stem, key), condition)
        if (outcome === 'ok') await this.#write(stem, key, entry)
        return outcome
      })
      if (result === 'ok' && condition.mode === 'create') await this.#prune()
      return result
    })
  }

  delete(key: string): Promise<void> {
    return this.#run('delete', async () => {
      const stem = encodeKey(key)
      await this.#locked(stem, () => this.#remove(stem))
    })
  }

  touch(key: string, expiresAt: number): Promise<void> {
    return this.#run('touch', async () => {
      const stem = encodeKey(key)
      await this.#locked(stem, async () => {
        const current = await this.#readLive(stem, key)
        if (current) await this.#write(stem, key, { ...current, expiresAt })
      })
    })
  }

  /** Scans the directory: one read per session file. Fine for the thousands of sessions this store is for. */
  listByUser(userId: string): Promise<StoredSession[]> {
    return this.#run('listByUser', async () => {
      const now = this.#now()
      const found: StoredSession[] = []
      for (const { key, entry } of await this.#scan()) {
        if (key && entry?.userId === userId && !isExpired(entry, now)) found.push({ key, entry })
      }
      return found
    })
  }

  /** Removes expired and unreadable session files; resolves to how many. */
  clearExpired(): Promise<number> {
    return this.#run('clearExpired', async () => {
      let removed = 0
      for (const found of await this.#scan()) if (!this.#isLive(found) && (await this.#removeIfDead(found.stem))) removed++
      return removed
    })
  }

  /** Does nothing: the store keeps no file open between calls. */
  async close(): Promise<void> {}

  #isLive(found: Found): found is Found & { entry: StoreEntry } {
    return found.entry !== null && !isExpired(found.entry, this.#now())
  }

  async #readLive(stem: string, key: string): Promise<StoreEntry | null> {
    const found = await this.#read(stem)
    return found.key === key && this.#isLive(found) ? found.entry : null
  }

  async #read(stem: string): Promise<Found> {
    await this.#init()
    try {
      const parsed = parseFile(await readFile(join(this.dir, stem + SESSION_SUFFIX)))
      // A file whose header names another key (copied or renamed by hand) is not this session.
      if (parsed && encodeKey(parsed.key) === stem) return { stem, ...parsed }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    return { stem, key: null, entry: null }
  }

  // Temp file in the same directory, then rename: readers see the old file or the new one, never half.
  async #write(stem: string, key: string, entry: StoreEntry): Promise<void> {
    const temp = join(this.dir, tempName(stem))
    try {
      const handle = await open(temp, 'wx', this.#mode)
      try {
        await handle.writeFile(formatFile(key, entry))
        await handle.chmod(this.#mode)
      } finally {
        await handle.close()
      }
      await rename(temp, join(this.dir, stem + SESSION_SUFFIX))
    } catch (error) {
      await unlink(temp).catch(() => {})
      throw error
    }
  }

  /** Unlinks a session file; false if there was none. */
  async #remove(stem: string): Promise<boolean> {
    try {
      await unlink(join(this.dir, stem + SESSION_SUFFIX))
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
  }

  // Rechecked under the lock: a request may have rewritten the session since the scan.
  async #removeIfDead(stem: string): Promise<boolean> {
    return this.#locked(stem, async () => {
      const found = await this.#read(stem)
      if (this.#isLive(found)) return false
      return this.#remove(stem)
    })
  }

  async #scan(): Promise<Found[]> {
    await this.#init()
    const stems = (await readdir(this.dir)).map(sessionStem).filter((stem): stem is string => stem !== null)
    const found: Found[] = []
    for (let i = 0; i < stems.length; i += SCAN_BATCH) found.push(...(await Promise.all(stems.slice(i, i + SCAN_BATCH).map((stem) => this.#read(stem)))))
    return found
  }

  #prune(): Promise<void> {
    if (this.#threshold === 0) return Promise.resolve()
    this.#pruning ??= this.#pruneNow().finally(() => {
      this.#pruning = null
    })
    return this.#pruning
  }

  async #pruneNow(): Promise<void> {
    const count = (await readdir(this.dir)).filter((name) => name.endsWith(SESSION_SUFFIX)).length
    if (count <= this.#threshold) return
    const target = this.#threshold - Math.floor(this.#threshold / 10)
    const found = await this.#scan()
    const live = found.filter((f) => this.#isLive(f))
    for (const dead of found.filter((f) => !this.#isLive(f))) await this.#removeIfDead(dead.stem)
    live.sort((a, b) => a.entry.expiresAt - b.entry.expiresAt)
    for (const victim of live.slice(0, Math.max(0, live.length - target))) await this.#locked(victim.stem, () => this.#remove(victim.stem))
  }

  // One queue per session in this process, then the lock file for other processes.
  #locked<T>(stem: string, section: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(stem) ?? Promise.resolve()
    const run = previous.then(async () => {
      await this.#init()
      return withFileLock(join(this.dir, stem + LOCK_SUFFIX), this.#lockTimeout, section)
    })
    const tail = run.catch(() => {})
    this.#queues.set(stem, tail)
    void tail.then(() => {
      if (this.#queues.get(stem) === tail) this.#queues.delete(stem)
    })
    return run
  }

  #init(): Promise<void> {
    this.#ready ??= this.#prepareDir().catch((error) => {
      this.#ready = null // try again on the next call
      throw error
    })
    return this.#ready
  }

  // Creates the directory, refuses one another user planted at the shared default path, and
  // removes what a crashed process left: its temp files and its locks.
  async #prepareDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    const info = this.#ownDefaultDir ? await lstat(this.dir) : await stat(this.dir)
    if (!info.isDirectory()) throw new Error(`${this.dir} is not a directory: set the \`dir\` option`)
    if (this.#ownDefaultDir && process.getuid && info.uid !== process.getuid()) {
      throw new Error(`${this.dir} belongs to another user: set the \`dir\` option to a directory of your own`)
    }
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name)
      if (name.endsWith(TEMP_SUFFIX)) {
        const owner = tempOwner(name)
        if (owner === null || owner === process.pid) continue
        const old = await stat(path).then((s) => Date.now() - s.mtimeMs > TEMP_STALE_MS, () => false)
        if (isDead(owner) || old) await unlink(path).catch(() => {})
      } else if (name.endsWith(LOCK_SUFFIX)) {
        await breakIfStale(path).catch(() => {})
      }
    }
  }

  async #run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body()
    } catch (error) {
      throw storeError('fs', operation, error)
    }
  }
}
