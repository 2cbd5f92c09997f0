// DAP wire framing: `Content-Length: N\r\n\r\n` followed by N bytes of UTF-8 JSON.
// The one framing implementation shared by every DAP endpoint in Node (adapter↔tracer, stdio adapter).
import type { DebugProtocol } from '@vscode/debugprotocol'

/** Largest body we accept; a longer Content-Length is treated as a protocol error, not an allocation. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024

export function encodeMessage(message: DebugProtocol.ProtocolMessage): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8')
  // Header and body in one buffer, so each message is a single write (no Nagle round trips).
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body])
}

export class FramingError extends Error {}

/**
 * Incremental decoder. Feed it chunks; it calls `onMessage` for each complete JSON message and
 * `onError` for a malformed frame. After a malformed header the stream cannot be resynchronised,
 * so the decoder stops and the owner should close the connection; a well-framed body that is not
 * valid JSON is reported and skipped.
 */
export class MessageDecoder {
  private buffer: Buffer = Buffer.alloc(0)
  private broken = false

  constructor(
    private readonly onMessage: (message: DebugProtocol.ProtocolMessage) => void,
    private readonly onError: (error: FramingError) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.broken) return
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n')
      if (headerEnd < 0) {
        if (this.buffer.length > 8192) this.fail('DAP header too long or missing \\r\\n\\r\\n')
        return
      }
      const header = this.buffer.subarray(0, headerEnd).toString('ascii')
      const match = /(?:^|\r\n)Content-Length:\s*(\d+)\s*(?:\r\n|$)/i.exec(header)
      if (!match) return this.fail(`DAP header without Content-Length: ${JSON.stringify(header.slice(0, 200))}`)
      const length = Number(match[1])
      if (length > MAX_MESSAGE_BYTES) return this.fail(`DAP message of ${length} bytes exceeds the limit`)
      const start = headerEnd + 4
      if (this.buffer.length < start + length) return
      const body = this.buffer.subarray(start, start + length).toString('utf8')
      this.buffer = this.buffer.subarray(start + length)
      let message: unknown
      try {
        message = JSON.parse(body)
      } catch {
        this.onError(new FramingError(`DAP body is not valid JSON: ${JSON.stringify(body.slice(0, 200))}`))
        continue
      }
      if (!isProtocolMessage(message)) {
        this.onError(new FramingError(`DAP body is not a protocol message: ${JSON.stringify(body.slice(0, 200))}`))
        continue
      }
      this.onMessage(message)
    }
  }

  private fail(reason: string): void {
    this.broken = true
    this.buffer = Buffer.alloc(0)
    this.onError(new FramingError(reason))
  }
}

export function isProtocolMessage(value: unknown): value is DebugProtocol.ProtocolMessage {
  if (typeof value !== 'object' || value === null) return false
  const m = value as { type?: unknown; seq?: unknown }
  return typeof m.type === 'string' && (m.type === 'request' || m.type === 'response' || m.type === 'event')
}
