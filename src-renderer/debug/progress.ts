// Long operations of the debug adapter (starting a program, attaching), as it reports them with DAP progress
// events (progressStart, progressUpdate, progressEnd; the client announces supportsProgressReporting). The list
// holds the reports under way, oldest first; the workbench shows the newest.
import type { DebugProtocol } from '@vscode/debugprotocol'

export interface ProgressReport {
  /** The session that reports it (DAP progress ids are unique within one session only). */
  readonly sessionId: string
  readonly progressId: string
  readonly title: string
  /** What it is doing now ("Waiting for the program to connect…"), from progressStart or the last progressUpdate. */
  readonly message?: string
  /** 0–100 when the adapter knows how far it is; absent for an indeterminate report. */
  readonly percentage?: number
}

export type ProgressList = readonly ProgressReport[]

const percentageOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : undefined

export function startProgress(list: ProgressList, sessionId: string, body: DebugProtocol.ProgressStartEvent['body']): ProgressList {
  if (!body || typeof body.progressId !== 'string') return list
  const report: ProgressReport = {
    sessionId,
    progressId: body.progressId,
    title: String(body.title ?? ''),
    ...(body.message ? { message: String(body.message) } : {}),
    ...(percentageOf(body.percentage) !== undefined ? { percentage: percentageOf(body.percentage) } : {}),
  }
  // A progressStart that repeats an id replaces the report (DAP: "ids must be unique"; a second one is a restart).
  return [...list.filter((p) => !(p.sessionId === sessionId && p.progressId === body.progressId)), report]
}

/** DAP: an update for an id that has no report (never started, or already ended) is ignored. */
export function updateProgress(list: ProgressList, sessionId: string, body: DebugProtocol.ProgressUpdateEvent['body']): ProgressList {
  const index = list.findIndex((p) => p.sessionId === sessionId && p.progressId === body?.progressId)
  if (index < 0) return list
  const before = list[index]
  const percentage = percentageOf(body.percentage)
  const next: ProgressReport = {
    ...before,
    ...(body.message !== undefined ? { message: String(body.message) } : {}),
    ...(percentage !== undefined ? { percentage } : {}),
  }
  return list.map((p, i) => (i === index ? next : p))
}

export function endProgress(list: ProgressList, sessionId: string, body: DebugProtocol.ProgressEndEvent['body']): ProgressList {
  const next = list.filter((p) => !(p.sessionId === sessionId && p.progressId === body?.progressId))
  return next.length === list.length ? list : next
}

/** A session ended: its reports end with it (an adapter that dies sends no progressEnd). */
export function forgetSessionProgress(list: ProgressList, sessionId: string): ProgressList {
  const next = list.filter((p) => p.sessionId !== sessionId)
  return next.length === list.length ? list : next
}

/** The report the workbench shows: the newest under way, or undefined. */
export function currentProgress(list: ProgressList): ProgressReport | undefined {
  return list[list.length - 1]
}

/** The report in words, for the status bar: "Starting the program: Waiting for the program to connect…". */
export function progressText(report: ProgressReport): string {
  const detail = report.message && report.message !== report.title ? report.message : ''
  const percent = report.percentage !== undefined ? ` (${Math.round(report.percentage)} %)` : ''
  return `${report.title}${report.title && detail ? ': ' : ''}${detail}${percent}`
}
