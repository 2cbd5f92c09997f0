import { describe, expect, it } from 'vitest'
import { droppedMarker, TerminalFeed } from './terminalFeed'

/** A terminal that parses each write only when the test says so, and frames that run when the test says so. */
function fakeTerminal(options: { chunkChars?: number; maxPendingChars?: number } = {}) {
  const written: string[] = []
  const parsed: Array<() => void> = []
  const frames: Array<() => void> = []
  const feed = new TerminalFeed({
    write: (chunk, done) => {
      written.push(chunk)
      parsed.push(done)
    },
    schedule: (cb) => frames.push(cb),
    ...options,
  })
  /** xterm parses what it was given, then a frame passes. */
  const tick = () => {
    parsed.splice(0).forEach((done) => done())
    frames.splice(0).forEach((cb) => cb())
  }
  /** Ticks until xterm has been given everything. */
  const drain = () => {
    for (let i = 0; i < 1000 && (parsed.length || frames.length); i++) tick()
  }
  return { feed, written, tick, drain, text: () => written.join('') }
}

describe('the terminal feed', () => {
  it('writes output at once when xterm is idle, and the rest one chunk per frame after xterm has parsed', () => {
    const t = fakeTerminal({ chunkChars: 4 })
    t.feed.push('ab')
    expect(t.written).toEqual(['ab'])
    t.feed.push('cdefghij')
    expect(t.written).toEqual(['ab']) // xterm is still parsing 'ab'
    t.tick()
    expect(t.written).toEqual(['ab', 'cdef'])
    t.drain()
    expect(t.text()).toBe('abcdefghij')
    expect(t.feed.stats.pendingChars).toBe(0)
    expect(t.feed.stats.writtenChars).toBe(10)
  })

  it('never splits a surrogate pair between two writes', () => {
    const t = fakeTerminal({ chunkChars: 3 })
    t.feed.push('x')
    t.feed.push('ab😀cd')
    t.drain()
    expect(t.written.slice(1)).toEqual(['ab', '😀c', 'd'])
  })

  it('drops output past the cap, keeps what was queued, and marks the gap with how many bytes went', () => {
    const t = fakeTerminal({ chunkChars: 10, maxPendingChars: 20 })
    t.feed.push('first') // written at once
    t.feed.push('0123456789')
    t.feed.push('0123456789')
    t.feed.push('lost-é') // 7 bytes in UTF-8: over the cap
    t.feed.push('lost') // 4 more
    expect(t.feed.stats.droppedBytes).toBe(11)
    expect(t.feed.stats.maxPendingChars).toBe(20)
    t.tick() // one chunk written: room again
    t.feed.push('after')
    t.drain()
    expect(t.text()).toBe(`first01234567890123456789${droppedMarker(11)}after`)
    expect(droppedMarker(11)).toContain('… 11 bytes of output dropped …')
  })

  it('shows the marker when the queue drains though no more output comes', () => {
    const t = fakeTerminal({ chunkChars: 10, maxPendingChars: 10 })
    t.feed.push('a')
    t.feed.push('0123456789')
    t.feed.push('dropped')
    t.drain()
    expect(t.text()).toBe(`a0123456789${droppedMarker(7)}`)
  })

  it('holds no more than the cap however much output comes', () => {
    const t = fakeTerminal({ chunkChars: 1000, maxPendingChars: 10_000 })
    const line = 'x'.repeat(99) + '\n'
    for (let i = 0; i < 100_000; i++) t.feed.push(line) // 10 MB while xterm parses nothing
    expect(t.feed.stats.maxPendingChars).toBeLessThanOrEqual(10_000)
    // The first line went to xterm at once, 100 lines fill the queue, the rest is dropped.
    expect(t.feed.stats.droppedBytes).toBe(10_000_000 - 100 - 10_000)
  })

  it('writes nothing after dispose', () => {
    const t = fakeTerminal()
    t.feed.push('a')
    t.feed.dispose()
    t.feed.push('b')
    t.tick()
    expect(t.written).toEqual(['a'])
  })
})
