// A launch configuration's `envFile`: KEY=VALUE lines as VS Code's Python extension reads them (python-dotenv's
// format): `export ` may lead, `#` starts a comment, 'single quotes' are literal, "double quotes" take \n, \t,
// \" and \\, and unquoted or double-quoted values expand ${NAME} from earlier lines or the environment.

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/

/** The variables of an env file's text. Lines that are not KEY=VALUE are skipped, as VS Code does. */
export function parseEnvFile(text: string, environment: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const vars: Record<string, string> = {}
  const expand = (value: string) => value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => vars[name] ?? environment[name] ?? '')
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue
    const match = LINE.exec(line)
    if (!match) continue
    const [, key, raw] = match
    let value: string
    if (raw.startsWith("'")) {
      const close = raw.indexOf("'", 1)
      value = close < 0 ? raw.slice(1) : raw.slice(1, close)
    } else if (raw.startsWith('"')) {
      let out = ''
      let i = 1
      for (; i < raw.length && raw[i] !== '"'; i++) {
        if (raw[i] === '\\' && i + 1 < raw.length) {
          const esc = raw[++i]
          out += esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === 'r' ? '\r' : esc
        } else out += raw[i]
      }
      value = expand(out)
    } else {
      value = expand(raw.replace(/\s+#.*$/, ''))
    }
    Object.defineProperty(vars, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return vars
}
