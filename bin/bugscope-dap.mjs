#!/usr/bin/env node
// Standalone DAP adapter on stdio. Build first (`npm run build`).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const entry = fileURLToPath(new URL('../out/main/bugscope-dap.js', import.meta.url))
if (!existsSync(entry)) {
  process.stderr.write('bugscope-dap: not built yet. Run `npm run build` in the Bugscope folder first.\n')
  process.exit(1)
}
await import(entry)
