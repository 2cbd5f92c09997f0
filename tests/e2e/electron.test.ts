// The real desktop app, driven by playwright-core's Electron support. Skipped, with the reason
// printed, where the Electron binary has not been downloaded (no internet on that machine).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { _electron as electron, type ElectronApplication } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '..', '..')

function electronBinary(): string | null {
  const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const bin = join(dist, readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : null
}

const bin = electronBinary()
if (!bin) console.log('electron e2e skipped: the Electron binary is not downloaded here (run `npx install-electron` on a machine with internet).')

describe.skipIf(!bin)('desktop app', () => {
  let app: ElectronApplication | undefined

  afterAll(async () => {
    await app?.close()
  })

  it('opens the workbench window with a sandboxed, context-isolated renderer and debugs a program', async () => {
    const state = mkdtempSync(join(tmpdir(), 'bugscope-electron-'))
    const project = mkdtempSync(join(tmpdir(), 'bugscope-electron-project-'))
    writeFileSync(join(project, 'main.py'), 'x = 41\nprint(x + 1)\n')
    app = await electron.launch({ executablePath: bin!, args: [repoRoot, `--user-data-dir=${state}`], env: { ...process.env, ELECTRON_ENABLE_LOGGING: '0' } })
    const page = await app.firstWindow()
    await page.waitForSelector('[data-testid="btn-open-folder"]')
    // The renderer reaches the host only through the preload's contract: no Node in the page.
    expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => (globalThis as unknown as { bugscope?: { transport: string } }).bugscope?.transport)).toBe('electron')
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0].webContents
      const p = (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences()
      return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration }
    })
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    const workspace = await page.evaluate((dir) => (globalThis as unknown as { bugscope: { openFolder(p: string): Promise<{ root: string }> } }).bugscope.openFolder(dir), project)
    expect(workspace.root).toBe(project)
  })
})
