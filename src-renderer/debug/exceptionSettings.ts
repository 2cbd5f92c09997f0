// Exception breakpoint settings: which of the debugger's exception filters are on (each with an optional
// condition) and per-type rules. Pure functions over immutable data; the model applies them in its actions and
// the session turns them into one `setExceptionBreakpoints` request.
import type { DebugProtocol } from '@vscode/debugprotocol'

/** The user's choice for one filter; a filter without a choice follows its `default`. */
export interface ExceptionFilterChoice {
  readonly enabled: boolean
  /** A Python expression evaluated with the exception at hand; the filter breaks only when it is true. */
  readonly condition?: string
}

/** "Break on this exception type (and its subclasses) in this mode"; the nearest class in the MRO wins. */
export interface ExceptionRule {
  /** A class name as Python spells it: `ValueError`, `mypkg.errors.Fatal`. */
  readonly name: string
  readonly mode: DebugProtocol.ExceptionBreakMode
}

export interface ExceptionSettings {
  readonly filters: Readonly<Record<string, ExceptionFilterChoice>>
  readonly rules: readonly ExceptionRule[]
  /** Raise points chosen with "Ignore at this location" (Bugscope's `bugscope/ignoreExceptionAt`). */
  readonly ignored?: readonly IgnoredLocation[]
}

export interface IgnoredLocation {
  readonly path: string
  readonly line: number
}

/** Adds or removes an ignored raise point. */
export function setIgnored(settings: ExceptionSettings, at: IgnoredLocation, ignore: boolean): ExceptionSettings {
  const others = (settings.ignored ?? []).filter((l) => !(l.path === at.path && l.line === at.line))
  const ignored = ignore ? [...others, { path: at.path, line: at.line }] : others
  return { ...settings, ignored }
}

/** What the debugger offers: its filters and whether it takes filter conditions and per-type rules. */
export interface ExceptionSupport {
  readonly filters: readonly DebugProtocol.ExceptionBreakpointsFilter[]
  readonly filterOptions: boolean
  readonly exceptionOptions: boolean
}

export const EXCEPTION_BREAK_MODES: readonly DebugProtocol.ExceptionBreakMode[] = ['always', 'unhandled', 'userUnhandled', 'never']

/** The root of every `exceptionOptions` path: the tracer's one exception category. */
export const PYTHON_EXCEPTIONS = 'Python Exceptions'

/**
 * What the Bugscope tracer announces, shown until a session has announced its own list: the panel can then be
 * set up before the first launch, and the settings are sent before the program runs.
 */
export const BUGSCOPE_EXCEPTION_SUPPORT: ExceptionSupport = {
  filters: [
    { filter: 'raised', label: 'Raised Exceptions', supportsCondition: true },
    { filter: 'uncaught', label: 'Uncaught Exceptions', default: true, supportsCondition: true },
    { filter: 'userUnhandled', label: 'User Uncaught Exceptions', supportsCondition: true },
  ],
  filterOptions: true,
  exceptionOptions: true,
}

export const emptyExceptionSettings: ExceptionSettings = { filters: {}, rules: [] }

/**
 * The support a debugger announced in its capabilities, or undefined when it said nothing about exceptions
 * (then what was known stays). Bugscope's adapter answers `initialize` with an empty filter list before it
 * has met the tracer, whose own list follows in a `capabilities` event: so an empty list counts only there.
 */
export function supportFromCapabilities(caps: DebugProtocol.Capabilities, fromEvent: boolean): ExceptionSupport | undefined {
  const filters = caps.exceptionBreakpointFilters
  if (!filters || (filters.length === 0 && !fromEvent)) return undefined
  return { filters, filterOptions: !!caps.supportsExceptionFilterOptions, exceptionOptions: !!caps.supportsExceptionOptions }
}

export function isFilterEnabled(settings: ExceptionSettings, filter: DebugProtocol.ExceptionBreakpointsFilter): boolean {
  return settings.filters[filter.filter]?.enabled ?? !!filter.default
}

export function setFilterEnabled(settings: ExceptionSettings, filterId: string, enabled: boolean): ExceptionSettings {
  const current = settings.filters[filterId]
  return { ...settings, filters: { ...settings.filters, [filterId]: { ...current, enabled } } }
}

/** Sets (or with blank text, clears) a filter's condition; setting a condition also turns the filter on. */
export function setFilterCondition(settings: ExceptionSettings, filterId: string, condition: string): ExceptionSettings {
  const text = condition.trim()
  const current = settings.filters[filterId]
  const next: ExceptionFilterChoice = text
    ? { enabled: true, condition: text }
    : { enabled: current?.enabled ?? false }
  return { ...settings, filters: { ...settings.filters, [filterId]: next } }
}

