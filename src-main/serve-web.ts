// `npm run web`: the workbench in a browser, for machines without a display (or over an SSH tunnel).
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkPython } from './interpreters/probe'
import { startWebHost } from './web/server'

function parsePort(argv: string[]): number {
  const i = argv.indexOf('--port')
  const raw = i >= 0 ? argv[i + 1] : (process.env.BUGSCOPE_WEB_PORT ?? '0')
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`bugscope: --port needs a number from 0 to 65535, got ${JSON.stringify(raw)}`)
    process.exit(2)
  }
  return port
}

const rendererDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
const web = await startWebHost({ port: parsePort(process.argv.slice(2)), rendererDir }).catch((error: Error) => {
  console.error(`bugscope: ${error.message}`)
  process.exit(1)
})
// The URL carries the access token; it goes to this terminal only, never to a log file.
console.log(`Bugscope is running in browser mode. Open:\n\n  ${web.url}\n\nPress Ctrl+C to stop.`)
// First run on a machine without Python: say so now, not at the first F5.
const python = await checkPython((await web.host.getSettings()).python)
if (!python.ok) console.warn(`\nWarning: ${python.problem}\n${python.help}`)
const stop = () => void web.close().finally(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
