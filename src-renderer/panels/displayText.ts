// Text from the debuggee (values, names, output sent to the console, messages) shown outside the terminal.
// React already renders it as text, never as HTML; this takes out what a text node would still show raw or
// what would freeze layout: ANSI/OSC escape sequences (the terminal is the only place that interprets them),
// other control characters, and huge single values.

/** How many characters of one value a panel row shows; the rest is cut with an ellipsis. */
export const MAX_DISPLAY_CHARS = 10_000

// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), DCS/SOS/PM/APC strings, and two-byte ESC sequences;
// the 8-bit C1 forms (U+009B CSI, U+009D OSC) as well.
// eslint-disable-next-line no-control-regex
const ESCAPES = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?/g
// Control characters other than tab and newline (a bare CR would hide what came before it in a terminal).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g

/** `text` without escape sequences and control characters, cut to `max` characters with an ellipsis. */
export function displayText(text: string, max = MAX_DISPLAY_CHARS): string {
  // Cut first (a little past `max`, so a sequence straddling the cut is still removed whole enough): the
  // regular expressions then never run over a 200,000-character line.
  const head = text.length > max + 64 ? text.slice(0, max + 64) : text
  const plain = head.replace(ESCAPES, '').replace(CONTROLS, '')
  const cut = plain.length > max || head.length < text.length
  return cut ? `${plain.slice(0, max)}… (${text.length.toLocaleString('en')} characters)` : plain
}