/** A dotted Python name (`ValueError`, `mypkg.errors.Fatal`); returns what is wrong, or undefined. */
export function exceptionNameProblem(name: string): string | undefined {
  const text = name.trim()
  if (!text) return 'Type an exception class name, e.g. ValueError or mypkg.errors.Fatal.'
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/u.test(text)) return `"${text}" is not a class name: use e.g. ValueError or mypkg.errors.Fatal.`
  return undefined
}

/** Adds a rule for an exception type, or changes the mode of the one already there. */
export function setRule(settings: ExceptionSettings, name: string, mode: DebugProtocol.ExceptionBreakMode): ExceptionSettings {
  const text = name.trim()
  if (exceptionNameProblem(text)) return settings
  const exists = settings.rules.some((r) => r.name === text)
  const rules = exists ? settings.rules.map((r) => (r.name === text ? { name: text, mode } : r)) : [...settings.rules, { name: text, mode }]
  return { ...settings, rules }
}

export function removeRule(settings: ExceptionSettings, name: string): ExceptionSettings {
  return { ...settings, rules: settings.rules.filter((r) => r.name !== name) }
}

/**
 * The `setExceptionBreakpoints` arguments. An enabled filter with a condition goes in `filterOptions` (DAP:
 * `filters` and `filterOptions` are additive) when the debugger takes conditions; rules become
 * `exceptionOptions` with the path [Python Exceptions, <type>] when it takes those.
 */
export function setExceptionBreakpointsArguments(
  settings: ExceptionSettings,
  support: ExceptionSupport,
): DebugProtocol.SetExceptionBreakpointsArguments {
  const filters: string[] = []
  const filterOptions: DebugProtocol.ExceptionFilterOptions[] = []
  for (const f of support.filters) {
    if (!isFilterEnabled(settings, f)) continue
    const condition = settings.filters[f.filter]?.condition
    if (condition && f.supportsCondition && support.filterOptions) filterOptions.push({ filterId: f.filter, condition })
    else filters.push(f.filter)
  }
  const args: DebugProtocol.SetExceptionBreakpointsArguments = { filters }
  if (filterOptions.length) args.filterOptions = filterOptions
  if (support.exceptionOptions && settings.rules.length) {
    args.exceptionOptions = settings.rules.map((r) => ({
      path: [{ names: [PYTHON_EXCEPTIONS] }, { names: [r.name] }],
      breakMode: r.mode,
    }))
  }
  return args
}

/**
 * What the debugger could not use, from a `setExceptionBreakpoints` answer: DAP answers one breakpoint per
 * filter, then per filter option, then per exception option, in the order of the request.
 */
export function exceptionProblems(
  args: DebugProtocol.SetExceptionBreakpointsArguments,
  answers: readonly DebugProtocol.Breakpoint[],
): Record<string, string> {
  const keys = [
    ...args.filters,
    ...(args.filterOptions ?? []).map((o) => o.filterId),
    ...(args.exceptionOptions ?? []).map((o) => `rule:${o.path?.at(-1)?.names.join(',') ?? ''}`),
  ]
  const problems: Record<string, string> = {}
  keys.forEach((key, i) => {
    const answer = answers[i]
    if (answer && !answer.verified) problems[key] = answer.message ?? 'The debugger could not use this setting.'
  })
  return problems
}

/** Settings read back from the folder store, skipping what does not fit (the store may be old or edited). */
export function settingsFromStored(stored: unknown): ExceptionSettings {
  if (!stored || typeof stored !== 'object') return emptyExceptionSettings
  const s = stored as { filters?: unknown; rules?: unknown }
  const filters: Record<string, ExceptionFilterChoice> = {}
  if (s.filters && typeof s.filters === 'object') {
    for (const [id, choice] of Object.entries(s.filters as Record<string, unknown>)) {
      const c = choice as { enabled?: unknown; condition?: unknown } | null
      if (!c || typeof c.enabled !== 'boolean') continue
      filters[id] = typeof c.condition === 'string' && c.condition.trim() ? { enabled: c.enabled, condition: c.condition } : { enabled: c.enabled }
    }
  }
  const ignored = (Array.isArray((s as { ignored?: unknown }).ignored) ? ((s as { ignored: unknown[] }).ignored) : [])
    .filter((l): l is IgnoredLocation => !!l && typeof (l as IgnoredLocation).path === 'string' && Number.isInteger((l as IgnoredLocation).line))
    .map((l) => ({ path: l.path, line: l.line }))
  let settings: ExceptionSettings = { filters, rules: [], ...(ignored.length ? { ignored } : {}) }
  for (const r of Array.isArray(s.rules) ? s.rules : []) {
    const rule = r as { name?: unknown; mode?: unknown } | null
    if (typeof rule?.name === 'string' && EXCEPTION_BREAK_MODES.includes(rule.mode as DebugProtocol.ExceptionBreakMode)) {
      settings = setRule(settings, rule.name, rule.mode as DebugProtocol.ExceptionBreakMode)
    }
  }
  return settings
}
