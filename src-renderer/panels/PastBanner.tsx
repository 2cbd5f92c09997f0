// Shown while the stop steps back (the stack, variables and current line are the recording's): says how far back
// and that it is read-only, and comes back to the live stop. While it shows, the page has the class
// `showing-past`, which gives the current line and the Variables panel their past colours (stepBack.css).
import { useEffect } from 'react'
import { pastText } from '../debug/stepBack'
import { useServices, useStore } from '../workbench/services'
import { stepBackIcons } from './StepBackControls'
import '../stepBack.css'

export function PastBanner() {
  const { debug, commands } = useServices()
  const past = useStore(debug.store, (s) => s.session?.past)
  useEffect(() => {
    document.body.classList.toggle('showing-past', !!past)
    return () => document.body.classList.remove('showing-past')
  }, [past])
  if (!past) return null
  return (
    <div className="past-banner" role="status" data-testid="past-banner" data-steps-back={past.stepsBack}>
      <span className="past-icon">{stepBackIcons.reverse}</span>
      <span className="past-text">
        {pastText(past)}: the recorded line, stack and locals, read-only. Press F10 to return to the live stop.
      </span>
      <button className="past-return" data-testid="btn-back-to-live" onClick={() => commands.stepOver()}>
        Back to live (F10)
      </button>
    </div>
  )
}
