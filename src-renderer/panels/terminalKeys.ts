// Which keys a focused terminal takes and which go on to the workbench. A program or shell reading the terminal
// gets every key (Tab, Ctrl+C, arrows), except the workbench's own shortcuts (F5, F10, Ctrl+P, the first stroke
// of a Ctrl+K chord and the stroke after it), as VS Code's terminal does; copy and paste stay the browser's
// (Ctrl+C copies when text is selected). A terminal nobody reads takes no keys, so Tab moves the focus on; and
// Tab moves the focus on through a terminal that was only tabbed into, until the user clicks or types in it (then
// Tab is the program's, for completion, and Ctrl+\` leaves), so tabbing round the workbench is never trapped.
import { KEY_BINDINGS, isWindowBinding, strokeOf, type KeyBinding, type KeyEventLike } from '../workbench/keybindings'

export interface TerminalKeyContext {
  /** A program reads this terminal now. */
  takesInput: boolean
  /** Text is selected in the terminal. */
  hasSelection: boolean
  /** The user clicked or typed in the terminal since it got the focus. */
  typing: boolean
}

const SCROLL_KEYS = new Set(['Shift+PageUp', 'Shift+PageDown', 'Shift+Home', 'Shift+End'])
const CLIPBOARD_KEYS = new Set(['Ctrl+Shift+C', 'Ctrl+Shift+V', 'Ctrl+V', 'Shift+Insert', 'Meta+C', 'Meta+V'])

export class TerminalKeyRouter {
  private chordPending = false
  private readonly windowKeys: Set<string>
  private readonly chordStarts: Set<string>

  constructor(bindings: readonly KeyBinding[] = KEY_BINDINGS) {
    const keys = bindings.filter(isWindowBinding).map((b) => b.keys)
    this.windowKeys = new Set(keys.filter((k) => !k.includes(' ')))
    this.chordStarts = new Set(keys.filter((k) => k.includes(' ')).map((k) => k.split(' ')[0]))
  }

  /** xterm's custom key handler: true lets the terminal handle the event, false leaves it to the page. */
  route(e: KeyEventLike & { type: string }, context: TerminalKeyContext): boolean {
    if (e.type !== 'keydown') return context.takesInput
    const stroke = strokeOf(e)
    if (!stroke) return context.takesInput
    if (SCROLL_KEYS.has(stroke)) return true // scrolls the terminal's own history
    if (this.chordPending) {
      this.chordPending = false
      return false
    }
    if (this.chordStarts.has(stroke)) {
      this.chordPending = true
      return false
    }
    if (this.windowKeys.has(stroke)) return false
    if (!context.takesInput) return false
    if ((stroke === 'Tab' || stroke === 'Shift+Tab') && !context.typing) return false
    if (CLIPBOARD_KEYS.has(stroke)) return false
    if (stroke === 'Ctrl+C' && context.hasSelection) return false
    return true
  }
}
