import { describe, expect, it } from 'vitest'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { encodeMessage, MessageDecoder } from './framing'

function collect() {
  const messages: DebugProtocol.ProtocolMessage[] = []
  const errors: string[] = []
  const decoder = new MessageDecoder((m) => messages.push(m), (e) => errors.push(e.message))
  return { decoder, messages, errors }
}

const event = (n: number): DebugProtocol.Event => ({ seq: n, type: 'event', event: 'output', body: { output: `é ${n}` } })

describe('DAP framing', () => {
  it('encodes header and body into one buffer with the byte length of the UTF-8 body', () => {
    const bytes = encodeMessage(event(1)).toString('utf8')
    const [header, body] = bytes.split('\r\n\r\n')
    expect(header).toBe(`Content-Length: ${Buffer.byteLength(body)}`)
    expect(JSON.parse(body).body.output).toBe('é 1')
  })

  it('decodes messages split at every byte boundary, including inside a multi-byte character', () => {
    const { decoder, messages, errors } = collect()
    const all = Buffer.concat([encodeMessage(event(1)), encodeMessage(event(2))])
    for (let i = 0; i < all.length; i++) decoder.push(all.subarray(i, i + 1))
    expect(errors).toEqual([])
    expect(messages.map((m) => (m as DebugProtocol.Event).body.output)).toEqual(['é 1', 'é 2'])
  })

  it('decodes several messages arriving in one chunk', () => {
    const { decoder, messages } = collect()
    decoder.push(Buffer.concat([encodeMessage(event(1)), encodeMessage(event(2)), encodeMessage(event(3))]))
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3])
  })

  it('reports a body that is not JSON and keeps decoding the next message', () => {
    const { decoder, messages, errors } = collect()
    decoder.push(Buffer.concat([Buffer.from('Content-Length: 5\r\n\r\n{oops'), encodeMessage(event(7))]))
    expect(errors[0]).toMatch(/not valid JSON/)
    expect(messages.map((m) => m.seq)).toEqual([7])
  })

  it('reports JSON that is not a protocol message', () => {
    const { decoder, messages, errors } = collect()
    decoder.push(Buffer.from('Content-Length: 2\r\n\r\n[]'))
    expect(errors[0]).toMatch(/not a protocol message/)
    expect(messages).toEqual([])
  })

  it('stops at a header without Content-Length, since the stream cannot be resynchronised', () => {
    const { decoder, messages, errors } = collect()
    decoder.push(Buffer.from('Content-Type: json\r\n\r\n{}'))
    decoder.push(encodeMessage(event(1)))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/without Content-Length/)
    expect(messages).toEqual([])
  })

  it('refuses an absurd Content-Length instead of waiting for it', () => {
    const { decoder, errors } = collect()
    decoder.push(Buffer.from('Content-Length: 999999999999\r\n\r\n'))
    expect(errors[0]).toMatch(/exceeds the limit/)
  })
})
