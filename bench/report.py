"""From raw samples to the table: medians, ratios to plain python measured in the same run, and the goal beside
each figure. A goal missed is printed as MISS; it never changes the exit status.
"""
import statistics

DEBUGGERS = ("pdb", "debugpy", "bugscope")
HEADER = ("measure", "plain", "pdb", "debugpy", "bugscope", "goal", "")
MIB = 1024.0


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


class Row(object):
    """One line of the table. ``goal`` is (text, test(value) -> bool) or None; it applies to ``judged``."""

    def __init__(self, measure, cells, goal=None, judged=None):
        self.measure = measure
        self.cells = cells          # {"plain"|"pdb"|"debugpy"|"bugscope": text}
        self.goal_text = goal[0] if goal else "-"
        self.verdict = ""
        if goal and judged is not None:
            self.verdict = "ok" if goal[1](judged) else "MISS"
        elif goal:
            self.verdict = "n/a"
        self.value = judged

    def as_list(self):
        return [self.measure] + [self.cells.get(k, "") for k in ("plain",) + DEBUGGERS] + [self.goal_text,
                                                                                           self.verdict]

    def as_json(self):
        return {"measure": self.measure, "cells": self.cells, "goal": self.goal_text, "verdict": self.verdict,
                "value": self.value}


def _ms(seconds):
    return "-" if seconds is None else ("%.3g ms" % (seconds * 1000.0))


def _ratio(x):
    return "%.2f×" % x if x < 10 else "%.1f×" % x


def _cell(samples, notes, name, render):
    """The text for one debugger: its figure, 'n/a' (not installed) or what went wrong."""
    if name in notes:
        return notes[name]
    if name not in samples:
        return "n/a"
    return render(samples[name]) if samples[name] else "-"


def _at_most(limit, unit_text):
    return (unit_text, lambda value: value <= limit)


# -- rows per suite ------------------------------------------------------------------------------------------
def hot_rows(interp, variant, result, native):
    samples, notes = result
    plain = median([s["per_pass"] for s in samples.get("plain", [])])
    if not plain:
        return [Row("hot loop, %s" % variant, {"plain": notes.get("plain", "failed")})]
    ratio = {name: median([s["per_pass"] for s in values]) / plain
             for name, values in samples.items() if values and name != "plain"}
    minor = interp.version[:2]
    pdb_ratio = ratio.get("pdb")

    def goal_for(pure):
        if minor >= (3, 12):
            return _at_most(1.03, "≤1.03×")
        if pure:
            if pdb_ratio is None:
                return None
            return _at_most(pdb_ratio / 2.5, "≤pdb÷2.5 (%s)" % _ratio(pdb_ratio / 2.5))
        if minor < (3, 9):
            return None
        limit = 1.35 if (minor == (3, 11) and variant == "call") else 1.10
        return _at_most(limit, "≤%.2f× (native)" % limit)

    label = {"loop": "loop-heavy", "call": "call-heavy"}[variant]
    cells = {"plain": _ms(median([s["time"] for s in samples["plain"]]))}
    for name in DEBUGGERS:
        cells[name] = _cell(samples, notes, name, lambda v, n=name: _ratio(ratio[n]))
    rows = [Row("hot %s, bp never reached (DAP)" % label, cells, goal_for(not native), ratio.get("bugscope"))]
    engine_cell = _cell(samples, notes, "engine", lambda v: "%s [%s]" % (_ratio(ratio["engine"]), v[0].get("backend")))
    rows.append(Row("  same, engine in-process", {"bugscope": engine_cell}, goal_for(not native), ratio.get("engine")))
    if "engine_pure" in samples:
        pure_cell = _cell(samples, notes, "engine_pure", lambda v: _ratio(ratio["engine_pure"]))
        rows.append(Row("  same, pure-Python fallback", {"bugscope": pure_cell}, goal_for(True),
                        ratio.get("engine_pure")))
    return rows


