// The bounded buffer between program output (DAP output events, any rate) and xterm. xterm parses and renders
// on the page's only thread and queues whatever it is given without limit, so a program printing megabytes a
// second would freeze the workbench and grow memory without end. The feed hands xterm one chunk at a time, the
// next only after xterm has parsed the last (its write callback) and a frame has passed; when more than
// `maxPendingChars` wait, new output is dropped and a marker in the terminal says how much.

export interface TerminalFeedOptions {
  /** Writes one chunk to the terminal and calls `done` when it has been parsed (xterm's `write(data, cb)`). */
  write(chunk: string, done: () => void): void
  /** Runs `callback` at the next frame (`requestAnimationFrame`); tests pass their own. */
  schedule?(callback: () => void): void
  /** How many characters one write hands xterm. */
  chunkChars?: number
  /** How many characters may wait before new output is dropped. */
  maxPendingChars?: number
}

export interface TerminalFeedStats {
  /** Characters waiting for xterm now. */
  pendingChars: number
  /** The most that ever waited. */
  maxPendingChars: number
  /** UTF-8 bytes of output dropped so far. */
  droppedBytes: number
  /** Characters handed to xterm so far (markers included). */
  writtenChars: number
}

export const droppedMarker = (bytes: number) => `\r\n\x1b[7m… ${bytes.toLocaleString('en')} bytes of output dropped …\x1b[0m\r\n`

export class TerminalFeed {
  private readonly queue: string[] = []
  private head = 0
  private pending = 0
  private droppedSinceMarker = 0
  private busy = false
  private disposed = false
  private readonly chunkChars: number
  private readonly maxPending: number
  readonly stats: TerminalFeedStats = { pendingChars: 0, maxPendingChars: 0, droppedBytes: 0, writtenChars: 0 }

  constructor(private readonly options: TerminalFeedOptions) {
    this.chunkChars = options.chunkChars ?? 64 * 1024
    this.maxPending = options.maxPendingChars ?? 4 * 1024 * 1024
  }

  push(text: string): void {
    if (this.disposed || !text) return
    if (this.pending + text.length > this.maxPending) {
      const bytes = utf8Length(text)
      this.droppedSinceMarker += bytes
      this.stats.droppedBytes += bytes
    } else {
      this.flushMarker()
      this.enqueue(text)
    }
    this.pump()
  }

  dispose(): void {
    this.disposed = true
    this.queue.length = 0
    this.head = 0
    this.pending = 0
    this.stats.pendingChars = 0
  }

  private enqueue(text: string): void {
    this.queue.push(text)
    this.pending += text.length
    this.stats.pendingChars = this.pending
    if (this.pending > this.stats.maxPendingChars) this.stats.maxPendingChars = this.pending
  }

  private flushMarker(): void {
    if (this.droppedSinceMarker === 0) return
    const marker = droppedMarker(this.droppedSinceMarker)
    this.droppedSinceMarker = 0
    this.enqueue(marker)
  }

  private pump(): void {
    if (this.busy || this.disposed) return
    // The queue drained while output was being dropped: say so now rather than at the next output.
    if (this.head === this.queue.length) this.flushMarker()
    const chunk = this.take()
    if (!chunk) return
    this.busy = true
    this.stats.writtenChars += chunk.length
    this.options.write(chunk, () => {
      const schedule = this.options.schedule ?? ((cb: () => void) => requestAnimationFrame(cb))
      schedule(() => {
        this.busy = false
        this.pump()
      })
    })
  }

  /** Up to `chunkChars` from the front of the queue, joined. */
  private take(): string {
    const parts: string[] = []
    let size = 0
    while (this.head < this.queue.length && size < this.chunkChars) {
      const next = this.queue[this.head]
      const room = this.chunkChars - size
      if (next.length <= room) {
        parts.push(next)
        size += next.length
        this.head++
      } else {
        // Split a long piece, but not between the two halves of a surrogate pair.
        let cut = room
        const code = next.charCodeAt(cut - 1)
        if (code >= 0xd800 && code <= 0xdbff) cut--
        if (cut <= 0 && size > 0) break // the pair goes whole in the next chunk
        if (cut <= 0) cut = Math.min(2, next.length)
        parts.push(next.slice(0, cut))
        size += cut
        this.queue[this.head] = next.slice(cut)
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head)
      this.head = 0
    }
    this.pending -= size
    this.stats.pendingChars = this.pending
    return parts.join('')
  }
}

function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}
