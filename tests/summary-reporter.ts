// Adds the plain closing line `N passed, N failed, N skipped` to vitest's output, and writes the
// counts to $BUGSCOPE_SUMMARY_FILE so `npm test` can sum every layer into one line.
import { writeFileSync } from 'node:fs'
import type { Reporter, TestModule } from 'vitest/node'

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      const tests = [...module.children.allTests()]
      // A file that failed to load has no tests but must still count as a failure.
      if (tests.length === 0 && module.state() === 'failed') failed++
      for (const test of tests) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
    }
    if (process.env.BUGSCOPE_SUMMARY_FILE) writeFileSync(process.env.BUGSCOPE_SUMMARY_FILE, JSON.stringify({ passed, failed, skipped }))
    else console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
  }
}
