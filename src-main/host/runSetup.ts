// The host's part of "what runs, and with which Python": launch.json's run configurations, the choices remembered
// per project, and the interpreters found on the machine. The project's interpreter, when one was chosen, wins over
// the user setting everywhere the host runs Python (launches, the first-run check, listing local listeners).
import { isAbsolute } from 'node:path'
import type { HostApi, PythonCheck } from '../../src-preload/contract'
import { InterpreterCatalog } from '../interpreters/discover'
import { checkPython } from '../interpreters/probe'
import { readRunConfigurations } from '../workspace/launchJson'
import { addLaunchConfiguration } from '../workspace/launchJsonEdit'
import type { SettingsStore } from '../workspace/settings'

export type RunSetupMethods = Pick<HostApi, 'runConfigurations' | 'addRunConfiguration' | 'getProjectSettings' | 'setProjectSettings' | 'listInterpreters' | 'checkPython'>

export interface RunSetup extends RunSetupMethods {
  /** The interpreter setting in force: the open project's choice, else the user setting ('' → python3 on PATH). */
  effectivePython(): string
}

function requireFolder(folder: unknown): string {
  if (typeof folder !== 'string' || !isAbsolute(folder)) throw new Error(`Expected the absolute path of a folder, got ${JSON.stringify(folder)}`)
  return folder
}

export function createRunSetup(store: SettingsStore, root: () => string | null, catalog = new InterpreterCatalog()): RunSetup {
  const projectPython = () => {
    const folder = root()
    return folder ? store.projectSettings(folder).python : undefined
  }
  const effectivePython = () => projectPython() || store.userSettings().python

  return {
    effectivePython,
    runConfigurations: async (folder) => readRunConfigurations(requireFolder(folder)),
    async addRunConfiguration(folder, entry) {
      // Only the open folder is written to: the renderer has no reason to touch another project's files.
      if (requireFolder(folder) !== root()) throw new Error(`Open ${folder} before adding a configuration to it.`)
      const name = await addLaunchConfiguration(folder, entry)
      return { name, configurations: await readRunConfigurations(folder) }
    },
    getProjectSettings: async (folder) => store.projectSettings(requireFolder(folder)),
    setProjectSettings: async (folder, patch) => store.updateProjectSettings(requireFolder(folder), patch),
    listInterpreters: async (folder) => catalog.list(folder === null ? null : requireFolder(folder), folder ? store.projectSettings(folder).python : undefined),
    async checkPython(): Promise<PythonCheck> {
      const chosen = projectPython()
      // A relative interpreter path is taken from the open folder (a launch takes it from the program's folder).
      const check = await checkPython(chosen || store.userSettings().python, { cwd: root() ?? undefined })
      if (check.ok || !chosen) return check
      return {
        ok: false,
        problem: `The interpreter chosen for this project cannot run your programs. ${check.problem.replace(/^Bugscope needs Python [\d.]+ or newer to run your programs\. /, '').replace(/ Fix the path in the Python field\.$/, '')}`,
        help:
          'Choose another one with the Python entry of the status bar (it lists the project’s .venv, pyenv, conda and PATH ' +
          'interpreters, or "Use the default"), or make the environment again, e.g. python3 -m venv .venv.',
      }
    },
  }
}
