// `bugscope-dap` as another editor runs it: a built adapter on stdin/stdout, driven over real pipes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { DapConnection } from '../../src-main/dap/connection'

const repoRoot = resolve(import.meta.dirname, '..', '..')
const entry = join(repoRoot, 'out', 'main', 'bugscope-dap.js')

let child: ChildProcessWithoutNullStreams
let dap: DapConnection
const events: DebugProtocol.Event[] = []
let stderr = ''

function nextEvent(name: string, timeoutMs = 15_000): Promise<DebugProtocol.Event> {
  const seen = events.find((e) => e.event === name)
  if (seen) return Promise.resolve(seen)
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no ${name} event; stderr: ${stderr}`)), timeoutMs)
    const off = dap.onEvent((e) => {
      if (e.event !== name) return
      clearTimeout(timer)
      off()
      res(e)
    })
  })
}

beforeAll(() => {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` before the e2e tests.`)
  child = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'pipe'] })
  child.stderr.on('data', (d) => (stderr += d))
  dap = new DapConnection(child.stdout, child.stdin, 'bugscope-dap')
  dap.onEvent((e) => events.push(e))
})

afterAll(() => {
  child?.kill('SIGKILL')
})

describe('bugscope-dap on stdio', () => {
  it('survives a body that is not JSON, saying so on stderr, and still answers', async () => {
    child.stdin.write('Content-Length: 7\r\n\r\n{broken')
    const init = await dap.request('initialize', { adapterID: 'bugscope', pathFormat: 'path' })
    expect(init.success).toBe(true)
    expect(init.body.supportsConfigurationDoneRequest).toBe(true)
    expect(stderr).toMatch(/not valid JSON/)
  })

  it('launches a program, stops at a breakpoint, continues and reports the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bugscope-stdio-'))
    const program = join(dir, 'main.py')
    writeFileSync(program, 'import sys\nvalue = 41\nvalue += 1\nprint("value", value)\nsys.exit(value - 40)\n')
    const launched = dap.request('launch', { program, cwd: dir })
    await nextEvent('initialized')
    const bps = await dap.request('setBreakpoints', { source: { path: program }, breakpoints: [{ line: 3 }] })
    expect(bps.body.breakpoints[0]).toMatchObject({ verified: true, line: 3 })
    await dap.request('configurationDone')
    expect((await launched).success).toBe(true)
    const stopped = await nextEvent('stopped')
    const trace = await dap.request('stackTrace', { threadId: stopped.body.threadId })
    expect(trace.body.stackFrames[0]).toMatchObject({ line: 3, name: '<module>' })
    const value = await dap.request('evaluate', { expression: 'value', frameId: trace.body.stackFrames[0].id, context: 'repl' })
    expect(value.body.result).toBe('41')
    await dap.request('continue', { threadId: stopped.body.threadId })
    const exited = await nextEvent('exited')
    expect(exited.body.exitCode).toBe(2)
    await nextEvent('terminated')
    const output = events.filter((e) => e.event === 'output').map((e) => e.body.output).join('')
    expect(output).toContain('value 42')
  })
})

describe('bugscope-dap on stdio: child processes', () => {
  it('asks an editor that supports it to debug a child process with the startDebugging request', async () => {
    const adapter = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'pipe'] })
    try {
      const editor = new DapConnection(adapter.stdout, adapter.stdin, 'bugscope-dap')
      const startDebugging = new Promise<DebugProtocol.Request>((resolve) =>
        editor.onRequest((request) => {
          editor.send({ type: 'response', request_seq: request.seq, command: request.command, success: true })
          resolve(request)
        }),
      )
      const dir = mkdtempSync(join(tmpdir(), 'bugscope-stdio-children-'))
      const program = join(dir, 'parent.py')
      writeFileSync(program, 'import subprocess, sys\nsubprocess.run([sys.executable, "-c", "print(6 * 7)"])\n')
      await editor.request('initialize', { adapterID: 'bugscope', pathFormat: 'path', supportsStartDebuggingRequest: true })
      const launched = editor.request('launch', { program, cwd: dir })
      await new Promise<void>((resolve) => editor.onEvent((e) => e.event === 'initialized' && resolve()))
      await editor.request('configurationDone')
      expect((await launched).success).toBe(true)
      const request = await startDebugging
      expect(request.command).toBe('startDebugging')
      expect(request.arguments).toMatchObject({ request: 'attach', configuration: { request: 'attach', host: '127.0.0.1', childProcess: { name: '-c print(6 * 7)' } } })
      const exited = new Promise((resolve) => adapter.once('exit', resolve))
      await editor.request('disconnect', {})
      await exited // after it ended the program and its child
    } finally {
      adapter.kill('SIGKILL')
    }
  })
})
