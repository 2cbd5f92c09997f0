// What the installers hold, checked offline. electron-builder packs the unpacked Linux app (`npm run package`'s
// layout) against a stand-in Electron directory, because the real Electron zip cannot be downloaded here, into a
// temporary folder; the test then reads app.asar and the resources. The installers themselves (AppImage, deb, dmg,
// NSIS) need the real Electron and their tools from the network: README, "Building the installers".
// Run `npm run build` first (out/ and out/bugscope.pyz).
import { execFile, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '..', '..')
const builderCli = join(repoRoot, 'node_modules', 'electron-builder', 'cli.js')
const electronVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron

/** Why electron-builder cannot run here at all, or null. */
function builderProblem(): string | null {
  if (!existsSync(builderCli)) return 'electron-builder is not installed (npm ci)'
  const r = spawnSync(process.execPath, [builderCli, '--version'], { encoding: 'utf8', timeout: 30_000 })
  return r.status === 0 ? null : `\`electron-builder --version\` failed: ${(r.stderr || r.error?.message || '').trim().slice(0, 300)}`
}

const problem = builderProblem()
if (problem) console.log(`packaging test skipped: ${problem}`)

// Electron's fuse wire: a sentinel, version 1, its length, then one byte per fuse ('0' off, '1' on), in
// @electron/fuses' order: RunAsNode, EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable,
// EnableNodeCliInspectArguments, EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
// LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges. The stand-in starts with Electron's defaults.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ELECTRON_DEFAULT_FUSES = '10110001'

/** The smallest directory electron-builder accepts as an unpacked Electron: the executable, version, licences. */
function standInElectron(dir: string): void {
  mkdirSync(dir, { recursive: true })
  const binary = join(dir, 'electron')
  writeFileSync(binary, Buffer.concat([Buffer.from(`#!/bin/sh\necho "stand-in Electron"\nexit 0\n# `), Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from(ELECTRON_DEFAULT_FUSES)]))
  chmodSync(binary, 0o755)
  writeFileSync(join(dir, 'version'), electronVersion)
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n')
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>stand-in</p>\n')
}

/** The files in an asar archive: its JSON header (after two pickled lengths), then the file bytes. */
function readAsar(path: string): Map<string, Buffer> {
  const archive = readFileSync(path)
  const headerLength = archive.readUInt32LE(12)
  const header = JSON.parse(archive.toString('utf8', 16, 16 + headerLength)) as AsarDir
  const base = 8 + archive.readUInt32LE(4)
  const files = new Map<string, Buffer>()
  const walk = (dir: AsarDir, prefix: string) => {
    for (const [name, entry] of Object.entries(dir.files)) {
      const p = `${prefix}/${name}`
      if ('files' in entry) walk(entry, p)
      else if (entry.unpacked) files.set(p, Buffer.alloc(0))
      else files.set(p, archive.subarray(base + Number(entry.offset), base + Number(entry.offset) + entry.size))
    }
  }
  walk(header, '')
  return files
}
interface AsarDir {
  files: Record<string, AsarDir | { size: number; offset: string; unpacked?: boolean }>
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort()
}

function sizeOf(dir: string): number {
  return listFiles(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0)
}

const SECRET_NAMES = /(^|\/)(\.env(\..*)?|\.npmrc|id_rsa|id_ed25519|.*\.(pem|key|p12|pfx|keystore))$/
const SECRET_CONTENT = /-----BEGIN [A-Z ]*PRIVATE KEY-----|\bnpm_[A-Za-z0-9]{36}\b|\bghp_[A-Za-z0-9]{36}\b|\bAKIA[0-9A-Z]{16}\b|\bxox[bp]-[0-9A-Za-z-]{10,}/
const TEST_FILES = /(^|\/)(tests?|__tests__)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$/

