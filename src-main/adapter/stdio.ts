// `bugscope-dap`: the adapter as a standalone DAP server on stdin/stdout, for VS Code, nvim-dap and
// other editors. Launch configuration as in LaunchArguments (program/module, args, cwd, env, python).
import { DapConnection } from '../dap/connection'
import { defaultTracerDir } from '../host/host'
import { serveEditor } from './editorLink'
import { DebugAdapter } from './session'

const adapter = new DebugAdapter({ tracerDir: process.env.BUGSCOPE_TRACER_DIR || defaultTracerDir() })
const editor = new DapConnection(process.stdin, process.stdout, 'the client')

serveEditor(adapter, editor, () => process.exit(0))
editor.onProtocolError((error) => process.stderr.write(`bugscope-dap: ${error.message}\n`))
