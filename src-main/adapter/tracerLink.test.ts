// Connecting to a listening tracer: TLS pinning and the error a user sees for each way it can fail.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer as createTcpServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer } from 'node:tls'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeMessage } from '../dap/framing'
import { attachTracer, connectToTracer, normalizeFingerprint } from './tracerLink'

function openssl(): { key: Buffer; cert: Buffer; fingerprint: string } | null {
  try {
    const dir = mkdtempSync(join(tmpdir(), 'bugscope-tls-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=bugscope-test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
    const cert = readFileSync(join(dir, 'cert.pem'))
    const der = Buffer.from(cert.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64')
    const fingerprint = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':')
    return { key: readFileSync(join(dir, 'key.pem')), cert, fingerprint }
  } catch {
    return null
  }
}

const pair = openssl()
let server: Server | undefined
afterEach(() => {
  server?.close()
  server = undefined
})

function listen(s: Server): Promise<number> {
  server = s
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)))
}

describe.skipIf(!pair)('TLS to a tracer', () => {
  it('connects when the certificate matches the pinned fingerprint, whatever its spelling', async () => {
    const received: Buffer[] = []
    const port = await listen(createTlsServer({ key: pair!.key, cert: pair!.cert }, (s) => s.on('data', (d) => received.push(d))))
    const connection = await connectToTracer({ host: '127.0.0.1', port, fingerprint: pair!.fingerprint.toLowerCase().replace(/:/g, '') })
    connection.sendEvent('probe')
    await new Promise((r) => setTimeout(r, 100))
    expect(Buffer.concat(received).toString()).toContain('"probe"')
    connection.close()
  })

  it('refuses a certificate that does not match, before any byte (or the token) is sent', async () => {
    const received: Buffer[] = []
    const port = await listen(createTlsServer({ key: pair!.key, cert: pair!.cert }, (s) => s.on('data', (d) => received.push(d))))
    const wrong = 'AA:'.repeat(31) + 'AA'
    await expect(connectToTracer({ host: '127.0.0.1', port, fingerprint: wrong })).rejects.toThrow(
      new RegExp(`^TLS fingerprint mismatch for 127.0.0.1:${port}: expected ${wrong}, the server presented ${pair!.fingerprint}\\. The token was not sent\\.`),
    )
    await new Promise((r) => setTimeout(r, 100))
    expect(Buffer.concat(received).length).toBe(0)
  })

  it('says TLS is probably off on the tracer when the handshake is refused', async () => {
    const port = await listen(createTcpServer((s) => s.once('data', () => s.destroy())))
    await expect(connectToTracer({ host: '127.0.0.1', port, fingerprint: pair!.fingerprint })).rejects.toThrow(/Is TLS enabled on the tracer/)
  })
})

describe('connection failures', () => {
  it('normalizes fingerprints for comparison', () => {
    expect(normalizeFingerprint('ab:cd:EF')).toBe('ABCDEF')
  })

  it('times out against a peer that accepts and never answers the TLS handshake', async () => {
    const port = await listen(createTcpServer(() => {}))
    await expect(connectToTracer({ host: '127.0.0.1', port, tls: true, fingerprint: 'AA' }, 300)).rejects.toThrow(
      `Timed out after 0.3 s connecting to 127.0.0.1:${port}. Check the host, the port and any firewall.`,
    )
  })

  it('reports a peer that does not speak DAP as a protocol mismatch', async () => {
    const port = await listen(createTcpServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'))))
    const connection = await connectToTracer({ host: '127.0.0.1', port })
    await expect(attachTracer(connection, 'token', false)).rejects.toThrow(/^Protocol mismatch: the tracer at 127.0.0.1:\d+ did not answer a DAP initialize/)
  })

  it('turns the tracer refusing the token into "Wrong token"', async () => {
    const port = await listen(
      createTcpServer((s) => {
        let seq = 0
        s.on('data', (d) => {
          for (const m of d.toString().split(/Content-Length: \d+\r\n\r\n/).filter(Boolean)) {
            const req = JSON.parse(m)
            const ok = req.command === 'initialize'
            s.write(encodeMessage({ seq: ++seq, type: 'response', request_seq: req.seq, command: req.command, success: ok, message: ok ? undefined : 'bugscope: invalid or missing token' } as never))
          }
        })
      }),
    )
    const connection = await connectToTracer({ host: '127.0.0.1', port })
    await expect(attachTracer(connection, 'nope', false)).rejects.toThrow(/^Wrong token: the tracer refused it/)
    connection.close()
  })
})

describe('attach arguments', () => {
  it('pass justMyCode and suspendPolicy from the configuration to the tracer, and nothing unset', async () => {
    const attaches: Record<string, unknown>[] = []
    const port = await listen(
      createTcpServer((s) => {
        let seq = 0
        s.on('data', (d) => {
          for (const m of d.toString().split(/Content-Length: \d+\r\n\r\n/).filter(Boolean)) {
            const req = JSON.parse(m)
            if (req.command === 'attach') attaches.push(req.arguments)
            s.write(encodeMessage({ seq: ++seq, type: 'response', request_seq: req.seq, command: req.command, success: true, body: {} } as never))
          }
        })
      }),
    )
    for (const options of [{ justMyCode: false, suspendPolicy: 'thread' as const }, {}]) {
      const connection = await connectToTracer({ host: '127.0.0.1', port })
      await attachTracer(connection, 'secret', false, options)
      connection.close()
    }
    expect(attaches).toEqual([
      { token: 'secret', stopOnEntry: false, justMyCode: false, suspendPolicy: 'thread' },
      { token: 'secret', stopOnEntry: false },
    ])
  })
})
