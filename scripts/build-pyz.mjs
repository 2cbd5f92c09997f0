#!/usr/bin/env node
// Builds out/bugscope.pyz: the whole tracer as one file that any CPython 3.8+ runs, to copy to another machine:
//   python bugscope.pyz --listen HOST:PORT [--tls-self-signed] program.py
// The archive is what `python -m zipapp -p "/usr/bin/env python3"` makes of a folder holding bugscope/ and
// bugscope/_pyz_main.py as __main__.py, written here in plain Node (node:zlib only) so that building needs no
// Python. Sources only: no __pycache__, no compiled extensions (they belong to one interpreter). Entries are sorted
// and dated 1980-01-01, so the same sources give the same bytes.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const packageDir = join(root, 'python', 'bugscope')
const output = resolve(root, process.argv[2] ?? join('out', 'bugscope.pyz'))
const SHEBANG = '#!/usr/bin/env python3\n'
const EXCLUDED_DIRS = new Set(['__pycache__', 'build'])
const EXCLUDED_FILE = /\.(pyc|pyo|so|pyd|o|obj|dll|dylib)$/

function packageFiles(dir) {
  const files = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      if (!EXCLUDED_DIRS.has(name) && !name.startsWith('.')) files.push(...packageFiles(path))
    } else if (!EXCLUDED_FILE.test(name) && !name.startsWith('.')) {
      files.push(path)
    }
  }
  return files
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(data) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data) >>> 0 // Node 20.15+
  let c = 0xffffffff
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const DOS_TIME = 0
const DOS_DATE = (0 << 9) | (1 << 5) | 1 // 1980-01-01
const UTF8_NAMES = 0x0800

function zip(entries, prefix) {
  const chunks = [prefix]
  const central = []
  let offset = prefix.length
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8')
    const deflated = zlib.deflateRawSync(data, { level: 9 })
    const stored = deflated.length >= data.length
    const body = stored ? data : deflated
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed: 2.0
    local.writeUInt16LE(UTF8_NAMES, 6)
    local.writeUInt16LE(stored ? 0 : 8, 8)
    local.writeUInt16LE(DOS_TIME, 10)
    local.writeUInt16LE(DOS_DATE, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    local.writeUInt16LE(0, 28)
    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    header.writeUInt16LE((3 << 8) | 20, 4) // made by: Unix, 2.0 (so the mode below counts)
    header.writeUInt16LE(20, 6)
    header.writeUInt16LE(UTF8_NAMES, 8)
    header.writeUInt16LE(stored ? 0 : 8, 10)
    header.writeUInt16LE(DOS_TIME, 12)
    header.writeUInt16LE(DOS_DATE, 14)
    header.writeUInt32LE(crc, 16)
    header.writeUInt32LE(body.length, 20)
    header.writeUInt32LE(data.length, 24)
    header.writeUInt16LE(nameBytes.length, 28)
    // extra, comment, disk, internal attributes: 0
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38)
    header.writeUInt32LE(offset, 42) // from the start of the file, shebang included (zipimport accepts both)
    central.push(header, nameBytes)
    chunks.push(local, nameBytes, body)
    offset += local.length + nameBytes.length + body.length
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...chunks, ...central, end])
}

const entries = [{ name: '__main__.py', data: readFileSync(join(packageDir, '_pyz_main.py')) }]
for (const path of packageFiles(packageDir)) {
  entries.push({ name: relative(join(root, 'python'), path).split(sep).join('/'), data: readFileSync(path) })
}
mkdirSync(dirname(output), { recursive: true })
writeFileSync(output, zip(entries, Buffer.from(SHEBANG)))
chmodSync(output, 0o755)
console.log(`bugscope.pyz: ${relative(process.cwd(), output) || output} (${entries.length} files, ${statSync(output).size} bytes)`)
