import { describe, expect, it } from 'vitest'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'

function setup() {
  const host = new FakeHost()
  const model = new DebugModel(host)
  let counter = 0
  host.handlers.evaluate = (args) => {
    if (args.context !== 'watch') throw new Error('expected context watch')
    if (args.expression === 'f()') throw new Error('bugscope: watch does not evaluate calls; use the console')
    if (args.expression === 'data') return { result: "{'a': 1}", type: 'dict', variablesReference: 42 }
    return { result: `${args.expression}@${args.frameId}#${++counter}`, variablesReference: 0 }
  }
  return { host, model }
}

const stop = async (host: FakeHost) => {
  host.emit('stopped', { reason: 'step', threadId: 1 })
  await settle()
}

describe('DebugModel watches', () => {
  it('evaluates every watch at a stop in the selected frame with context "watch"', async () => {
    const { host, model } = setup()
    model.addWatch('x + 1')
    model.addWatch('   ') // blank: ignored
    model.addWatch('f()')
    await model.start({ program: '/w/a.py' })
    await stop(host)
    const [w1, w2] = model.state.watches
    expect(model.state.watches).toHaveLength(2)
    const results = model.state.session!.watchResults
    expect(results[w1.id]).toMatchObject({ loading: false, value: 'x + 1@11#1' })
    // The tracer refuses calls in watches: the error is the result.
    expect(results[w2.id]).toMatchObject({ loading: false, error: 'bugscope: watch does not evaluate calls; use the console' })
    expect(host.requests.filter((r) => r.command === 'evaluate').map((r) => r.args)).toContainEqual({ expression: 'x + 1', frameId: 11, context: 'watch' })
  })

  it('re-evaluates after a step, and in another frame when one is selected', async () => {
    const { host, model } = setup()
    model.addWatch('x')
    await model.start({ program: '/w/a.py' })
    await stop(host)
    const id = model.state.watches[0].id
    expect(model.state.session!.watchResults[id].value).toBe('x@11#1')
    await model.stepOver()
    expect(model.state.session!.watchResults).toEqual({}) // dropped while running
    await stop(host)
    expect(model.state.session!.watchResults[id].value).toBe('x@11#2')
    await model.selectFrame(12)
    await settle()
    expect(model.state.session!.watchResults[id].value).toBe('x@12#3')
  })

  it('adding or editing a watch while stopped evaluates just that one; removing drops it', async () => {
    const { host, model } = setup()
    model.addWatch('a')
    await model.start({ program: '/w/a.py' })
    await stop(host)
    const before = host.requests.filter((r) => r.command === 'evaluate').length
    model.addWatch('b')
    await settle()
    const b = model.state.watches[1]
    expect(model.state.session!.watchResults[b.id].value).toMatch(/^b@11/)
    model.editWatch(b.id, 'c')
    await settle()
    expect(model.state.watches.map((w) => w.expression)).toEqual(['a', 'c'])
    expect(model.state.session!.watchResults[b.id].value).toMatch(/^c@11/)
    expect(host.requests.filter((r) => r.command === 'evaluate').length - before).toBe(2)
    model.editWatch(b.id, '  ') // blank text removes
    model.removeWatch(model.state.watches[0].id)
    expect(model.state.watches).toEqual([])
  })

  it('a container result has children that load like variables', async () => {
    const { host, model } = setup()
    host.handlers.variables = (args) => ({ variables: [{ name: `'a'`, value: '1', variablesReference: 0, ref: args.variablesReference }] })
    model.addWatch('data')
    await model.start({ program: '/w/a.py' })
    await stop(host)
    const result = model.state.session!.watchResults[model.state.watches[0].id]
    expect(result).toMatchObject({ value: "{'a': 1}", type: 'dict', variablesReference: 42 })
    await model.loadVariables(result.variablesReference)
    expect(model.state.session!.variables[42].items.map((v) => v.name)).toEqual([`'a'`])
  })

  it('hex formatting asks again for watches and variables with format.hex, and copies take the whole value', async () => {
    const { host, model } = setup()
    model.addWatch('n')
    await model.start({ program: '/w/a.py' })
    await stop(host)
    model.setHexValues(true)
    await settle()
    const evaluations = host.requests.filter((r) => r.command === 'evaluate').map((r) => r.args)
    expect(evaluations.at(-1)).toEqual({ expression: 'n', frameId: 11, context: 'watch', format: { hex: true } })
    await model.loadVariables(5)
    expect(host.requests.filter((r) => r.command === 'variables').at(-1)?.args).toEqual({ variablesReference: 5, format: { hex: true } })
    host.handlers.evaluate = (args) => ({ result: `whole ${args.expression} (${args.context})`, variablesReference: 0 })
    expect(await model.valueForClipboard({ name: 's', value: "'abc…'", evaluateName: 's', variablesReference: 0 })).toBe('whole s (clipboard)')
    expect(await model.valueForClipboard({ name: '[0]', value: '1', variablesReference: 0 })).toBe('1')
  })
})
