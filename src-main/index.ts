// Electron entry: thin glue only; the app lives in ./electron/app.ts.
import { startApp } from './electron/app'

startApp()