def memory_row(result):
    samples, notes = result
    plain = median([s["rss_kib"] for s in samples.get("plain", [])])
    if not plain:
        return Row("debuggee peak RSS over plain", {"plain": "-"})
    over = {name: median([s["rss_kib"] for s in values]) - plain
            for name, values in samples.items() if values and name != "plain"}
    cells = {"plain": "%.1f MiB" % (plain / MIB)}
    for name in DEBUGGERS:
        cells[name] = _cell(samples, notes, name, lambda v, n=name: "%+.1f MiB" % (over[n] / MIB))
    bugscope = over.get("bugscope")
    return Row("debuggee peak RSS over plain", cells, _at_most(2.0, "≤+2 MiB"),
               None if bugscope is None else bugscope / MIB)


def conditional_rows(interp, result, native):
    samples, notes = result
    plain = median([s["per_pass"] for s in samples.get("plain", [])])
    if not plain:
        return [Row("false conditional bp, per pass", {"plain": notes.get("plain", "failed")})]
    # (time with the breakpoint - plain time) / passes
    per_pass = {name: median([s["per_pass"] for s in values]) - plain
                for name, values in samples.items() if values and name != "plain"}

    def ns(name):
        return lambda v: "%.0f ns" % (per_pass[name] * 1e9)

    def goal_for(pure):
        if interp.version[:2] >= (3, 12):
            # 3.12+: the goal of the LINE callback, in C where it builds (the pure-Python floor is 520-670 ns)
            return None if pure and native else _at_most(450e-9, "≤450 ns (native)" if native else "≤450 ns (pure)")
        if not pure:
            return _at_most(130e-9, "≤130 ns (native)")
        return None

    cells = {"plain": "%.0f ns" % (plain * 1e9)}
    for name in DEBUGGERS:
        cells[name] = _cell(samples, notes, name, ns(name))
    rows = [Row("false conditional bp, per pass (DAP)", cells, goal_for(not native), per_pass.get("bugscope")),
            Row("  same, engine in-process", {"bugscope": _cell(samples, notes, "engine", ns("engine"))},
                goal_for(not native), per_pass.get("engine"))]
    if "engine_pure" in samples:
        rows.append(Row("  same, pure-Python fallback", {"bugscope": _cell(samples, notes, "engine_pure",
                                                                            ns("engine_pure"))},
                        goal_for(True), per_pass.get("engine_pure")))
    return rows


def stops_rows(result):
    samples, notes = result

    def pooled(name, key):
        values = []
        for sample in samples.get(name, []):
            values.extend(sample[key] if isinstance(sample[key], list) else [sample[key]])
        return median(values)

    def row(measure, key, goal=None, items=None):
        cells = {"plain": "-"}
        for name in DEBUGGERS:
            def render(values, n=name):
                text = _ms(pooled(n, key))
                if items and values and values[0].get(items) is not None and n != "pdb":
                    text += " (%d items)" % values[0][items]
                return text
            cells[name] = _cell(samples, notes, name, render)
        judged = pooled("bugscope", key) if samples.get("bugscope") else None
        return Row(measure, cells, goal, judged)

    def tls_row(measure, key):
        # Bugscope only: the same round trip over TLS (remote attach), beside the plain-TCP figure above.
        cells = {"plain": "-", "pdb": "", "debugpy": ""}
        cells["bugscope"] = _cell(samples, notes, "bugscope-tls", lambda values: _ms(pooled("bugscope-tls", key)))
        judged = pooled("bugscope-tls", key) if samples.get("bugscope-tls") else None
        return Row(measure, cells, _at_most(0.002, "≤2 ms"), judged)

    tls = [tls_row("  same over TLS (pinned certificate)", "continue"), tls_row("  same over TLS", "next")] \
        if "bugscope-tls" in samples or "bugscope-tls" in notes else [None, None]
    rows = [row("continue → stopped (median of 100)", "continue", _at_most(0.001, "≤1 ms")), tls[0],
            row("next → stopped (median of 30)", "next", _at_most(0.001, "≤1 ms")), tls[1],
            row("threads+stackTrace+scopes+variables", "fetch", _at_most(0.005, "≤5 ms")),
            row("expand a 10,000-item list", "expand_list", None, "expand_list_items"),
            row("expand a 1,000-key dict", "expand_dict", None, "expand_dict_items")]
    return [r for r in rows if r is not None]


