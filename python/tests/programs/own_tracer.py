"""Traces itself, as coverage tools do: argv[1] "settrace" installs a sys.settrace function around one call of
work(); "monitoring" (3.12+) counts work()'s lines on sys.monitoring's COVERAGE_ID and on tool 3 (which the
debugger uses for stepping when it is free). It prints what its tracers saw."""
import sys

lines = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == "work":
        lines.append(frame.f_lineno)
    return tracer


def work():
    total = 0
    for i in range(3):
        total += i  # @stop
    return total


if sys.argv[1] == "settrace":
    sys.settrace(tracer)
    result = work()
    sys.settrace(None)
    print("result", result, "traced", len(lines))
    again = work()  # @again
    print("again", again)
else:
    M = sys.monitoring
    seen = {M.COVERAGE_ID: 0, 3: 0}

    def counter(tool):
        def line(code, number):
            if code.co_name == "work":
                seen[tool] += 1
        return line

    for tool in seen:
        M.use_tool_id(tool, "own tool %d" % tool)
        M.register_callback(tool, M.events.LINE, counter(tool))
        M.set_events(tool, M.events.LINE)
    result = work()
    for tool in seen:
        M.set_events(tool, 0)
        M.free_tool_id(tool)
    print("result", result, "coverage", seen[M.COVERAGE_ID], "tool3", seen[3])
