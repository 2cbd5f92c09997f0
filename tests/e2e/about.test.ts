// The About dialog in a real browser: package.json's version, reached from the status bar.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath, repoRoot, useWorkbench } from './workbenchFixture'

if (!chromiumPath) console.log('about e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

describe.skipIf(!chromiumPath)('About dialog', () => {
  const wb = useWorkbench({ 'main.py': 'print("hi")\n' })
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version

  it("shows package.json's version, and closes with Escape", async () => {
    expect(await wb.text('[data-testid="btn-about"]')).toBe(`Bugscope ${version}`)
    await wb.q('[data-testid="btn-about"]').click()
    await wb.waitFor('[data-testid="about-dialog"]')
    expect(await wb.text('[data-testid="about-version"]')).toBe(version)
    expect(await wb.text('[data-testid="about-dialog"]')).toMatch(/Browser mode/)
    await wb.page.keyboard.press('Escape')
    await wb.waitGone('[data-testid="about-dialog"]')
    expect(wb.pageErrors).toEqual([])
    expect(wb.cspViolations).toEqual([])
  })
})
