// The browser end-to-end fixture: a project folder with the given files, the real host (browser mode) over
// HTTP + WebSocket, and Debian's Chromium driven by playwright-core. Call `useWorkbench` inside a describe:
// it registers the hooks that start and stop everything, and returns the helpers the tests use.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Settings } from '../../src-preload/contract'
import { startWebHost, type WebHost } from '../../src-main/web/server'

export const repoRoot = resolve(import.meta.dirname, '..', '..')
const rendererDir = join(repoRoot, 'out', 'renderer')

/** The default wait of every helper, in ms. */
export const T = 15_000

function findChromium(): string | null {
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

export const chromiumPath = findChromium()

export interface Workbench {
  readonly page: Page
  /** The project folder holding the files. */
  readonly project: string
  readonly pageErrors: readonly string[]
  readonly cspViolations: readonly string[]
  q(selector: string): Locator
  waitFor(selector: string, timeout?: number): Promise<void>
  waitGone(selector: string, timeout?: number): Promise<void>
  text(selector: string): Promise<string>
  status(): Promise<string>
  /** Polls until `check` holds; the error names what was awaited and what was last seen. */
  waitUntil(what: string, read: () => Promise<string>, check: (value: string) => boolean, timeout?: number): Promise<void>
  waitForText(selector: string, pattern: RegExp, timeout?: number): Promise<void>
  waitForStatus(pattern: RegExp, timeout?: number): Promise<void>
  openFile(name: string): Promise<void>
  /** Opens the project folder through the path dialog (browser mode has no native picker). */
  openProject(): Promise<void>
}

export const currentLine = (line: number) => `[data-testid="current-line"][data-line="${line}"]`
export const variable = (path: string) => `[data-testid="variable"][data-path="${path}"]`

export interface WorkbenchOptions {
  /** Settings the host finds saved when it starts (written to state.json in its state directory). */
  settings?: Partial<Settings>
}

export function useWorkbench(files: Record<string, string>, options: WorkbenchOptions = {}): Workbench {
  let web: WebHost | undefined
  let browser: Browser | undefined
  let page: Page | undefined
  let project = ''
  let stateDir = ''
  const pageErrors: string[] = []
  const cspViolations: string[] = []

  const q = (selector: string) => page!.locator(selector)
  const text = (selector: string) => q(selector).first().innerText()

  async function waitUntil(what: string, read: () => Promise<string>, check: (value: string) => boolean, timeout = T): Promise<void> {
    const deadline = Date.now() + timeout
    let last = ''
    for (;;) {
      last = await read().catch((e: Error) => `<${e.message}>`)
      if (check(last)) return
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const waitForText = (selector: string, pattern: RegExp, timeout = T) =>
    waitUntil(`${selector} to match ${pattern}`, () => text(selector), (v) => pattern.test(v), timeout)
  const waitFor = (selector: string, timeout = T) => q(selector).first().waitFor({ timeout })

  const workbench: Workbench = {
    get page() {
      return page!
    },
    get project() {
      return project
    },
    pageErrors,
    cspViolations,
    q,
    waitFor,
    waitGone: (selector, timeout = T) => q(selector).first().waitFor({ state: 'detached', timeout }),
    text,
    status: () => text('[data-testid="status"]'),
    waitUntil,
    waitForText,
    waitForStatus: (pattern, timeout = T) => waitForText('[data-testid="status"]', pattern, timeout),
    async openFile(name) {
      await q(`[data-testid="explorer-item"][data-path$="/${name}"]`).click()
      await waitFor(`[data-testid="editor"][data-path$="/${name}"] .cm-content`)
    },
    async openProject() {
      await q('[data-testid="btn-open-folder"]').click()
      await q('[data-testid="folder-path-input"]').fill(project)
      await q('[data-testid="folder-path-input"]').press('Enter')
      await workbench.waitGone('[data-testid="folder-dialog"]')
    },
  }

  beforeAll(async () => {
    if (!existsSync(join(rendererDir, 'index.html'))) {
      throw new Error(`${join(rendererDir, 'index.html')} is missing: run \`npx electron-vite build\` before the e2e tests.`)
    }
    project = mkdtempSync(join(tmpdir(), 'bugscope-e2e-project-'))
    stateDir = mkdtempSync(join(tmpdir(), 'bugscope-e2e-state-'))
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(project, name)), { recursive: true }) // names may have folders: '.vscode/launch.json'
      writeFileSync(join(project, name), content)
    }
    if (options.settings) writeFileSync(join(stateDir, 'state.json'), JSON.stringify({ settings: options.settings }))
    web = await startWebHost({ port: 0, rendererDir, stateDir })
    browser = await chromium.launch({
      executablePath: chromiumPath!,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      timeout: 30_000,
    })
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.setDefaultTimeout(T)
    page.on('pageerror', (e) => pageErrors.push(String(e)))
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text())
    })
    await page.goto(web.url)
    await waitFor('[data-testid="workbench"]')
  })

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !page) return
    // What the user would have seen when it failed: a screenshot and the panels' text.
    const shot = join(tmpdir(), `bugscope-e2e-failure-${Date.now()}.png`)
    await page.screenshot({ path: shot }).catch(() => undefined)
    const panels = await Promise.all(['status', 'console-output', 'terminal', 'error-banner'].map((id) => text(`[data-testid="${id}"]`).catch(() => '')))
    console.log(`e2e failure: screenshot ${shot}\n${panels.join('\n---\n')}`)
  })

  afterAll(async () => {
    try {
      await browser?.close()
    } finally {
      try {
        await web?.close()
      } finally {
        for (const dir of [project, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true })
      }
    }
  })

  return workbench
}

/** Whether a Python process is running the given script (its path is on the command line). */
export function running(script: string): boolean {
  try {
    execFileSync('pgrep', ['-f', script], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
