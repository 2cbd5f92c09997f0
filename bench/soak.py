"""Soak: one debug session with 10,000 stops, and whether the debuggee's memory keeps growing.

    python3 bench/soak.py --python /root/.pyenv/versions/3.12.1/bin/python [--stops 10000] [--json out.json]

Each stop does what an IDE does: ``threads``, ``stackTrace``, ``scopes``, ``variables`` of Locals and of one
object and one list in it (handles are made and dropped every stop), then ``continue``. The debuggee's resident
memory (VmRSS of /proc/<pid>/status, the tracer runs inside it) is read at the first stop and every 1,000th. It
prints the growth over the first 1,000 stops (warm-up: caches, the first imports of the inspection code) and
over the last 1,000 (steady state: a leak shows as bytes per stop there), and the time per stop cycle.
Not part of ``npm test``: it takes about 20 s per interpreter. Standard-library Python 3.8+; Linux (or any
system with ``ps``) for the memory figures.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from dap_client import DapClient  # noqa: E402
from debuggers import line_of  # noqa: E402

PYTHON_DIR = os.path.join(os.path.dirname(HERE), "python")
TARGET = os.path.join(HERE, "programs", "soak_target.py")
TOKEN = "soak-token"
SAMPLE_EVERY = 1000


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], stdout=subprocess.PIPE).stdout.decode().strip()
    return int(out) if out else None


def start(python, stops):
    env = dict(os.environ, BUGSCOPE_TOKEN=TOKEN, PYTHONPATH=PYTHON_DIR)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    process = subprocess.Popen([python, "-m", "bugscope", "--listen", "127.0.0.1:0", "--wait-for-client", TARGET,
                                str(stops)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    port = None
    while port is None:
        line = process.stderr.readline().decode("utf-8", "replace")
        if not line:
            raise SystemExit("the tracer did not start: %s" % process.stderr.read().decode("utf-8", "replace"))
        match = re.search(r"listening on [\d.]+:(\d+)", line)
        if match:
            port = int(match.group(1))
    return process, DapClient.connect(port, process=process)


def soak(python, stops):
    process, c = start(python, stops)
    c.request("initialize", {"adapterID": "soak", "pathFormat": "path"})
    engine = c.request("attach", {"token": TOKEN})["engine"]
    c.request("setBreakpoints", {"source": {"path": TARGET}, "breakpoints": [{"line": line_of(TARGET, "@soak")}]})
    c.request("configurationDone")
    samples = []  # (stop number, RSS KiB, seconds since the first stop)
    started = None
    for number in range(1, stops + 1):
        body = c.event("stopped")
        tid = body["threadId"]
        c.request("threads")
        frame = c.request("stackTrace", {"threadId": tid, "startFrame": 0, "levels": 20})["stackFrames"][0]
        scope = c.request("scopes", {"frameId": frame["id"]})["scopes"][0]
        local = {v["name"]: v for v in c.request("variables", {"variablesReference": scope["variablesReference"]})
                 ["variables"]}
        record = c.request("variables", {"variablesReference": local["record"]["variablesReference"]})["variables"]
        tags = [v for v in record if v["name"] == "tags"][0]
        c.request("variables", {"variablesReference": tags["variablesReference"], "start": 0, "count": 2})
        if number == 1 or number % SAMPLE_EVERY == 0:
            if started is None:
                started = time.monotonic()
            samples.append((number, rss_kib(process.pid), time.monotonic() - started))
        c.request("continue", {"threadId": tid})
    c.event("exited", timeout=60)
    c.close()
    process.wait(30)
    return {"python": python, "engine": engine, "stops": stops, "samples": samples, "exit": process.returncode}


def report(result):
    samples = result["samples"]
    by_stop = {n: (rss, t) for n, rss, t in samples}
    first, thousand = by_stop[1][0], by_stop[min(SAMPLE_EVERY, result["stops"])][0]
    last = by_stop[result["stops"]][0]
    before_last = by_stop.get(result["stops"] - SAMPLE_EVERY, by_stop[1])[0]
    seconds = by_stop[result["stops"]][1]
    print("%s (%s): %d stops, exit status %s" % (result["python"], result["engine"], result["stops"], result["exit"]))
    print("  RSS at the first stop        %8d KiB" % first)
    print("  growth over stops 1-%d      %+8d KiB" % (SAMPLE_EVERY, thousand - first))
    print("  growth over the last %d     %+8d KiB  (%.1f bytes per stop)"
          % (SAMPLE_EVERY, last - before_last, (last - before_last) * 1024.0 / SAMPLE_EVERY))
    print("  RSS at the last stop         %8d KiB  (%+d KiB in all)" % (last, last - first))
    print("  %.2f ms per stop cycle (stopped, threads, stackTrace, scopes, 3 x variables, continue)"
          % (seconds * 1000.0 / max(result["stops"] - 1, 1)))
    print("  RSS by stop: " + ", ".join("%d: %d" % (n, rss) for n, rss, _t in samples))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="the interpreter to soak (default: this one)")
    parser.add_argument("--stops", type=int, default=10000)
    parser.add_argument("--json", help="also write the samples here")
    args = parser.parse_args(argv)
    if args.stops < SAMPLE_EVERY:
        parser.error("--stops must be at least %d" % SAMPLE_EVERY)
    result = soak(args.python, args.stops)
    report(result)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0 if result["exit"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
