// `.vscode/launch.json` in the open folder: its attach configurations (VS Code's `connect` + `pathMappings`
// shape, types python/debugpy/bugscope) are offered in the attach dialog.
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { AttachConfiguration, PathMapping } from '../../src-preload/contract'

/** JSON with comments and trailing commas, as VS Code writes launch.json, into plain JSON. */
export function stripJsonc(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '"') {
      let j = i + 1
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      out += text.slice(i, j + 1)
      i = j
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
      out += '\n'
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end < 0 ? text.length : end + 1
    } else {
      out += ch
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1')
}

const ATTACH_TYPES = new Set(['python', 'debugpy', 'bugscope'])

/** Substitutes the variables that make sense outside VS Code; leaves others as they are. */
function substitute(value: string, root: string): string {
  return value.replace(/\$\{workspaceFolder\}|\$\{workspaceRoot\}/g, root).replace(/\$\{env:([^}]+)\}/g, (_m, name: string) => process.env[name] ?? '')
}

export async function readAttachConfigurations(root: string): Promise<AttachConfiguration[]> {
  let text: string
  try {
    text = await readFile(join(root, '.vscode', 'launch.json'), 'utf8')
  } catch {
    return []
  }
  let parsed: { configurations?: unknown }
  try {
    parsed = JSON.parse(stripJsonc(text)) as { configurations?: unknown }
  } catch (error) {
    throw new Error(`.vscode/launch.json is not valid JSON: ${(error as Error).message}`)
  }
  const configs = Array.isArray(parsed.configurations) ? parsed.configurations : []
  const result: AttachConfiguration[] = []
  for (const c of configs as Record<string, unknown>[]) {
    if (typeof c !== 'object' || c === null || c.request !== 'attach' || !ATTACH_TYPES.has(String(c.type))) continue
    const connect = (c.connect ?? {}) as { host?: unknown; port?: unknown }
    const port = Number(connect.port ?? c.port)
    if (!Number.isInteger(port) || port <= 0 || port > 65535) continue
    const mappings = Array.isArray(c.pathMappings) ? (c.pathMappings as Record<string, unknown>[]) : []
    result.push({
      name: typeof c.name === 'string' ? c.name : `attach ${port}`,
      host: typeof (connect.host ?? c.host) === 'string' ? String(connect.host ?? c.host) : '127.0.0.1',
      port,
      tls: c.tls === true || typeof c.tlsFingerprint === 'string',
      tlsFingerprint: typeof c.tlsFingerprint === 'string' ? c.tlsFingerprint : undefined,
      pathMappings: mappings
        .filter((m) => typeof m?.localRoot === 'string' && typeof m?.remoteRoot === 'string')
        .map((m): PathMapping => ({ localRoot: resolve(root, substitute(String(m.localRoot), root)), remoteRoot: String(m.remoteRoot) })),
    })
  }
  return result
}
