// Browser mode: the workbench over HTTP and the host API over a WebSocket, on 127.0.0.1 only.
// A random token (in the page URL, then on the WebSocket) and a Host/Origin check keep other local
// users and web pages (DNS rebinding) away from an API that can run code.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { SessionEvent, ShellEvent, WireMessage } from '../../src-preload/contract'
import { callHost } from '../host/bridge'
import { createHost, defaultStateDir, type Host, type HostOptions } from '../host/host'
import { CONTENT_TYPES } from '../host/contentTypes'

export interface WebHostOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number
  /** The built renderer (out/renderer). */
  rendererDir: string
  stateDir?: string
  tracerDir?: HostOptions['tracerDir']
}

export interface WebHost {
  /** The address to open, token included. */
  url: string
  token: string
  port: number
  host: Host
  close(): Promise<void>
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url')
  const host = createHost({ stateDir: options.stateDir ?? defaultStateDir(), tracerDir: options.tracerDir })
  const indexPath = join(options.rendererDir, 'index.html')
  await stat(indexPath).catch(() => {
    throw new Error(`The workbench is not built: ${indexPath} is missing. Run \`npm run build\` first.`)
  })
  let port = 0
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])

  const server = createServer((req, res) => {
    void serveHttp(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, `Bugscope: ${error.message}`)
    })
  })

  const send = (res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    res.end(body)
  }

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 403, 'Bugscope: wrong Host header.')
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Bugscope: method not allowed.')
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    if (url.pathname === '/bugscope.pyz') {
      // The one-file tracer, to copy to a remote machine: public code, like the workbench's own assets.
      const archive = await host.tracerArchive()
      if (!archive) return send(res, 404, 'bugscope.pyz is not built: run `npm run build`.')
      res.setHeader('Content-Disposition', 'attachment; filename="bugscope.pyz"')
      return send(res, 200, await readFile(archive), 'application/zip')
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!sameToken(url.searchParams.get('token'), token)) {
        return send(res, 403, 'Bugscope: this page needs the access token. Open the full URL that `npm run web` printed.')
      }
      return send(res, 200, await readFile(indexPath), CONTENT_TYPES['.html'])
    }
    // Static assets of the built workbench: public code, no secrets; refuse anything outside the folder.
    const file = normalize(join(options.rendererDir, decodeURIComponent(url.pathname)))
    if (!file.startsWith(normalize(options.rendererDir) + sep)) return send(res, 404, 'Not found')
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return send(res, 404, 'Not found')
    send(res, 200, await readFile(file), CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder')
    const origin = req.headers.origin
    const ok =
      url.pathname === '/ipc' &&
      allowedHosts().has(req.headers.host ?? '') &&
      (origin === undefined || allowedHosts().has(origin.replace(/^http:\/\//, ''))) &&
      sameToken(url.searchParams.get('token'), token)
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws))
  })

  function serveClient(ws: WebSocket): void {
    // Sessions belong to the page that made them: a closed or reloaded page leaves nothing running.
    const owned = new Set<string>()
    const push = (event: SessionEvent) => {
      if (owned.has(event.sessionId)) ws.send(JSON.stringify({ kind: 'push', event } satisfies WireMessage))
    }
    const unsubscribe = host.onSessionEvent(push)
    // Shells too: a page sees and types into only the shells it opened.
    const ownedShells = new Set<string>()
    const unsubscribeShells = host.onShellEvent((event: ShellEvent) => {
      if (ownedShells.has(event.shellId)) ws.send(JSON.stringify({ kind: 'shell', event } satisfies WireMessage))
      if (event.kind === 'exit') ownedShells.delete(event.shellId)
    })
    ws.on('message', (data) => {
      let message: WireMessage
      try {
        message = JSON.parse(String(data)) as WireMessage
      } catch {
        return
      }
      if (message?.kind !== 'invoke' || typeof message.id !== 'number') return
      const { id, method, args } = message
      void (async () => {
        try {
          if (method === 'dapRequest' || method === 'disposeSession') {
            if (!owned.has((args as unknown[])?.[0] as string)) throw new Error('No such debug session for this page.')
          }
          if (method === 'shellInput' || method === 'resizeShell' || method === 'closeShell') {
            if (!ownedShells.has((args as unknown[])?.[0] as string)) throw new Error('That shell has ended: open a new one.')
          }
          const value = await callHost(host, method, args)
          if (method === 'createSession') owned.add(value as string)
          if (method === 'openShell') ownedShells.add((value as { shellId: string }).shellId)
          if (method === 'disposeSession') owned.delete((args as string[])[0])
          ws.send(JSON.stringify({ kind: 'result', id, ok: true, value: value ?? null } satisfies WireMessage))
        } catch (error) {
          ws.send(JSON.stringify({ kind: 'result', id, ok: false, error: (error as Error).message } satisfies WireMessage))
        }
      })()
    })
    ws.on('close', () => {
      unsubscribe()
      unsubscribeShells()
      for (const id of owned) void host.disposeSession(id)
      owned.clear()
      for (const id of ownedShells) void host.closeShell(id)
      ownedShells.clear()
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    host,
    async close() {
      for (const client of wss.clients) client.terminate()
      wss.close()
      await host.dispose()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
