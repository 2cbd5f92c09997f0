// Which renderer frames may call the host over IPC: our own page only (the packaged file, or the
// dev server in `npm run dev`). Kept free of 'electron' so it can be tested in plain Node.
export function isTrustedSender(frameUrl: string | undefined, devServerUrl?: string): boolean {
  if (!frameUrl) return false
  let url: URL
  try {
    url = new URL(frameUrl)
  } catch {
    return false
  }
  if (url.protocol === 'file:') return url.pathname.endsWith('/renderer/index.html')
  if (devServerUrl) {
    const dev = new URL(devServerUrl)
    return url.origin === dev.origin
  }
  return false
}
