"""Starting a tracer under --connect, the test playing the adapter."""
import socket
import subprocess
import sys

from dapclient import DapClient, tracer_env


def launch_connected(case, args, env=None, own_process_group=False):
    """A DapClient on the connection a ``--connect`` tracer opened to the test; the handshake is read.
    ``own_process_group``: the tracer leads its own process group, as the adapter starts it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(10)
    case.addCleanup(server.close)
    process = subprocess.Popen([sys.executable, "-m", "bugscope", "--connect",
                                "127.0.0.1:%d" % server.getsockname()[1]] + list(args),
                               env=tracer_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=own_process_group)
    case.addCleanup(lambda: process.poll() is None and process.kill())
    sock, _ = server.accept()
    client = DapClient(sock, process)
    case.addCleanup(client.close)
    client.event("bugscope/handshake")
    return client
