// The workbench layout: toolbar, explorer | editor + (terminal, debug console) | variables, watch, call stack,
// threads, breakpoints.
import { useEffect, useLayoutEffect, type CSSProperties } from 'react'
import { AboutDialog } from './dialogs/AboutDialog'
import { AddConfigurationDialog } from './dialogs/AddConfigurationDialog'
import { InterpreterPicker } from './dialogs/InterpreterPicker'
import { QuickOpen } from './dialogs/QuickOpen'
import { ShortcutsDialog } from './dialogs/ShortcutsDialog'
import { applyColorTheme } from './workbench/colorTheme'
import { KeyDispatcher } from './workbench/keybindings'
import { sashLimits } from './workbench/panelLayout'
import { usePanelLayout } from './workbench/usePanelLayout'
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
import { SidebarPanes } from './panels/SidebarPanes'
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
import { ProgressBar } from './panels/Progress'
import { VariablesPanel } from './panels/VariablesPanel'
import { WatchPanel } from './panels/WatchPanel'

export function App() {
  const { commands, workbench, settingsFiles } = useServices()
  const theme = useColorTheme()
  const themeSetting = useStore(workbench.store, (s) => s.settings.theme)
  useLayoutEffect(() => applyColorTheme(theme, themeSetting), [theme, themeSetting])
  const [sizes, setSizes] = usePanelLayout()
  const { left, right, bottom, split } = sizes
  const layout = { '--left': `${left}px`, '--right': `${right}px`, '--bottom': `${bottom}px`, '--split': split } as CSSProperties
  const limits = sashLimits(sizes, { width: window.innerWidth, height: window.innerHeight })
  const centerWidth = window.innerWidth - left - right

  useEffect(() => {
    // Back from another window: a settings file may have been edited there.
    const onFocus = () => void settingsFiles.reload()
    window.addEventListener('focus', onFocus)
    return () => window.removeEventListener('focus', onFocus)
  }, [settingsFiles])

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
      <ProgressBar />
      <PythonNotice />
      <ErrorBanner />
      <PastBanner />
      <PathMappingProposal />
      <div className="main" style={layout}>
        <aside className="sidebar left">
          <Explorer />
          <Sash axis="x" direction={1} size={left} {...limits.left} onResize={(v) => setSizes({ left: v })} className="sash-right-edge" testId="sash-left" label="Resize the explorer" />
        </aside>
        <div className="center">
          <EditorPanel />
          <div className="bottom">
            <Sash axis="y" direction={-1} size={bottom} {...limits.bottom} onResize={(v) => setSizes({ bottom: v })} className="sash-top-edge" testId="sash-bottom" label="Resize the terminal and debug console" />
            <Sash axis="x" direction={1} size={split * centerWidth} {...limits.split} onResize={(v) => setSizes({ split: v / centerWidth })} className="sash-split" testId="sash-split" label="Resize the terminal against the debug console" />
            <TerminalPanel visible />
            <section className="panel" data-testid="debug-console">
              <div className="panel-title">Debug Console</div>
              <DebugConsole />
            </section>
          </div>
        </div>
        <aside className="sidebar right">
          <Sash axis="x" direction={-1} size={right} {...limits.right} onResize={(v) => setSizes({ right: v })} className="sash-left-edge" testId="sash-right" label="Resize the side bar" />
          <SidebarPanes
            sidebar={sizes.sidebar}
            onChange={(sidebar) => setSizes({ sidebar })}
            panes={{
              variables: <VariablesPanel />,
              watch: <WatchPanel />,
              callstack: <CallStackPanel />,
              threads: <ThreadsPanel processList={<ProcessList />} />,
              breakpoints: <BreakpointsPanel />,
            }}
          />
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
      <QuickOpen />
      <AddConfigurationDialog />
      <InterpreterPicker />
    </div>
  )
}
