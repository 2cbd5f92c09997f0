import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { getHost } from './host'
import { applyInitialColorTheme } from './workbench/colorTheme'
import { createServices, ServicesContext } from './workbench/services'
import './palette.css'
import './styles.css'
import './keyboard.css'

applyInitialColorTheme()

const services = createServices(getHost())
void services.workbench.init()
services.workbench.watchFolder()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
)
