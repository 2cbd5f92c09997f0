// Program output for the terminal with stderr told apart: stderr chunks are wrapped in the ANSI red foreground
// (the terminal theme's error colour, terminalTheme.ts) and stdout passes as it is. Two things would break the
// program's own escape sequences: a chunk that ends inside one (DAP output events split wherever the pipe read
// did), which our colour code would land in the middle of, and a reset inside stderr (`ESC[0m`), which would
// drop the red for the rest of the chunk. So each stream keeps back an unfinished escape sequence at its end
// until its next chunk, and a reset inside stderr is followed by the red again.

export type OutputStream = 'stdout' | 'stderr'

const ESC = '\x1b'
export const STDERR_START = `${ESC}[31m`
// 39 (default foreground), not 0: the program's bold or underline from before the chunk stays as it was.
export const STDERR_END = `${ESC}[39m`
/** Longer than this, an unfinished sequence is not one we should wait for (or the program never finishes it). */
const MAX_HELD_CHARS = 4096

export class TerminalStreams {
  private readonly held: Record<OutputStream, string> = { stdout: '', stderr: '' }

  /** The text to write to the terminal for `text` from `stream` (may be empty while an escape is unfinished). */
  format(text: string, stream: OutputStream): string {
    const whole = this.held[stream] + text
    const cut = unfinishedEscapeStart(whole)
    this.held[stream] = whole.slice(cut)
    const ready = whole.slice(0, cut)
    if (!ready || stream === 'stdout') return ready
    return STDERR_START + ready.replace(/\x1b\[([0-9;]*)m/g, (sgr, params: string) => (resetsForeground(params) ? sgr + STDERR_START : sgr)) + STDERR_END
  }
}

/** Where an escape sequence that `text` ends inside begins, or `text.length` when it ends outside one. */
export function unfinishedEscapeStart(text: string): number {
  const at = text.lastIndexOf(ESC)
  if (at < 0 || text.length - at > MAX_HELD_CHARS) return text.length
  const rest = text.slice(at + 1)
  if (rest === '') return at
  const kind = rest[0]
  if (kind === '[') {
    // CSI: parameter bytes 0x30–0x3f, intermediate bytes 0x20–0x2f, then one final byte 0x40–0x7e.
    return /^\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]/.test(rest) ? text.length : at
  }
  if (kind === ']' || kind === 'P' || kind === '_' || kind === '^' || kind === 'X') {
    // OSC, DCS and the other strings end with BEL or ST (ESC \); an ST's ESC would be the last one, so here
    // only BEL can have ended it.
    return kind === ']' && rest.includes('\x07') ? text.length : at
  }
  // Two-character sequences, with intermediate bytes between (ESC ( B).
  return /^[\x20-\x2f]*[\x30-\x7e]/.test(rest) ? text.length : at
}

/** Whether an SGR with these parameters sets the foreground back to the default (ESC[m, ESC[0m, ESC[39m). */
function resetsForeground(params: string): boolean {
  if (params === '') return true
  const values = params.split(';')
  for (let i = 0; i < values.length; i++) {
    const value = Number(values[i] || '0')
    if (value === 0 || value === 39) return true
    // 38/48 take a colour after them (5;n or 2;r;g;b) whose numbers are not attributes.
    if (value === 38 || value === 48) i += values[i + 1] === '5' ? 2 : values[i + 1] === '2' ? 4 : 0
  }
  return false
}
