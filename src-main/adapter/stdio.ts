// `bugscope-dap`: the adapter as a standalone DAP server on stdin/stdout, for VS Code, nvim-dap and
// other editors. Launch configuration as in LaunchArguments (program/module, args, cwd, env, python).
import { DapConnection } from '../dap/connection'
import { defaultTracerDir } from '../host/host'
import { DebugAdapter } from './session'

const adapter = new DebugAdapter({ tracerDir: process.env.BUGSCOPE_TRACER_DIR || defaultTracerDir() })
const client = new DapConnection(process.stdin, process.stdout, 'the client')

adapter.onEvent((event) => client.send(event))
client.onRequest((request) => {
  void adapter.handleRequest(request).then((response) => {
    client.send(response)
    if (request.command === 'disconnect') void adapter.dispose().finally(() => process.exit(0))
  })
})
client.onProtocolError((error) => process.stderr.write(`bugscope-dap: ${error.message}\n`))
client.onClose(() => void adapter.dispose().finally(() => process.exit(0)))
