import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { getHost } from './host'
import { applyInitialColorTheme } from './workbench/colorTheme'
import { createServices, ServicesContext } from './workbench/services'
import { guardUnsavedChanges } from './workbench/unsavedGuard'
import './palette.css'
import './styles.css'
import './keyboard.css'

applyInitialColorTheme()

const services = createServices(getHost())
void services.workbench.init()
services.workbench.watchFolder()
// Open files changed or deleted by other programs; checked while someone can see the window.
services.workbench.editor.watchDisk(1000, () => document.visibilityState === 'visible')
guardUnsavedChanges(services.workbench.editor, services.host, window)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
)
