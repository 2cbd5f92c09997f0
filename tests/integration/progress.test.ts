// Starting a real Python program through the adapter reports progress (DAP progress events) to a client that
// asked for it, and ends the report whether the launch works or fails.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AdapterClient } from './adapterClient'

const dir = mkdtempSync(join(tmpdir(), 'bugscope-progress-'))
const program = join(dir, 'program.py')
writeFileSync(program, 'print("hello")\n')
const brokenPython = join(dir, 'python3-broken')
writeFileSync(brokenPython, '#!/bin/sh\necho "no encodings module" >&2\nexit 3\n')
chmodSync(brokenPython, 0o755)

let client: AdapterClient
afterEach(async () => {
  await client?.dispose()
})

const INITIALIZE = { adapterID: 'bugscope', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true, supportsProgressReporting: true }
const progressEvents = (c: AdapterClient) => c.events.filter((e) => e.event.startsWith('progress'))

describe('adapter + tracer: progress while starting', () => {
  it('reports starting, waiting for the connection and attaching, then ends before the launch answers', async () => {
    client = new AdapterClient()
    await client.ok('initialize', INITIALIZE)
    const response = await client.request('launch', { program, cwd: dir })
    expect(response.success).toBe(true)
    const events = progressEvents(client)
    expect(events[0]).toMatchObject({ event: 'progressStart', body: { title: 'Starting the program' } })
    expect(events.at(-1)).toMatchObject({ event: 'progressEnd', body: { progressId: events[0].body.progressId } })
    expect(events.at(-1)!.body.message).toBeUndefined()
    const messages = events.filter((e) => e.event === 'progressUpdate').map((e) => e.body.message)
    expect(messages[0]).toMatch(/^Starting python.*…$/)
    expect(messages).toContain('Waiting for the program to connect…')
    expect(messages).toContain('Attaching…')
  })

  it('ends the report when the program does not exist', async () => {
    client = new AdapterClient()
    await client.ok('initialize', INITIALIZE)
    const response = await client.request('launch', { program: join(dir, 'missing.py'), cwd: dir })
    expect(response.success).toBe(false)
    expect(progressEvents(client).map((e) => [e.event, e.body.message])).toEqual([['progressStart', undefined], ['progressEnd', 'Failed']])
  })

  it('ends the report when Python exits before the debugger connects', async () => {
    client = new AdapterClient()
    await client.ok('initialize', INITIALIZE)
    // An interpreter that exits at once with an error, as a broken venv's python does.
    const response = await client.request('launch', { program, cwd: dir, python: brokenPython })
    expect(response.success).toBe(false)
    expect(response.message).toMatch(/exited with code 3 before the debugger connected/)
    const events = progressEvents(client)
    expect(events[0].event).toBe('progressStart')
    expect(events.at(-1)).toMatchObject({ event: 'progressEnd', body: { progressId: events[0].body.progressId, message: 'Failed' } })
  })

  it('reports an attach, and ends the report when nothing listens there', async () => {
    client = new AdapterClient()
    await client.ok('initialize', INITIALIZE)
    const server = createServer()
    const port = await new Promise<number>((res) => server.listen(0, '127.0.0.1', () => res((server.address() as AddressInfo).port)))
    await new Promise((res) => server.close(res)) // a port that was just free: nothing listens on it now
    const response = await client.request('attach', { host: '127.0.0.1', port, token: 'secret' })
    expect(response.success).toBe(false)
    expect(progressEvents(client).map((e) => [e.event, e.body.title ?? e.body.message])).toEqual([
      ['progressStart', 'Attaching'],
      ['progressUpdate', `Connecting to 127.0.0.1:${port}…`],
      ['progressEnd', 'Failed'],
    ])
  })

  it('sends no progress to a client that did not ask for it', async () => {
    client = new AdapterClient()
    const response = await client.start({ program, cwd: dir })
    expect(response.success).toBe(true)
    expect(progressEvents(client)).toEqual([])
  })
})
