import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { WireMessage } from '../../src-preload/contract'
import { startWebHost, type WebHost } from './server'

let web: WebHost
let project: string

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'bugscope-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>workbench</title>')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  project = mkdtempSync(join(tmpdir(), 'bugscope-project-'))
  writeFileSync(join(project, 'main.py'), 'print(1)\n')
  web = await startWebHost({ port: 0, rendererDir, stateDir: mkdtempSync(join(tmpdir(), 'bugscope-state-')) })
})

afterAll(async () => {
  await web?.close()
})

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

function openSocket(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ipc${query}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

function invoke(ws: WebSocket, id: number, method: string, args: unknown[]): Promise<WireMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as WireMessage
      if (m.kind === 'result' && m.id === id) {
        ws.off('message', onMessage)
        resolve(m)
      }
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ kind: 'invoke', id, method, args }))
  })
}

describe('browser-mode server', () => {
  it('binds 127.0.0.1 and gives a URL that carries the token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${web.token}`)
    expect(web.token.length).toBeGreaterThanOrEqual(32)
  })

  it('serves the workbench with the token, with a CSP and no referrer', async () => {
    const page = await get(`/?token=${web.token}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('workbench')
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(page.headers['referrer-policy']).toBe('no-referrer')
  })

  it('refuses the page without the right token', async () => {
    expect((await get('/')).status).toBe(403)
    expect((await get('/?token=wrong')).status).toBe(403)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${web.token}`, { Host: 'evil.example:80' })).status).toBe(403)
  })

  it('serves assets but never a file outside the workbench folder', async () => {
    expect((await get('/assets/app.js')).status).toBe(200)
    expect((await get('/assets/../../../../etc/passwd')).status).toBe(404)
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404)
  })

  it('refuses a WebSocket without the token, or from another origin', async () => {
    await expect(openSocket('')).rejects.toThrow('HTTP 403')
    await expect(openSocket('?token=nope')).rejects.toThrow('HTTP 403')
    await expect(openSocket(`?token=${web.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403')
  })

  it('answers host calls over the WebSocket, with errors as messages', async () => {
    const ws = await openSocket(`?token=${web.token}`, { Origin: `http://127.0.0.1:${web.port}` })
    try {
      const opened = await invoke(ws, 1, 'openFolder', [project])
      expect(opened).toMatchObject({ ok: true, value: { root: project, recent: [project] } })
      const listing = await invoke(ws, 2, 'listDir', [project])
      expect(listing).toMatchObject({ ok: true, value: [{ name: 'main.py', kind: 'file' }] })
      expect(await invoke(ws, 3, 'readFile', [join(project, 'nope.py')])).toMatchObject({ ok: false, error: expect.stringMatching(/no such file/) })
      expect(await invoke(ws, 4, 'shutdown', [])).toMatchObject({ ok: false, error: 'Unknown host method "shutdown"' })
      expect(await invoke(ws, 5, 'dapRequest', ['someone-elses-session', 'threads', {}])).toMatchObject({ ok: false, error: 'No such debug session for this page.' })
    } finally {
      ws.close()
    }
  })

  it('reports a DAP request sent before any program runs as a failed response, not a crash', async () => {
    const ws = await openSocket(`?token=${web.token}`)
    try {
      const created = await invoke(ws, 1, 'createSession', [])
      expect(created.kind === 'result' && created.ok).toBe(true)
      const id = (created as { value: string }).value
      const threads = await invoke(ws, 2, 'dapRequest', [id, 'threads', {}])
      expect(threads).toMatchObject({ ok: true, value: { success: false, message: "No program is being debugged: start one before 'threads'." } })
    } finally {
      ws.close()
    }
  })

  it.skipIf(process.platform === 'win32')("keeps a page's shell to that page: only it sees the output and types into it, and it ends with the page", async () => {
    const owner = await openSocket(`?token=${web.token}`)
    const other = await openSocket(`?token=${web.token}`)
    const seenByOther: WireMessage[] = []
    other.on('message', (data) => {
      const m = JSON.parse(String(data)) as WireMessage
      if (m.kind === 'shell') seenByOther.push(m)
    })
    let output = ''
    owner.on('message', (data) => {
      const m = JSON.parse(String(data)) as WireMessage
      if (m.kind === 'shell' && m.event.kind === 'output') output += m.event.data
    })
    try {
      const opened = await invoke(owner, 1, 'openShell', [{ columns: 80, rows: 24 }])
      expect(opened).toMatchObject({ ok: true })
      const { shellId } = (opened as { value: { shellId: string } }).value
      expect(await invoke(other, 1, 'shellInput', [shellId, 'echo intruder\r'])).toMatchObject({ ok: false, error: 'That shell has ended: open a new one.' })
      expect(await invoke(other, 2, 'closeShell', [shellId])).toMatchObject({ ok: false })
      expect(await invoke(owner, 2, 'shellInput', [shellId, 'echo mark=$((40+2))\r'])).toMatchObject({ ok: true })
      const deadline = Date.now() + 10_000
      while (!/mark=42/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(output).toMatch(/mark=42/)
      expect(output).not.toMatch(/intruder/)
      expect(seenByOther).toEqual([])
      // A closed page leaves nothing running: its shell ends (the page is gone, so the host is asked).
      const ended = new Promise<void>((res) => web.host.onShellEvent((e) => e.shellId === shellId && e.kind === 'exit' && res()))
      owner.close()
      await ended
    } finally {
      owner.close()
      other.close()
    }
  })
})
