// The workbench layout: toolbar, explorer | editor + (terminal, debug console) | variables, watch, call stack,
// threads, breakpoints.
import { useEffect, useLayoutEffect, useState, type CSSProperties } from 'react'
import { AboutDialog } from './dialogs/AboutDialog'
import { AddConfigurationDialog } from './dialogs/AddConfigurationDialog'
import { InterpreterPicker } from './dialogs/InterpreterPicker'
import { ShortcutsDialog } from './dialogs/ShortcutsDialog'
import { applyColorTheme } from './workbench/colorTheme'
import { KeyDispatcher } from './workbench/keybindings'
import { useServices, useStore } from './workbench/services'
import { useColorTheme } from './workbench/useColorTheme'
import { CallStackPanel } from './panels/CallStackPanel'
import { DebugConsole } from './panels/DebugConsole'
import { EditorPanel } from './panels/EditorPanel'
import { ErrorBanner } from './panels/ErrorBanner'
import { PastBanner } from './panels/PastBanner'
import { PythonNotice } from './panels/PythonNotice'
import { Explorer } from './panels/Explorer'
import { Sash } from './panels/Sash'
import { AttachDialog, PathMappingProposal } from './panels/AttachDialog'
import { StepTargetsMenu } from './panels/StepTargetsMenu'
import { GridView } from './panels/GridView'
import { ModulesDialog } from './panels/ModulesDialog'
import { BreakpointsPanel } from './panels/BreakpointsPanel'
import { FolderDialog } from './panels/FolderDialog'
import { StatusBar } from './panels/StatusBar'
import { TerminalPanel } from './panels/TerminalPanel'
import { ProcessList } from './panels/ProcessList'
import { ThreadsPanel } from './panels/ThreadsPanel'
import { Toolbar } from './panels/Toolbar'
import { VariablesPanel } from './panels/VariablesPanel'
import { WatchPanel } from './panels/WatchPanel'

export function App() {
  const { commands, workbench } = useServices()
  const theme = useColorTheme()
  const themeSetting = useStore(workbench.store, (s) => s.settings.theme)
  useLayoutEffect(() => applyColorTheme(theme, themeSetting), [theme, themeSetting])
  const [left, setLeft] = useState(230)
  const [right, setRight] = useState(340)
  const [bottom, setBottom] = useState(250)
  const layout = { '--left': `${left}px`, '--right': `${right}px`, '--bottom': `${bottom}px` } as CSSProperties

  useEffect(() => {
    // Every shortcut is in the key table (workbench/keybindings.ts); a focused control that uses a key first
    // (the editor, a menu) prevents its default, and the window leaves it alone.
    const keys = new KeyDispatcher(commands)
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return
      if (keys.handle(e)) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [commands])

  return (
    <div className="workbench" data-testid="workbench">
      <Toolbar />
      <PythonNotice />
      <ErrorBanner />
      <PastBanner />
      <PathMappingProposal />
      <div className="main" style={layout}>
        <aside className="sidebar left">
          <Explorer />
          <Sash axis="x" direction={1} size={left} min={140} max={600} onResize={setLeft} className="sash-right-edge" testId="sash-left" />
        </aside>
        <div className="center">
          <EditorPanel />
          <div className="bottom">
            <Sash axis="y" direction={-1} size={bottom} min={80} max={800} onResize={setBottom} className="sash-top-edge" testId="sash-bottom" />
            <section className="panel" data-testid="terminal-panel">
              <div className="panel-title">Terminal</div>
              <TerminalPanel visible />
            </section>
            <section className="panel" data-testid="debug-console">
              <div className="panel-title">Debug Console</div>
              <DebugConsole />
            </section>
          </div>
        </div>
        <aside className="sidebar right">
          <Sash axis="x" direction={-1} size={right} min={200} max={800} onResize={setRight} className="sash-left-edge" testId="sash-right" />
          <VariablesPanel />
          <WatchPanel />
          <CallStackPanel />
          <ThreadsPanel processList={<ProcessList />} />
          <BreakpointsPanel />
        </aside>
      </div>
      <StatusBar />
      <FolderDialog />
      <AttachDialog />
      <StepTargetsMenu />
      <GridView />
      <ModulesDialog />
      <AboutDialog />
      <ShortcutsDialog />
      <AddConfigurationDialog />
      <InterpreterPicker />
    </div>
  )
}
