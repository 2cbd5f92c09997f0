// Creates the models and wires them together; React reaches them through ServicesContext.
import { createContext, useContext, useSyncExternalStore } from 'react'
import type { HostApi } from '../../src-preload/contract'
import { DebugModel } from '../debug/debugModel'
import { HostFolderStates, type FolderStateStorage } from '../debug/folderState'
import type { Store } from '../debug/store'
import { Commands } from './commands'
import { keepFolderState } from './folderPersistence'
import { InterpreterModel } from './interpreterModel'
import { RunConfigurationsModel } from './runConfigurations'
import { SettingsFilesModel } from './settingsFilesModel'
import { TerminalsModel } from './terminalsModel'
import { WorkbenchModel } from './workbenchModel'

export interface Services {
  readonly host: HostApi
  readonly workbench: WorkbenchModel
  readonly debug: DebugModel
  readonly commands: Commands
  readonly runConfigurations: RunConfigurationsModel
  readonly interpreters: InterpreterModel
  readonly settingsFiles: SettingsFilesModel
  readonly terminals: TerminalsModel
}

/** `folderStates`: where breakpoints, watches and exception settings are kept per folder. */
export function createServices(host: HostApi, folderStates: FolderStateStorage = new HostFolderStates(host, window.localStorage)): Services {
  const workbench = new WorkbenchModel(host)
  const debug = new DebugModel(host, {
    onError: (message) => workbench.notify('error', message),
    recordsStepBack: () => workbench.state.settings.stepBack === true,
  })
  // A selected stack frame opens its source at its line.
  debug.onFrameSelected.on((frame) => {
    if (frame.source?.path) void workbench.editor.openFile(frame.source.path, frame.line)
  })
  keepFolderState(workbench, debug, folderStates)
  const runConfigurations = new RunConfigurationsModel(host, workbench)
  const interpreters = new InterpreterModel(host, workbench)
  const settingsFiles = new SettingsFilesModel(host, workbench)
  settingsFiles.onProjectSettings.on(({ folder, settings }) => {
    void interpreters.projectSettingsChanged(folder, settings.python)
    runConfigurations.projectSettingsChanged(folder, settings.runConfiguration)
  })
  const terminals = new TerminalsModel(host, workbench)
  const commands = new Commands(workbench, debug, { configurations: runConfigurations, interpreters }, settingsFiles, terminals)
  return { host, workbench, debug, commands, runConfigurations, interpreters, settingsFiles, terminals }
}

export const ServicesContext = createContext<Services | null>(null)

export function useServices(): Services {
  const services = useContext(ServicesContext)
  if (!services) throw new Error('useServices outside ServicesContext')
  return services
}

/** Subscribes a component to a slice of a store; the selector must return existing references or primitives. */
export function useStore<S, T>(store: Store<S>, select: (s: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()))
}
