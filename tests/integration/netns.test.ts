// Attach across a real network boundary: the tracer runs in its own network namespace, reached over a veth
// pair, listening with a token and TLS; the adapter pins the certificate, hits a breakpoint, reads variables,
// detaches and attaches again. Needs root and `ip netns`; skipped, with the reason printed, elsewhere.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultTracerDir } from '../../src-main/host/host'
import { AdapterClient } from './adapterClient'

const ns = `bugscope-t${process.pid % 100000}`
const subnet = `10.213.${process.pid % 250}`
const [hostAddr, nsAddr] = [`${subnet}.1`, `${subnet}.2`]
const vethHost = `bsh${process.pid % 100000}`
const vethNs = `bsn${process.pid % 100000}`

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' })
}

function makeNamespace(): string | null {
  if (process.platform !== 'linux') return 'network namespaces are Linux-only'
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root'
  try {
    ip('netns', 'add', ns)
    ip('link', 'add', vethHost, 'type', 'veth', 'peer', 'name', vethNs)
    ip('link', 'set', vethNs, 'netns', ns)
    ip('addr', 'add', `${hostAddr}/30`, 'dev', vethHost)
    ip('link', 'set', vethHost, 'up')
    ip('-n', ns, 'addr', 'add', `${nsAddr}/30`, 'dev', vethNs)
    ip('-n', ns, 'link', 'set', vethNs, 'up')
    ip('-n', ns, 'link', 'set', 'lo', 'up')
    return null
  } catch (error) {
    removeNamespace()
    return `ip netns failed: ${(error as Error).message.split('\n')[0]}`
  }
}

function removeNamespace(): void {
  for (const args of [['link', 'del', vethHost], ['netns', 'del', ns]]) {
    try {
      ip(...args)
    } catch {
      // Already gone.
    }
  }
}

const skipReason = makeNamespace()
if (skipReason) console.log(`network-boundary attach test skipped: ${skipReason}`)

describe.skipIf(!!skipReason)('attach across a network namespace boundary, with token and TLS', () => {
  const TOKEN = 'netns-test-token-0123456789abcdef'
  const dir = mkdtempSync(join(tmpdir(), 'bugscope-netns-'))
  const program = join(dir, 'service.py')
  writeFileSync(program, 'import time\n\ndef handle(n):\n    reply = {"n": n, "items": list(range(n))}\n    return reply\n\nfor i in range(1, 400):\n    handle(i)\n    time.sleep(0.05)\n')
  let tracer: ChildProcessWithoutNullStreams
  let port = 0
  let fingerprint = ''

  beforeAll(async () => {
    tracer = spawn('ip', ['netns', 'exec', ns, 'python3', '-m', 'bugscope', '--listen', `${nsAddr}:0`, '--tls-self-signed', program], {
      env: { ...process.env, PYTHONPATH: defaultTracerDir(), BUGSCOPE_TOKEN: TOKEN },
    })
    let stderr = ''
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the tracer did not start listening: ${stderr}`)), 20_000)
      tracer.stderr.on('data', (d) => {
        stderr += d
        const listening = /listening on [\d.]+:(\d+)/.exec(stderr)
        const printed = /([0-9A-F]{2}(?::[0-9A-F]{2}){31})/.exec(stderr)
        if (listening && printed) {
          port = Number(listening[1])
          fingerprint = printed[1]
          clearTimeout(timer)
          resolve()
        }
      })
      tracer.once('exit', (code) => reject(new Error(`the tracer exited with ${code}: ${stderr}`)))
    })
    expect(stderr).not.toContain(TOKEN)
    expect(stderr).toMatch(/WARNING/) // not loopback: the tracer says who can reach it
  })

  afterAll(() => {
    tracer?.kill('SIGKILL')
    removeNamespace()
  })

  async function attachAndInspect(): Promise<AdapterClient> {
    const client = new AdapterClient()
    await client.ok('initialize', { adapterID: 'bugscope', pathFormat: 'path' })
    const initialized = client.waitFor('initialized')
    await client.ok('attach', { host: nsAddr, port, token: TOKEN, tlsFingerprint: fingerprint })
    await initialized
    await client.ok('setBreakpoints', { source: { path: program }, breakpoints: [{ line: 5 }] })
    await client.ok('configurationDone')
    const stopped = await client.waitFor('stopped', (b) => b.reason === 'breakpoint', 15_000, 0)
    const frame = await client.topFrame(stopped.body.threadId)
    expect(frame).toMatchObject({ name: 'handle', line: 5 })
    const { scopes } = await client.ok<{ scopes: { variablesReference: number }[] }>('scopes', { frameId: frame.id })
    const locals = await client.variables(scopes[0].variablesReference)
    const reply = await client.variables(locals.reply.variablesReference)
    expect(Number(reply["'n'"].value)).toBeGreaterThan(0)
    return client
  }

  it('pins the certificate, hits a breakpoint, reads variables, detaches and attaches again', async () => {
    const first = await attachAndInspect()
    await first.ok('disconnect', { terminateDebuggee: false })
    await first.dispose()
    const second = await attachAndInspect()
    await second.ok('disconnect', { terminateDebuggee: false })
    await second.dispose()
    expect(tracer.exitCode).toBeNull() // the program kept running through both detaches
  })

  it('refuses a wrong fingerprint before sending the token', async () => {
    const client = new AdapterClient()
    await client.ok('initialize', { adapterID: 'bugscope', pathFormat: 'path' })
    const attached = await client.request('attach', { host: nsAddr, port, token: TOKEN, tlsFingerprint: '00:'.repeat(31) + '00' })
    expect(attached.success).toBe(false)
    expect(attached.message).toMatch(/^TLS fingerprint mismatch .* The token was not sent/)
    await client.dispose()
  })
})
