// Adversarial reliability (issue 10), processes and thread load: the adapter or the IDE dies mid-session, the
// debuggee dies mid-request, a hundred threads stop at once. Each test states the outcome and leaves no process.
// The stdio adapter and the browser-mode server run as built (`npm run build`; scripts/test-all.mjs builds first).
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { SessionEvent, WireMessage } from '../../src-preload/contract'
import { DapConnection } from '../../src-main/dap/connection'
import { AdapterClient, isRunning } from './adapterClient'

const repoRoot = resolve(import.meta.dirname, '..', '..')
const stdioAdapter = join(repoRoot, 'bin', 'bugscope-dap.mjs')
const serveWeb = join(repoRoot, 'out', 'main', 'serve-web.js')

// A program with a multiprocessing child (fork: the child is in the program's process group, untraced here),
// stopped at BREAK_LINE with the child sleeping.
const WITH_CHILD = `import multiprocessing, time

def sleep():
    time.sleep(120)

if __name__ == "__main__":
    child = multiprocessing.get_context("fork").Process(target=sleep)
    child.start()
    print("child", child.pid, flush=True)
    stop_here = 1
    time.sleep(120)
`
const BREAK_LINE = 10

// All 100 threads are alive at once (the barrier), so each stop is a different thread while others stop too.
const THREADS = `import threading

hits = []
everyone = threading.Barrier(100)

def work(n):
    everyone.wait()
    hits.append(n)

threads = [threading.Thread(target=work, args=(n,)) for n in range(100)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("hits", len(hits), flush=True)
`
const WORK_LINE = 8

const dir = mkdtempSync(join(tmpdir(), 'bugscope-processes-'))
const withChild = join(dir, 'with_child.py')
const hundredThreads = join(dir, 'threads.py')
writeFileSync(withChild, WITH_CHILD)
writeFileSync(hundredThreads, THREADS)

const cleanups: (() => unknown)[] = []
const leftPids: number[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()))
  for (const pid of leftPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Gone, as it should be.
    }
  }
})


/** Milliseconds until none of `pids` runs, or Infinity after `timeoutMs`. */
async function goneWithin(pids: number[], timeoutMs: number): Promise<number> {
  const start = Date.now()
  while (pids.some(isRunning)) {
    if (Date.now() - start > timeoutMs) return Infinity
    await new Promise((r) => setTimeout(r, 25))
  }
  return Date.now() - start
}

function exitOf(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()))
}

/** The debuggee's pid (`process` event) and its child's (printed), from an event list. */
function pidsFrom(events: DebugProtocol.Event[]): { debuggee: number; child: number } {
  const debuggee = events.find((e) => e.event === 'process')?.body.systemProcessId as number
  const printed = events.filter((e) => e.event === 'output').map((e) => e.body.output).join('')
  const child = Number(/child (\d+)/.exec(printed)?.[1])
  return { debuggee, child }
}

describe('the adapter dies: bugscope-dap on stdio', () => {
  async function stoppedThroughStdioAdapter(): Promise<{ adapter: ChildProcessWithoutNullStreams; debuggee: number; child: number }> {
    if (!existsSync(join(repoRoot, 'out', 'main', 'bugscope-dap.js'))) throw new Error('out/main/bugscope-dap.js is missing: run `npm run build` first.')
    const adapter = spawn(process.execPath, [stdioAdapter], { stdio: ['pipe', 'pipe', 'pipe'] })
    cleanups.push(() => (adapter.kill('SIGKILL'), exitOf(adapter)))
    const dap = new DapConnection(adapter.stdout, adapter.stdin, 'bugscope-dap')
    const events: DebugProtocol.Event[] = []
    const stopped = new Promise<void>((resolve) =>
      dap.onEvent((e) => {
        events.push(e)
        if (e.event === 'stopped') resolve()
      }),
    )
    await dap.request('initialize', { adapterID: 'bugscope', pathFormat: 'path', linesStartAt1: true })
    const launched = dap.request('launch', { program: withChild, cwd: dir })
    await new Promise<void>((resolve) => dap.onEvent((e) => e.event === 'initialized' && resolve()))
    await dap.request('setBreakpoints', { source: { path: withChild }, breakpoints: [{ line: BREAK_LINE }] })
    await dap.request('configurationDone')
    expect((await launched).success).toBe(true)
    await stopped
    const { debuggee, child } = pidsFrom(events)
    leftPids.push(debuggee, child)
    expect(isRunning(debuggee) && isRunning(child)).toBe(true)
    return { adapter, debuggee, child }
  }

  it('SIGKILL of the adapter at a breakpoint: the debuggee (--connect) and its child exit within 5 s', async () => {
    const { adapter, debuggee, child } = await stoppedThroughStdioAdapter()
    adapter.kill('SIGKILL')
    expect(await goneWithin([debuggee, child], 5000)).toBeLessThan(5000)
  })

  it("the adapter's stdin closes (the editor went away): the adapter, the debuggee and its child exit within 5 s", async () => {
    const { adapter, debuggee, child } = await stoppedThroughStdioAdapter()
    adapter.stdin.end()
    expect(await goneWithin([debuggee, child], 5000)).toBeLessThan(5000)
    await exitOf(adapter)
    expect(adapter.exitCode).toBe(0)
  })
})

