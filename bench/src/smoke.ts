import { CookieJar, PROXY_HEADERS } from './client.ts'
import type { Contender } from './contenders.ts'
import { startServer } from './server-process.ts'

/** Checks one server: a visitor's counter goes 1, 2, 3 across /hit and /read shows it; a stranger reads 0. */
export async function smokeOne(contender: Contender, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const server = await startServer(contender, { env, source: true })
  try {
    const jar = new CookieJar()
    const expect = async (route: string, body: string) => {
      const got = await jar.get(`${server.url}${route}`)
      if (got.status !== 200 || got.body !== body) throw new Error(`${contender.name}: GET ${route} answered ${got.status} "${got.body.slice(0, 80)}", expected "${body}"`)
    }
    if (contender.ceiling) {
      await expect('/hit', '1')
      await expect('/read', '0')
      return
    }
    await expect('/read', '0')
    await expect('/hit', '1')
    if (jar.header === '') throw new Error(`${contender.name}: /hit set no cookie`)
    await expect('/hit', '2')
    await expect('/read', '2')
    await expect('/hit', '3')
    await expect('/read', '3')
    const stranger = await fetch(`${server.url}/read`, { headers: PROXY_HEADERS })
    if ((await stranger.text()) !== '0') throw new Error(`${contender.name}: a visitor without a cookie saw another session`)
  } finally {
    await server.stop()
  }
}

/** Every contender, a few at a time; resolves to the number that failed. */
export async function smoke(contenders: Contender[], options: { log(line: string): void; env?: NodeJS.ProcessEnv; concurrency?: number }): Promise<number> {
  let failures = 0
  const queue = [...contenders]
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      try {
        await smokeOne(c, options.env)
        options.log(`ok   ${c.name}`)
      } catch (error) {
        failures++
        options.log(`FAIL ${c.name}: ${(error as Error).message}`)
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker))
  return failures
}
