// Attach: a program started with `python -m bugscope --listen`, and the adapter connecting to it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { listLocalListeners } from '../../src-main/adapter/listeners'
import { defaultTracerDir } from '../../src-main/host/host'
import { AdapterClient } from './adapterClient'

const dir = mkdtempSync(join(tmpdir(), 'bugscope-attach-'))
const program = join(dir, 'served.py')
writeFileSync(program, 'import sys\ncount = 0\nfor i in range(3):\n    count += i\nprint("count", count)\nsys.exit(5)\n')
const TOKEN = 'attach-test-token-0123456789abcdef'
// Listening tracers announce themselves here (not in the user's own runtime directory).
process.env.BUGSCOPE_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'bugscope-runtime-'))

let listening: ChildProcessWithoutNullStreams | undefined
let client: AdapterClient | undefined

afterEach(async () => {
  await client?.dispose()
  listening?.kill('SIGKILL')
})

/** Starts the program under `--listen` and resolves with the port it printed. */
function listen(): Promise<number> {
  listening = spawn('python3', ['-m', 'bugscope', '--listen', '127.0.0.1:0', '--wait-for-client', program], {
    env: { ...process.env, PYTHONPATH: defaultTracerDir(), BUGSCOPE_TOKEN: TOKEN },
  })
  return new Promise((resolve, reject) => {
    let stderr = ''
    const timer = setTimeout(() => reject(new Error(`tracer did not listen: ${stderr}`)), 10_000)
    listening!.stderr.on('data', (d) => {
      stderr += d
      const m = /listening on [\d.]+:(\d+)/.exec(stderr)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    listening!.once('exit', (code) => reject(new Error(`tracer exited with ${code}: ${stderr}`)))
  })
}

describe('adapter + tracer: attach', () => {
  it('refuses a wrong token with the tracer’s message', async () => {
    const port = await listen()
    client = new AdapterClient()
    await client.ok('initialize', { adapterID: 'bugscope', pathFormat: 'path' })
    const attached = await client.request('attach', { port, token: 'wrong' })
    expect(attached.success).toBe(false)
    expect(attached.message).toMatch(/^Wrong token: the tracer refused it/)
  })

  it('attaches with the token, stops at a breakpoint, forwards program output and the exit', async () => {
    const port = await listen()
    client = new AdapterClient()
    await client.ok('initialize', { adapterID: 'bugscope', pathFormat: 'path' })
    const initialized = client.waitFor('initialized')
    await client.ok('attach', { port, token: TOKEN })
    await initialized
    await client.ok('setBreakpoints', { source: { path: program }, breakpoints: [{ line: 5 }] })
    await client.ok('configurationDone')
    const stopped = await client.waitFor('stopped', (b) => b.reason === 'breakpoint', 15_000, 0)
    const top = await client.topFrame(stopped.body.threadId)
    const count = await client.ok<{ result: string }>('evaluate', { expression: 'count', frameId: top.id, context: 'repl' })
    expect(count.result).toBe('3')
    await client.ok('continue', { threadId: stopped.body.threadId })
    const exited = await client.waitFor('exited', undefined, 10_000, 0)
    expect(exited.body.exitCode).toBe(5)
    await client.waitFor('terminated', undefined, 10_000, 0)
    expect(client.output()).toContain('count 3')
  })

  it('maps local paths to the remote ones for breakpoints, and remote frames back to local files', async () => {
    // The "local checkout" is a copy in another folder: what the user opens in the workbench.
    const local = mkdtempSync(join(tmpdir(), 'bugscope-local-'))
    const localProgram = join(local, 'served.py')
    writeFileSync(localProgram, readFileSync(program))
    const port = await listen()
    client = new AdapterClient()
    await client.ok('initialize', { adapterID: 'bugscope', pathFormat: 'path' })
    const initialized = client.waitFor('initialized')
    await client.ok('attach', { connect: { host: '127.0.0.1', port }, token: TOKEN, pathMappings: [{ localRoot: local, remoteRoot: dir }] })
    await initialized
    const { breakpoints } = await client.ok<DebugProtocol.SetBreakpointsResponse['body']>('setBreakpoints', {
      source: { path: localProgram },
      breakpoints: [{ line: 5 }],
    })
    expect(breakpoints[0]).toMatchObject({ verified: true, line: 5 })
    await client.ok('configurationDone')
    const stopped = await client.waitFor('stopped', (b) => b.reason === 'breakpoint', 15_000, 0)
    const top = await client.topFrame(stopped.body.threadId)
    expect(top.source?.path).toBe(localProgram)
    await client.ok('continue', { threadId: stopped.body.threadId })
    await client.waitFor('terminated', undefined, 10_000, 0)
  })

  it('finds a listening program among the local listeners, without its token', async () => {
    const port = await listen()
    const listeners = await listLocalListeners('python3', defaultTracerDir())
    const mine = listeners.find((l) => l.port === port)
    expect(mine).toMatchObject({ pid: listening!.pid, host: '127.0.0.1', tls: false, program: program })
    expect(mine?.token).toBeUndefined()
    expect(JSON.stringify(listeners)).not.toContain(TOKEN)
  })

  it('says clearly when nothing listens on the port', async () => {
    client = new AdapterClient()
    await client.ok('initialize', { adapterID: 'bugscope', pathFormat: 'path' })
    const attached = await client.request('attach', { port: 1, token: TOKEN })
    expect(attached.success).toBe(false)
    expect(attached.message).toBe('Connection refused by 127.0.0.1:1: nothing is listening there. Is the program running with --listen on that port?')
  })
})