def steps_rows(interp, result):
    samples, notes = result
    plain = samples.get("plain", [])
    rows = []
    for kind, measure in (("over", "step over a long call (×plain, CPU)"), ("out", "step out of a long loop (×plain, CPU)")):
        ratio = {}
        for name in DEBUGGERS:
            values = samples.get(name) or []
            if not values:
                continue
            size = values[-1][kind][0]  # the length it settled on after its first try
            times = [v[kind][1] for v in values if v[kind][0] == size]
            reference = median([p[size][kind] for p in plain])
            if reference:
                ratio[name] = (median(times) / reference, size)
        cells = {"plain": "%s / %s" % (_ms(median([p["long"][kind] for p in plain])),
                                       _ms(median([p["short"][kind] for p in plain])))}
        for name in DEBUGGERS:
            cells[name] = _cell(samples, notes, name, lambda v, n=name: "%s%s" % (
                _ratio(ratio[n][0]), "" if ratio[n][1] == "long" else " (short)") if n in ratio else "-")
        goal = _at_most(1.02, "≤1.02×") if interp.version[:2] >= (3, 12) else None
        judged = ratio["bugscope"][0] if "bugscope" in ratio else None
        rows.append(Row(measure, cells, goal, judged))
    return rows


def startup_row(result):
    samples, notes = result
    plain = median(samples.get("plain", []))
    cells = {"plain": _ms(plain)}
    for name in DEBUGGERS:
        cells[name] = _cell(samples, notes, name, lambda v: "%s (%s)" % (_ratio(median(v) / plain), _ms(median(v)))
                            if plain else _ms(median(v)))
    judged = median(samples["bugscope"]) / plain if plain and samples.get("bugscope") else None
    return Row("spawn → stopped at line 1 (×plain)", cells, _at_most(3.0, "≤3×"), judged)


def startup_pty_row(result):
    """Bugscope only: the same start on the workbench's pseudo-terminal (pty_host.py starts first)."""
    samples, notes = result
    if "bugscope-pty" not in samples and "bugscope-pty" not in notes:
        return None
    plain = median(samples.get("plain", []))
    cells = {"plain": "-", "pdb": "", "debugpy": ""}
    cells["bugscope"] = _cell(samples, notes, "bugscope-pty", lambda v: "%s (%s)" % (_ratio(median(v) / plain), _ms(median(v)))
                              if plain else _ms(median(v)))
    judged = median(samples["bugscope-pty"]) / plain if plain and samples.get("bugscope-pty") else None
    return Row("  same on the workbench's pty", cells, _at_most(3.0, "≤3×"), judged)


def threads_row(result):
    samples, notes = result

    def render(values):
        at_once = min(v["at_once"] for v in values)
        total = min(v["total"] for v in values)
        text = "%d/4 at once" % at_once
        together = median([v["all_at_once"] for v in values])
        if together is not None:
            text += ", all in %s" % _ms(together)
        else:
            text += ", %d/4 reported in all" % total
        if any(v.get("continue_unanswered") for v in values):
            text += "; last continue unanswered"
        return text

    cells = {"plain": "-", "pdb": "n/a (main thread only)"}
    for name in ("debugpy", "bugscope"):
        cells[name] = _cell(samples, notes, name, render)
    return Row("4 threads hit one breakpoint", cells)


# -- printing ------------------------------------------------------------------------------------------------
def format_table(rows):
    """A plain-text table; the same text goes to the terminal and, fenced, to bench/README.md."""
    table = [list(HEADER)] + [r.as_list() for r in rows]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(HEADER))]
    widths = [min(w, 44) for w in widths]
    out = []
    for index, line in enumerate(table):
        cells = [str(c) if len(str(c)) <= widths[i] else str(c)[:widths[i] - 1] + "…" for i, c in enumerate(line)]
        out.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def misses(rows):
    return [r for r in rows if r.verdict == "MISS"]
