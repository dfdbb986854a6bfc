import { existsSync } from 'node:fs'
import { listen, type RunningDemo } from 'demo-kit'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOT = process.env.DEMO_SCREENSHOT ?? '/tmp/express-demo-signed-in.png'

/** Debian's chromium, headless, with nothing that reaches the network but the page itself. */
async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: the browser test needs it. Install it with \`apt-get install -y chromium\` (Debian), or set CHROMIUM_PATH.`)
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

// The default cookie is `__Host-sid` with Secure: a real browser keeps it on http://localhost
// only because localhost counts as a secure context. This test proves the demo works that way.
describe('express demo in a real browser (Chromium)', () => {
  let demo: RunningDemo
  let browser: Browser | undefined
  beforeAll(async () => {
    demo = await listen(createApp({ secret: 'express-demo-browser-test-secret-0123456789' }), 0, '127.0.0.1')
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  const visits = async (page: Page) => Number(await page.locator('#visits').textContent())
  const flashes = (page: Page) => page.locator('.flash').allTextContents()

  it('signs in, shows the flash once, counts visits, and signs out', async () => {
    browser = await launchChromium() // here, not in a hook: a missing Chromium fails the test, never skips it
    const context = await browser.newContext()
    const page = await context.newPage()
    const home = `${demo.url}/`

    await page.goto(home)
    expect(await visits(page)).toBe(1)
    await page.fill('input[name=name]', 'Ada <Lovelace>')
    await page.click('button[type=submit]')
    await page.waitForURL(home)

    expect(await flashes(page)).toEqual(['Signed in as Ada <Lovelace>'])
    expect(await page.locator('#user').textContent()).toBe('Ada <Lovelace>')
    expect(await visits(page)).toBe(2)
    const [cookie] = (await context.cookies()).filter((c) => c.name === '__Host-sid')
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })

    await page.reload()
    expect(await flashes(page)).toEqual([])
    expect(await visits(page)).toBe(3)
    expect(await page.locator('#user').textContent()).toBe('Ada <Lovelace>')

    await page.click('a[href="/expiry"]')
    await expect.poll(() => page.locator('#permanent').textContent()).toMatch(/^yes/)
    await page.goBack()

    await page.click('text=Sign out')
    await page.waitForURL(home)
    expect(await flashes(page)).toEqual(['Signed out'])
    expect(await page.locator('#user').count()).toBe(0)
    expect(await page.locator('input[name=name]').count()).toBe(1)
    await context.close()
  })
})