describe.skipIf(!!problem)('the unpacked desktop app (electron-builder --dir, offline)', () => {
  let scratch = ''
  let appDir = ''
  let asar = new Map<string, Buffer>()
  let builderLog = ''

  beforeAll(async () => {
    for (const built of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/bugscope.pyz']) {
      if (!existsSync(join(repoRoot, built))) throw new Error(`${built} is missing: run \`npm run build\` before the packaging test.`)
    }
    scratch = mkdtempSync(join(tmpdir(), 'bugscope-package-'))
    standInElectron(join(scratch, 'electron-dist'))
    const output = join(scratch, 'release')
    const args = [builderCli, '--dir', '--linux', '--x64', '--publish', 'never', `-c.electronDist=${join(scratch, 'electron-dist')}`, `-c.directories.output=${output}`]
    // electron-builder keeps quiet when it sees VITEST in its environment; its log is wanted here.
    const { VITEST: _vitest, ...env } = process.env
    const result = await new Promise<{ code: number | null; log: string }>((done) => {
      const child = execFile(process.execPath, args, { cwd: repoRoot, timeout: 90_000, env }, (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, log: `${stdout}${stderr}` }),
      )
      child.stdin?.end()
    })
    builderLog = result.log
    if (result.code !== 0) throw new Error(`electron-builder --dir failed (exit ${result.code}):\n${builderLog.slice(-3000)}`)
    appDir = join(output, 'linux-unpacked')
    asar = readAsar(join(appDir, 'resources', 'app.asar'))
    const layout = listFiles(appDir).filter((f) => !f.startsWith('resources/python/bugscope/') || f.endsWith('__init__.py'))
    console.log(
      `unpacked layout (with a stand-in Electron: the real one adds its runtime files), ${(sizeOf(appDir) / 1024).toFixed(0)} KiB:\n` +
        layout.map((f) => `  ${f}  ${statSync(join(appDir, f)).size} B`).join('\n') +
        `\n  resources/python/bugscope/: ${listFiles(join(appDir, 'resources', 'python', 'bugscope')).length} files, ${(sizeOf(join(appDir, 'resources', 'python')) / 1024).toFixed(0)} KiB` +
        `\n  app.asar: ${asar.size} files: ${[...asar.keys()].join(', ')}`,
    )
  }, 120_000)

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  it('puts the app, the tracer and the renamed executable where the packaged app looks for them', () => {
    const top = readdirSync(appDir).sort()
    expect(top).toEqual(expect.arrayContaining(['bugscope', 'resources', 'version']))
    expect(readdirSync(join(appDir, 'resources')).sort()).toEqual(['app.asar', 'bugscope.pyz', 'native', 'python'])
    // No unpacked part of the archive: no native module needs one.
    expect(existsSync(join(appDir, 'resources', 'app.asar.unpacked'))).toBe(false)
  })

  it('app.asar holds the built out/ and package.json, and nothing else', () => {
    const files = [...asar.keys()]
    const outFiles = listFiles(join(repoRoot, 'out'))
      .filter((f) => f !== 'bugscope.pyz')
      .map((f) => `/out/${f}`)
    expect(files.sort()).toEqual([...outFiles, '/package.json'].sort())
    const pkg = JSON.parse(asar.get('/package.json')!.toString('utf8')) as { main: string; version: string }
    expect(asar.has(`/${pkg.main.replace(/^\.\//, '')}`)).toBe(true)
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('ships no sources, tests, source maps, node_modules or secrets', () => {
    const shipped = [...[...asar.keys()].map((f) => `app.asar${f}`), ...listFiles(join(appDir, 'resources')).filter((f) => f !== 'app.asar')]
    const bad = shipped.filter((f) => /node_modules|\.map$|\.tsx?$|tsbuildinfo|__pycache__|\.pyc$/.test(f) || TEST_FILES.test(f) || SECRET_NAMES.test(f))
    expect(bad).toEqual([])
    for (const [name, bytes] of asar) {
      const text = bytes.toString('utf8')
      expect(text, `${name} points at a source map`).not.toMatch(/[#@] sourceMappingURL=(?!data:)/)
      expect(SECRET_CONTENT.test(text), `${name} looks like it holds a secret`).toBe(false)
    }
    for (const f of listFiles(join(appDir, 'resources', 'python'))) {
      expect(SECRET_CONTENT.test(readFileSync(join(appDir, 'resources', 'python', f), 'utf8')), f).toBe(false)
    }
  })

  it('resources/python/bugscope holds the whole tracer, and it runs', () => {
    const shipped = listFiles(join(appDir, 'resources', 'python', 'bugscope'))
    const source = listFiles(join(repoRoot, 'python', 'bugscope')).filter((f) => !f.includes('__pycache__') && !f.endsWith('.pyc'))
    expect(shipped).toEqual(source)
    const python = process.platform === 'win32' ? 'python' : 'python3'
    const run = spawnSync(python, ['-m', 'bugscope', '--version'], {
      env: { ...process.env, PYTHONPATH: join(appDir, 'resources', 'python') },
      encoding: 'utf8',
      timeout: 15_000,
    })
    expect(run.status, run.stderr).toBe(0)
    expect(`${run.stdout}${run.stderr}`).toMatch(/\d+\.\d+/)
    expect(listFiles(join(appDir, 'resources', 'native')).every((f) => /\.(c|h)$/.test(f))).toBe(true)
  })

  it('the packaged executable has its fuses set: no run-as-Node, NODE_OPTIONS or --inspect; app.asar only', () => {
    const binary = readFileSync(join(appDir, 'bugscope'))
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length
    const wire = binary.subarray(at + 2, at + 2 + binary[at + 1]).toString('latin1')
    expect(builderLog).toMatch(/executing @electron\/fuses/)
    //           RunAsNode, CookieEncryption, NODE_OPTIONS, --inspect, (asar integrity), OnlyLoadAppFromAsar, (V8 snapshot), file:// privileges
    expect(wire).toBe(['0', '1', '0', '0', ELECTRON_DEFAULT_FUSES[4], '1', ELECTRON_DEFAULT_FUSES[6], '0'].join(''))
  })
})

describe('installer icons (build/, rendered from build/icon.svg)', () => {
  it('exist at every size the targets need and match what the one source image renders', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'icons.mjs'), '--check'], { encoding: 'utf8', timeout: 60_000 })
    const report = JSON.parse(run.stdout) as { ok: boolean; files: Record<string, string[]>; problems: string[] }
    expect(report.problems).toEqual([])
    expect(run.status).toBe(0)
    const square = (n: number) => `${n}x${n}`
    // Linux (AppImage, deb): build/icons/NxN.png.
    for (const n of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) expect(report.files[`build/icons/${square(n)}.png`]).toEqual([square(n)])
    expect(report.files['build/icon.png']).toEqual([square(1024)])
    // Windows (NSIS): an .ico up to 256², which electron-builder requires.
    expect(report.files['build/icon.ico']).toEqual([16, 24, 32, 48, 64, 128, 256].map(square))
    // macOS (dmg): an .icns with every size up to 512@2x.
    expect(report.files['build/icon.icns']).toEqual(
      ['icp4 16', 'icp5 32', 'icp6 64', 'ic07 128', 'ic08 256', 'ic09 512', 'ic10 1024', 'ic11 32', 'ic12 64', 'ic13 256', 'ic14 512'].map((e) => {
        const [type, n] = e.split(' ')
        return `${type} ${square(Number(n))}`
      }),
    )
  })
})
