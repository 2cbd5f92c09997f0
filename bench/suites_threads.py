"""Staggered hits: many short sessions in which four threads reach one breakpoint at scattered moments and the
client continues every stop at once. Counts the sessions that hung (a request without an answer, or a program
that never ended) and the hits that were never reported. debugpy hung in 10 of 80 such sessions here."""
import time

from dap_client import DapError
from report import Row
from suites import ended, program

HITS = 5  # per thread: 20 stops a session
ANSWER_TIMEOUT = 5.0


def staggered(ctx):
    """{debugger: {"sessions", "hangs", "lost", "seconds", "problems"}}: Bugscope runs ``staggered_sessions``
    sessions, debugpy (where installed) ``staggered_debugpy`` of them."""
    prog = program("staggered.py")
    with open(prog) as f:
        line = next(n for n, text in enumerate(f, 1) if "@hit" in text)
    counts = {"bugscope": ctx.plan.staggered_sessions, "debugpy": ctx.plan.staggered_debugpy}
    results = {}
    for name, factory in ctx.sessions():
        if name not in counts or not counts[name]:
            continue
        started = time.time()
        tally = {"sessions": 0, "hangs": 0, "lost": 0, "problems": []}
        for index in range(counts[name]):
            outcome = _one_session(factory(prog, [str(HITS)]), line)
            tally["sessions"] += 1
            tally["lost"] += outcome["lost"]
            if outcome["hang"]:
                tally["hangs"] += 1
                if len(tally["problems"]) < 3:
                    tally["problems"].append(outcome["hang"])
            if index and index % 100 == 0:
                ctx.log("    %s: %d sessions, %d hangs" % (name, index, tally["hangs"]))
        tally["seconds"] = time.time() - started
        results[name] = tally
    return results


def _one_session(session, line):
    """Run one session, continuing each stop at once. A hang: no answer to a request, no stop or end in time."""
    hang, stops = None, 0
    try:
        if session.start([(line, None)]) is not None:
            stops = 1
            pending = [session.thread_id]
            while pending:
                session.client.request("continue", {"threadId": pending.pop(0)}, timeout=ANSWER_TIMEOUT)
                if stops >= 4 * HITS:
                    break
                name, body = session.client.first_event(("stopped", "terminated"), ANSWER_TIMEOUT)
                if name != "stopped":
                    break
                stops += 1
                pending.append(body.get("threadId"))
        session.is_stopped = False
        session.client.first_event(("terminated",), ANSWER_TIMEOUT)
    except (DapError, OSError) as e:
        hang = "%s after %d stops" % (str(e)[:160], stops)
    finally:
        if hang:
            session.kill()
        else:
            ended(session)
    return {"hang": hang, "lost": max(0, 4 * HITS - stops) if not hang else 0}


def staggered_row(result):
    cells = {"plain": "-", "pdb": "n/a (main thread only)"}
    for name in ("debugpy", "bugscope"):
        tally = result.get(name)
        if tally is None:
            cells[name] = "n/a"
            continue
        text = "%d hangs / %d sessions, %d hits lost" % (tally["hangs"], tally["sessions"], tally["lost"])
        cells[name] = text
    ours = result.get("bugscope")
    judged = None if ours is None else ours["hangs"] + ours["lost"]
    return Row("staggered hits, each stop continued at once", cells, ("0 hangs, 0 hits lost", lambda v: v == 0),
               judged)