describe('the IDE closes mid-session: browser-mode server', () => {
  /** serve-web.js with a session stopped at a breakpoint, driven over its WebSocket as the page would. */
  async function stoppedThroughWebServer(): Promise<{ server: ChildProcess; debuggee: number; child: number }> {
    if (!existsSync(serveWeb)) throw new Error(`${serveWeb} is missing: run \`npm run build\` first.`)
    const server = spawn(process.execPath, [serveWeb, '--port', '0'], {
      env: { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'bugscope-processes-state-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    cleanups.push(() => (server.kill('SIGKILL'), exitOf(server)))
    let printed = ''
    const url = await new Promise<URL>((resolve, reject) => {
      server.stdout!.on('data', (d) => {
        printed += d
        const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(printed)
        if (found) resolve(new URL(found[0]))
      })
      server.once('exit', (code) => reject(new Error(`serve-web exited (${code}) before printing its URL: ${printed}`)))
    })
    const ws = new WebSocket(`ws://127.0.0.1:${url.port}/ipc?token=${url.searchParams.get('token')}`)
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    let nextId = 1
    const pending = new Map<number, (m: WireMessage) => void>()
    const events: DebugProtocol.Event[] = []
    const eventWaiters: [string, () => void][] = []
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as WireMessage
      if (message.kind === 'result') pending.get(message.id)?.(message)
      if (message.kind !== 'push') return
      const { event } = message.event as SessionEvent
      events.push(event)
      for (const [name, resolve] of eventWaiters) if (name === event.event) resolve()
    })
    const invoke = (method: string, ...args: unknown[]) =>
      new Promise<any>((resolve, reject) => {
        const id = nextId++
        pending.set(id, (m) => (m.kind === 'result' && m.ok ? resolve(m.value) : reject(new Error(m.kind === 'result' && !m.ok ? m.error : '?'))))
        ws.send(JSON.stringify({ kind: 'invoke', id, method, args }))
      })
    const event = (name: string) => new Promise<void>((resolve) => (events.some((e) => e.event === name) ? resolve() : eventWaiters.push([name, resolve])))

    const id = await invoke('createSession')
    await invoke('dapRequest', id, 'initialize', { adapterID: 'bugscope', pathFormat: 'path', linesStartAt1: true })
    const launched = invoke('dapRequest', id, 'launch', { program: withChild, cwd: dir, subProcess: false })
    await event('initialized')
    await invoke('dapRequest', id, 'setBreakpoints', { source: { path: withChild }, breakpoints: [{ line: BREAK_LINE }] })
    await invoke('dapRequest', id, 'configurationDone')
    expect((await launched).success).toBe(true)
    await event('stopped')
    const { debuggee, child } = pidsFrom(events)
    leftPids.push(debuggee, child)
    expect(isRunning(debuggee) && isRunning(child)).toBe(true)
    return { server, debuggee, child }
  }

  it('SIGTERM of the server: it disposes its sessions, no debuggee process is left, and it exits 0', async () => {
    const { server, debuggee, child } = await stoppedThroughWebServer()
    server.kill('SIGTERM')
    await exitOf(server)
    expect(server.exitCode).toBe(0)
    expect(await goneWithin([debuggee, child], 1000)).toBeLessThan(1000)
  })

  it('SIGKILL of the server: the debuggee (--connect) and its child exit by themselves within 5 s', async () => {
    const { server, debuggee, child } = await stoppedThroughWebServer()
    server.kill('SIGKILL')
    expect(await goneWithin([debuggee, child], 5000)).toBeLessThan(5000)
  })
})

describe('the debuggee dies during a request', () => {
  it('kill -9 during a long evaluate: the evaluate fails, and exited + terminated arrive within 3 s', async () => {
    const client = new AdapterClient()
    cleanups.push(() => client.dispose())
    await client.start({ program: withChild, cwd: dir, subProcess: false }, { [withChild]: [BREAK_LINE] })
    const stopped = await client.waitFor('stopped', (b) => b.reason === 'breakpoint', 15_000, 0)
    const { debuggee, child } = pidsFrom(client.events)
    leftPids.push(debuggee, child)
    const frame = await client.topFrame(stopped.body.threadId)
    const since = client.events.length
    const evaluation = client.request('evaluate', { expression: '__import__("time").sleep(60)', frameId: frame.id, context: 'repl' })
    await new Promise((r) => setTimeout(r, 300))
    const killedAt = Date.now()
    process.kill(debuggee, 'SIGKILL')
    const response = await evaluation
    expect(response.success).toBe(false)
    const exited = await client.waitFor('exited', undefined, 3000, since)
    expect(exited.body.exitCode).toBe(137)
    await client.waitFor('terminated', undefined, 3000, since)
    expect(Date.now() - killedAt).toBeLessThan(3000)
  })
})

describe('thread load', () => {
  it('100 threads each hit one breakpoint: all 100 stops are reported, each continued, and the program exits 0 within 30 s', async () => {
    const started = Date.now()
    const client = new AdapterClient()
    cleanups.push(() => client.dispose())
    const stoppedThreads = new Set<number>()
    let stops = 0
    client.adapter.onEvent((e) => {
      if (e.event !== 'stopped' || e.body.reason !== 'breakpoint') return
      stops++
      stoppedThreads.add(e.body.threadId)
      void client.request('continue', { threadId: e.body.threadId })
    })
    await client.start({ program: hundredThreads, cwd: dir, subProcess: false }, { [hundredThreads]: [WORK_LINE] })
    const exited = await client.waitFor('exited', undefined, 30_000, 0)
    expect(exited.body.exitCode).toBe(0)
    expect(stops).toBe(100)
    expect(stoppedThreads.size).toBe(100)
    expect(client.output()).toContain('hits 100')
    expect(Date.now() - started).toBeLessThan(30_000)
  }, 40_000)
})
