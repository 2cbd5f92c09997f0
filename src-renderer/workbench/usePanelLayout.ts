// The panel sizes for the workbench: the user's sizes from localStorage, saved as they change, and laid out
// clamped to the window (panelLayout.ts).
import { useCallback, useEffect, useState } from 'react'
import { clampLayout, loadLayout, saveLayout, type PanelLayout, type Viewport } from './panelLayout'

const storage = (): Storage | undefined => {
  try {
    return window.localStorage
  } catch {
    return undefined // refused (sandboxed page): sizes last until the reload
  }
}

const viewport = (): Viewport => ({ width: window.innerWidth, height: window.innerHeight })

/** The layout to render (clamped to the window) and a setter for the sizes the user drags to. */
export function usePanelLayout(): [PanelLayout, (change: Partial<PanelLayout>) => void] {
  const [wanted, setWanted] = useState(() => loadLayout(storage()))
  const [size, setSize] = useState(viewport)

  useEffect(() => {
    const onResize = () => setSize(viewport())
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [])

  const layout = clampLayout(wanted, size)
  const change = useCallback(
    (part: Partial<PanelLayout>) =>
      setWanted((current) => {
        const next = { ...current, ...part }
        saveLayout(storage(), next)
        return next
      }),
    [],
  )
  return [layout, change]
}
