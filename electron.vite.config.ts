import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const r = (p: string) => resolve(import.meta.dirname, p)
// Shown in the About dialog (src-renderer/version.ts).
const version = (JSON.parse(readFileSync(r('package.json'), 'utf8')) as { version: string }).version

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: { index: r('src-main/index.ts'), 'serve-web': r('src-main/serve-web.ts'), 'bugscope-dap': r('src-main/adapter/stdio.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: { index: r('src-preload/index.ts') } },
      // A sandboxed preload must be CommonJS even though the package is "type": "module".
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: r('src-renderer'),
    plugins: [react()],
    define: { __BUGSCOPE_VERSION__: JSON.stringify(version) },
    build: { outDir: r('out/renderer'), rolldownOptions: { input: r('src-renderer/index.html') } },
  },
})
