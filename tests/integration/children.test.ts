// Child processes through the real adapter and tracer: a multiprocessing pool's worker becomes its own session
// (START_DEBUGGING_EVENT → a second adapter attaches), stops at its breakpoint, and no process outlives the session.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { START_DEBUGGING_EVENT, type AttachArguments } from '../../src-preload/contract'
import { createHost } from '../../src-main/host/host'
import { AdapterClient, isRunning } from './adapterClient'

const POOL = `import multiprocessing

def work(n):
    doubled = n * 2
    return doubled

if __name__ == "__main__":
    with multiprocessing.Pool(1) as pool:
        print("results", pool.map(work, [21]), flush=True)
`
const WORK_LINE = 4

const LINGERING = `import multiprocessing, subprocess, sys, time

def sleep():
    time.sleep(120)

if __name__ == "__main__":
    # One child leaves the process group (a new session): only the adapter's list of announced children finds it.
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
    multiprocessing.get_context("spawn").Process(target=sleep).start()
    time.sleep(120)
`

const dir = mkdtempSync(join(tmpdir(), 'bugscope-children-'))
const pool = join(dir, 'pool.py')
const lingering = join(dir, 'lingering.py')
const spawner = join(dir, 'spawner.py')
writeFileSync(pool, POOL)
writeFileSync(lingering, LINGERING)
writeFileSync(spawner, 'import subprocess, sys\nsubprocess.run([sys.executable, "-c", "pass"])\n')

const clients: AdapterClient[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()))
})

function client(): AdapterClient {
  const c = new AdapterClient()
  clients.push(c)
  return c
}

type ChildConfiguration = AttachArguments & { name: string; request: string; childProcess: NonNullable<AttachArguments['childProcess']> }


async function eventually(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  return check()
}

describe('adapter + tracer: child processes', () => {
  it("debugs a pool worker in its own session: its breakpoint hits with the worker's argument, and nothing is left", async () => {
    const parent = client()
    const announced = parent.waitFor(START_DEBUGGING_EVENT, undefined, 20_000)
    expect((await parent.start({ program: pool, cwd: dir })).success).toBe(true)
    const rootPid = (await parent.waitFor('process', undefined, 5000, 0)).body.systemProcessId as number
    const { request, configuration } = (await announced).body as DebugProtocol.StartDebuggingRequestArguments
    const config = configuration as ChildConfiguration
    expect(request).toBe('attach')
    expect(config).toMatchObject({ request: 'attach', host: '127.0.0.1', subProcess: true, childProcess: { ppid: rootPid } })
    expect(config.name).toBe(`${config.childProcess.name} (pid ${config.childProcess.pid})`)

    const worker = client()
    await worker.ok('initialize', { adapterID: 'bugscope', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true })
    await worker.ok('attach', config)
    await worker.waitFor('initialized', undefined, 5000, 0)
    expect((await worker.waitFor('process', undefined, 1000, 0)).body).toMatchObject({ systemProcessId: config.childProcess.pid })
    await worker.ok('setBreakpoints', { source: { path: pool }, breakpoints: [{ line: WORK_LINE }] })
    await worker.ok('configurationDone')
    const stopped = await worker.waitFor('stopped', (b) => b.reason === 'breakpoint', 20_000, 0)
    const frame = await worker.topFrame(stopped.body.threadId)
    expect(frame).toMatchObject({ name: 'work', line: WORK_LINE })
    const { scopes } = await worker.ok<DebugProtocol.ScopesResponse['body']>('scopes', { frameId: frame.id })
    expect((await worker.variables(scopes[0].variablesReference)).n.value).toBe('21')
    await worker.ok('continue', { threadId: stopped.body.threadId })

    expect((await parent.waitFor('exited', undefined, 20_000, 0)).body.exitCode).toBe(0)
    expect(parent.output()).toContain('results [42]')
    await worker.waitFor('terminated', undefined, 10_000, 0)
    expect(await eventually(() => !isRunning(rootPid) && !isRunning(config.childProcess.pid))).toBe(true)
  })

  it('ends every child with the parent session, also one that left the process group', async () => {
    const parent = client()
    const children: number[] = []
    const both = new Promise<void>((resolve) =>
      parent.adapter.onEvent((e) => {
        if (e.event !== START_DEBUGGING_EVENT) return
        children.push((e.body.configuration as ChildConfiguration).childProcess.pid)
        if (children.length === 2) resolve()
      }),
    )
    await parent.start({ program: lingering, cwd: dir })
    const rootPid = (await parent.waitFor('process', undefined, 5000, 0)).body.systemProcessId as number
    await both
    const pids = [rootPid, ...children]
    expect(pids.every(isRunning)).toBe(true)
    await parent.dispose()
    expect(await eventually(() => !pids.some(isRunning))).toBe(true)
  })

  it('the host names the parent session in a child process configuration', async () => {
    const host = createHost({ stateDir: mkdtempSync(join(tmpdir(), 'bugscope-children-state-')) })
    try {
      const id = await host.createSession()
      const announced = new Promise<DebugProtocol.Event>((resolve) =>
        host.onSessionEvent((e) => e.sessionId === id && e.event.event === START_DEBUGGING_EVENT && resolve(e.event)),
      )
      await host.dapRequest(id, 'initialize', { adapterID: 'bugscope', pathFormat: 'path' })
      expect((await host.dapRequest(id, 'launch', { program: spawner, cwd: dir })).success).toBe(true)
      await host.dapRequest(id, 'configurationDone')
      const { configuration } = (await announced).body as DebugProtocol.StartDebuggingRequestArguments
      expect(configuration.parentSession).toBe(id)
    } finally {
      await host.dispose()
    }
  })

  it('launches without child sessions when subProcess is false', async () => {
    const parent = client()
    await parent.start({ program: spawner, cwd: dir, subProcess: false })
    expect((await parent.waitFor('exited', undefined, 10_000, 0)).body.exitCode).toBe(0)
    expect(parent.events.some((e) => e.event === START_DEBUGGING_EVENT)).toBe(false)
  })
})
