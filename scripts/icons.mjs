#!/usr/bin/env node
// Renders the app icons for electron-builder from the one source image, build/icon.svg:
//   build/icon.png (1024²), build/icons/NxN.png (Linux, 16…1024), build/icon.ico (Windows), build/icon.icns (macOS).
// Plain Node (node:zlib only), so it runs anywhere `npm ci` does. The SVG may use only <rect> (x, y, width, height,
// rx, fill) and <circle> (cx, cy, r, fill or stroke + stroke-width): each has an exact signed distance, which gives
// anti-aliased edges at every size instead of a blurry downscale.
//   node scripts/icons.mjs            write the files
//   node scripts/icons.mjs --check    exit 1 if a file is missing or differs from what the SVG renders; prints JSON
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync, inflateSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const SOURCE = join(root, 'build', 'icon.svg')
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
// Apple's icns types that hold PNG data, and their pixel sizes (ic11…ic14 are the @2x variants).
export const ICNS_TYPES = { icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 }

// ---- the source ----

function attributes(tag) {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
}

function color(value, what) {
  if (value === undefined || value === 'none') return null
  const m = /^#([0-9a-f]{6})$/i.exec(value)
  if (!m) throw new Error(`${what}: colour ${JSON.stringify(value)} is not #rrggbb`)
  const n = parseInt(m[1], 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

export function parseSvg(text) {
  const svg = /<svg\b[^>]*>/.exec(text)
  if (!svg) throw new Error('icon.svg: no <svg> element')
  const viewBox = (attributes(svg[0]).viewBox ?? '').split(/\s+/).map(Number)
  if (viewBox.length !== 4 || viewBox[0] !== 0 || viewBox[1] !== 0 || viewBox[2] !== viewBox[3]) {
    throw new Error('icon.svg: needs a square viewBox "0 0 N N"')
  }
  const shapes = []
  const body = text.slice(svg.index + svg[0].length).replace(/<!--[\s\S]*?-->/g, '')
  for (const [tag, name] of body.matchAll(/<(\/?[\w:-]+)[^>]*>/g)) {
    if (name === '/svg') continue
    const a = attributes(tag)
    const num = (key, fallback) => {
      const v = a[key] ?? fallback
      if (v === undefined || !Number.isFinite(Number(v))) throw new Error(`icon.svg: <${name}> needs a number in ${key}`)
      return Number(v)
    }
    if (name === 'rect') {
      shapes.push({ kind: 'rect', x: num('x', 0), y: num('y', 0), w: num('width'), h: num('height'), r: num('rx', 0), fill: color(a.fill ?? '#000000', tag) })
    } else if (name === 'circle') {
      const stroke = color(a.stroke, tag)
      shapes.push({ kind: 'circle', cx: num('cx'), cy: num('cy'), r: num('r'), fill: color(a.fill ?? '#000000', tag), stroke, sw: stroke ? num('stroke-width', 1) : 0 })
    } else {
      throw new Error(`icon.svg: <${name}> is not supported (only rect and circle)`)
    }
  }
  return { size: viewBox[2], shapes }
}

// ---- rendering ----

// Signed distances in source units (negative inside). Math.sqrt is exactly rounded, so output is the same everywhere.
function roundedRectDistance(px, py, s) {
  const r = Math.min(s.r, s.w / 2, s.h / 2)
  const qx = Math.abs(px - (s.x + s.w / 2)) - s.w / 2 + r
  const qy = Math.abs(py - (s.y + s.h / 2)) - s.h / 2 + r
  const ox = Math.max(qx, 0)
  const oy = Math.max(qy, 0)
  return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - r
}

function circleDistance(px, py, s) {
  const dx = px - s.cx
  const dy = py - s.cy
  return Math.sqrt(dx * dx + dy * dy) - s.r
}

/** The icon at `size`² pixels as straight-alpha RGBA bytes. */
export function render(icon, size) {
  const scale = size / icon.size
  const premul = new Float64Array(size * size * 4)
  const paint = (i, rgb, coverage) => {
    if (coverage <= 0) return
    const keep = 1 - coverage
    premul[i] = (rgb[0] / 255) * coverage + premul[i] * keep
    premul[i + 1] = (rgb[1] / 255) * coverage + premul[i + 1] * keep
    premul[i + 2] = (rgb[2] / 255) * coverage + premul[i + 2] * keep
    premul[i + 3] = coverage + premul[i + 3] * keep
  }
  // A pixel's coverage by an edge at signed distance d (in pixels) from its centre.
  const cover = (d) => Math.min(1, Math.max(0, 0.5 - d))
  for (let y = 0; y < size; y++) {
    const py = (y + 0.5) / scale
    for (let x = 0; x < size; x++) {
      const px = (x + 0.5) / scale
      const i = (y * size + x) * 4
      for (const s of icon.shapes) {
        if (s.kind === 'rect') {
          if (s.fill) paint(i, s.fill, cover(roundedRectDistance(px, py, s) * scale))
        } else {
          const d = circleDistance(px, py, s)
          if (s.fill) paint(i, s.fill, cover(d * scale))
          if (s.stroke) paint(i, s.stroke, cover((Math.abs(d) - s.sw / 2) * scale))
        }
      }
    }
  }
  const rgba = Buffer.alloc(size * size * 4)
  for (let i = 0; i < rgba.length; i += 4) {
    const a = premul[i + 3]
    if (a <= 0) continue
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(Math.min(1, premul[i + c] / a) * 255)
    rgba[i + 3] = Math.round(a * 255)
  }
  return rgba
}

// ---- PNG ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])

export function encodePng(rgba, size) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4) // filter 0 per row
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what encodePng writes, with any row filter). */
export function decodePng(png) {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG')
  let width = 0
  let height = 0
  const idat = []
  for (let pos = 8; pos < png.length; ) {
    const length = png.readUInt32BE(pos)
    const type = png.toString('latin1', pos + 4, pos + 8)
    const data = png.subarray(pos + 8, pos + 8 + length)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error('only 8-bit RGBA, non-interlaced PNGs are read')
    } else if (type === 'IDAT') idat.push(data)
    pos += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * 4
  const rgba = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4] : 0
      const b = y > 0 ? rgba[(y - 1) * stride + x] : 0
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0
      const p = a + b - c
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`)
      rgba[y * stride + x] = (line[x] + predictor) & 255
    }
  }
  return { width, height, rgba }
}

// ---- ICO (Windows): 32-bit BMP images up to 128², a PNG at 256² (as Windows' own icons do) ----

function bmpImage(rgba, size) {
  const header = Buffer.alloc(40)
  const maskStride = Math.ceil(size / 32) * 4
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(size, 4)
  header.writeInt32LE(size * 2, 8) // colour image + AND mask
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  header.writeUInt32LE(size * size * 4 + maskStride * size, 20)
  const pixels = Buffer.alloc(size * size * 4)
  const mask = Buffer.alloc(maskStride * size)
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y // bottom-up
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4
      const d = (row * size + x) * 4
      pixels[d] = rgba[s + 2]
      pixels[d + 1] = rgba[s + 1]
      pixels[d + 2] = rgba[s]
      pixels[d + 3] = rgba[s + 3]
      if (rgba[s + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7)
    }
  }
  return Buffer.concat([header, pixels, mask])
}

export function encodeIco(images) {
  const dir = Buffer.alloc(6 + 16 * images.length)
  dir.writeUInt16LE(1, 2)
  dir.writeUInt16LE(images.length, 4)
  const datas = images.map(({ size, rgba }) => (size >= 256 ? encodePng(rgba, size) : bmpImage(rgba, size)))
  let offset = dir.length
  images.forEach(({ size }, i) => {
    const e = 6 + 16 * i
    dir[e] = size >= 256 ? 0 : size
    dir[e + 1] = size >= 256 ? 0 : size
    dir.writeUInt16LE(1, e + 4)
    dir.writeUInt16LE(32, e + 6)
    dir.writeUInt32LE(datas[i].length, e + 8)
    dir.writeUInt32LE(offset, e + 12)
    offset += datas[i].length
  })
  return Buffer.concat([dir, ...datas])
}

export function decodeIco(ico) {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an ICO')
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const e = 6 + 16 * i
    const size = ico[e] || 256
    const data = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8))
    if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return { size, ...decodePng(data) }
    const width = data.readInt32LE(4)
    const height = data.readInt32LE(8) / 2
    const rgba = Buffer.alloc(width * height * 4)
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const s = 40 + ((height - 1 - y) * width + x) * 4
        const d = (y * width + x) * 4
        rgba.set([data[s + 2], data[s + 1], data[s], data[s + 3]], d)
      }
    }
    return { size, width, height, rgba }
  })
}

// ---- ICNS (macOS): PNG entries ----

export function encodeIcns(pngBySize) {
  const entries = Object.entries(ICNS_TYPES).map(([type, size]) => {
    const png = pngBySize.get(size)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4)
  return Buffer.concat([head, ...entries])
}

export function decodeIcns(icns) {
  if (icns.toString('latin1', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length) throw new Error('not an ICNS')
  const images = []
  for (let pos = 8; pos < icns.length; ) {
    const type = icns.toString('latin1', pos, pos + 4)
    const length = icns.readUInt32BE(pos + 4)
    images.push({ type, size: ICNS_TYPES[type], ...decodePng(icns.subarray(pos + 8, pos + length)) })
    pos += length
  }
  return images
}

// ---- the files ----

/** Every output file and its bytes, rendered from the SVG text. */
export function renderAll(svgText) {
  const icon = parseSvg(svgText)
  const pixels = new Map(LINUX_SIZES.map((size) => [size, render(icon, size)]))
  const pngs = new Map(LINUX_SIZES.map((size) => [size, encodePng(pixels.get(size), size)]))
  const files = new Map([[join('build', 'icon.png'), pngs.get(1024)]])
  for (const size of LINUX_SIZES) files.set(join('build', 'icons', `${size}x${size}.png`), pngs.get(size))
  files.set(join('build', 'icon.ico'), encodeIco(ICO_SIZES.map((size) => ({ size, rgba: pixels.get(size) }))))
  files.set(join('build', 'icon.icns'), encodeIcns(pngs))
  return { files, pixels }
}

/** Checks the files on disk against a fresh render: what each holds and what is wrong. */
function check(pixels) {
  const report = { ok: true, files: {}, problems: [] }
  const same = (what, size, image) => {
    if (image.width !== size || image.height !== size) report.problems.push(`${what}: ${image.width}x${image.height}, expected ${size}x${size}`)
    else if (!image.rgba.equals(pixels.get(size))) report.problems.push(`${what}: differs from build/icon.svg rendered at ${size}px`)
  }
  const read = (rel, decode) => {
    try {
      return decode(readFileSync(join(root, rel)))
    } catch (e) {
      report.problems.push(`${rel}: ${e.message}`)
      return null
    }
  }
  const png = read(join('build', 'icon.png'), decodePng)
  if (png) (report.files['build/icon.png'] = [`${png.width}x${png.height}`]), same('build/icon.png', 1024, png)
  for (const size of LINUX_SIZES) {
    const rel = `build/icons/${size}x${size}.png`
    const image = read(join('build', 'icons', `${size}x${size}.png`), decodePng)
    if (image) (report.files[rel] = [`${image.width}x${image.height}`]), same(rel, size, image)
  }
  const ico = read(join('build', 'icon.ico'), decodeIco)
  if (ico) {
    report.files['build/icon.ico'] = ico.map((i) => `${i.width}x${i.height}`)
    for (const image of ico) same(`build/icon.ico ${image.size}`, image.size, image)
  }
  const icns = read(join('build', 'icon.icns'), decodeIcns)
  if (icns) {
    report.files['build/icon.icns'] = icns.map((i) => `${i.type} ${i.width}x${i.height}`)
    for (const image of icns) same(`build/icon.icns ${image.type}`, image.size, image)
  }
  report.ok = report.problems.length === 0
  return report
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, pixels } = renderAll(readFileSync(SOURCE, 'utf8'))
  if (process.argv.includes('--check')) {
    const report = check(pixels)
    console.log(JSON.stringify(report, null, 2))
    if (!report.ok) console.error('icons are stale or missing: run `node scripts/icons.mjs`')
    process.exit(report.ok ? 0 : 1)
  }
  for (const [rel, bytes] of files) {
    mkdirSync(dirname(join(root, rel)), { recursive: true })
    writeFileSync(join(root, rel), bytes)
    console.log(`${rel} (${bytes.length} bytes)`)
  }
}
