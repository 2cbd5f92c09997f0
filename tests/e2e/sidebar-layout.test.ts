// The right side bar's stacked panels in a real browser (see workbenchFixture.ts): a sash between two panels
// resizes them and the sizes survive a reload; a panel collapses to its title with the keyboard (and that is
// remembered too). Run `npx electron-vite build` first.
import { describe, expect, it } from 'vitest'
import { chromiumPath, useWorkbench } from './workbenchFixture'

if (!chromiumPath) console.log('sidebar-layout e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

const pane = (name: string) => `.sidebar.right > [data-pane="${name}"]`

describe.skipIf(!chromiumPath)('side bar panels in a browser', () => {
  const wb = useWorkbench({ 'main.py': 'print("hi")\n' })
  const { q, waitFor } = wb
  const height = async (name: string) => (await q(pane(name)).boundingBox())!.height
  const reload = async () => {
    await wb.page.reload()
    await waitFor('[data-testid="workbench"]')
    await waitFor(pane('variables'))
  }

  it('resizes two panels with the sash between them, and keeps the sizes after a reload', async () => {
    const variables = await height('variables')
    const watch = await height('watch')
    const callstack = await height('callstack')
    const sash = (await q('[data-testid="sash-pane-watch"]').boundingBox())!
    await wb.page.mouse.move(sash.x + sash.width / 2, sash.y + sash.height / 2)
    await wb.page.mouse.down()
    await wb.page.mouse.move(sash.x + sash.width / 2, sash.y + sash.height / 2 + 30, { steps: 3 })
    await wb.page.mouse.move(sash.x + sash.width / 2, sash.y + sash.height / 2 + 60, { steps: 3 })
    await wb.page.mouse.up()
    await wb.waitUntil('the variables panel to grow', async () => String(await height('variables')), (h) => Math.abs(Number(h) - (variables + 60)) <= 2)
    expect(await height('watch')).toBeCloseTo(watch - 60, -1)
    expect(await height('callstack')).toBeCloseTo(callstack, 0) // the others keep their size

    // Dragged past the watch panel's title: it keeps its title bar.
    const moved = (await q('[data-testid="sash-pane-watch"]').boundingBox())!
    await wb.page.mouse.move(moved.x + 10, moved.y + 2)
    await wb.page.mouse.down()
    await wb.page.mouse.move(moved.x + 10, moved.y + 2 + 2000, { steps: 4 })
    await wb.page.mouse.up()
    const titleHeight = (await q(`${pane('watch')} [data-testid="panel-title"]`).boundingBox())!.height
    expect(await height('watch')).toBeGreaterThanOrEqual(titleHeight)
    expect(await height('watch')).toBeLessThan(titleHeight + 4)

    // The keyboard moves the sash too (10 px a step).
    const before = await height('variables')
    await q('[data-testid="sash-pane-watch"]').focus()
    await wb.page.keyboard.press('ArrowUp')
    await wb.page.keyboard.press('ArrowUp')
    await wb.waitUntil('the variables panel to shrink', async () => String(await height('variables')), (h) => Math.abs(Number(h) - (before - 20)) <= 2)
    const kept = await height('variables')

    await reload()
    expect(await height('variables')).toBeCloseTo(kept, 0)
    expect(JSON.parse((await wb.page.evaluate(() => localStorage.getItem('bugscope.layout')))!)).toMatchObject({ sidebar: { weights: expect.any(Object) } })
  })

  it('collapses and expands a panel from its title with Enter and Space, and remembers it', async () => {
    const title = q(`${pane('callstack')} [data-testid="panel-title"]`)
    expect(await title.getAttribute('aria-expanded')).toBe('true')
    await title.focus()
    await wb.page.keyboard.press('Enter')
    await waitFor(`${pane('callstack')}[data-collapsed="true"]`)
    expect(await title.getAttribute('aria-expanded')).toBe('false')
    expect(await q('[data-testid="callstack"] .panel-body').isVisible()).toBe(false)
    const titleHeight = (await title.boundingBox())!.height
    expect(await height('callstack')).toBeLessThan(titleHeight + 4)

    await wb.page.keyboard.press(' ')
    await waitFor(`${pane('callstack')}[data-collapsed="false"]`)
    expect(await q('[data-testid="callstack"] .panel-body').isVisible()).toBe(true)

    // A click on the title collapses it too, but a click on a control in the title does not.
    await q('[data-testid="just-my-code"]').click()
    expect(await q(pane('callstack')).getAttribute('data-collapsed')).toBe('false')
    await q('[data-testid="just-my-code"]').click()
    await title.click({ position: { x: 30, y: 5 } })
    await waitFor(`${pane('callstack')}[data-collapsed="true"]`)

    await reload()
    expect(await q(pane('callstack')).getAttribute('data-collapsed')).toBe('true')
    expect(await q(`${pane('callstack')} [data-testid="panel-title"]`).getAttribute('aria-expanded')).toBe('false')
    await q(`${pane('callstack')} [data-testid="panel-title"]`).press('Enter')
    await waitFor(`${pane('callstack')}[data-collapsed="false"]`)
    expect(wb.pageErrors).toEqual([])
  })
})
