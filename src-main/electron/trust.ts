// Which renderer frames may call the host over IPC: the top frame of our own page only (the app scheme, or the
// dev server in `npm run dev`). Kept free of 'electron' so it can be tested in plain Node.
import { isAppUrl } from './securityPolicy'

export function isTrustedSender(frameUrl: string | undefined, devServerUrl?: string): boolean {
  return !!frameUrl && isAppUrl(frameUrl, devServerUrl)
}

/** What an IPC event tells about its sender (the part of Electron's IpcMainInvokeEvent/IpcMainEvent used here). */
export interface IpcSender {
  senderFrame: { url: string; parent: unknown } | null
}

/**
 * Wraps an IPC handler so it runs only for the workbench's top frame: every handler registered in app.ts goes
 * through this (a test checks). A frame that has gone away (senderFrame null) or a sub-frame is refused.
 */
export function senderChecked<A extends unknown[], R>(
  devServerUrl: string | undefined,
  handler: (...args: A) => R,
): (event: IpcSender, ...args: A) => R {
  return (event, ...args) => {
    const frame = event.senderFrame
    if (!frame || frame.parent !== null || !isTrustedSender(frame.url, devServerUrl)) {
      throw new Error('Bugscope: IPC from an untrusted frame was refused.')
    }
    return handler(...args)
  }
}
