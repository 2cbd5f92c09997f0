"""Breakpoint table: which lines of which files stop, and which code objects own them.

Lookups happen inside trace callbacks, so they are keyed by ``co_filename`` (a str, whose hash is cached) and
then by ``id(code)`` with an identity check: hashing a code object is not cached and costs 60-1200 ns
(see NOTES, "Pitfalls" 1).
"""
import collections
import opcode
import os
import sys
import types

from bugscope.conditions import Breakpoint, BreakpointSpecError

_NO_BREAKPOINTS = None
_UNKNOWN = object()
_EMPTY = types.MappingProxyType({})

# Instructions that open a function on its ``def`` line (3.11+) without producing a LINE event there.
_PROLOGUE = frozenset(("RESUME", "RETURN_GENERATOR", "POP_TOP", "MAKE_CELL", "COPY_FREE_VARS", "CACHE",
                       "NOP", "EXTENDED_ARG"))


def canonical_path(path):
    """The one spelling of a file name used for matching client paths against ``co_filename``."""
    if path.startswith("<") and path.endswith(">"):
        return path
    return os.path.normcase(os.path.realpath(path))


def own_lines(code):
    """Lines of ``code`` itself (not nested functions) where a LINE event can happen."""
    lines = set()
    if hasattr(code, "co_lines"):  # 3.10+
        raw = code.co_code
        prologue_line = code.co_firstlineno if code.co_name != "<module>" else None
        for start, end, line in code.co_lines():
            if line is None or line <= 0:
                continue
            if line == prologue_line and sys.version_info >= (3, 11):
                # 3.11+ puts RESUME (and the generator/closure prologue) on the def line; no LINE event is
                # reported for it, so only count the line if real work is also there (a one-line def).
                ops = {opcode.opname[raw[i]] for i in range(start, end, 2)}
                if ops <= _PROLOGUE:
                    continue
            lines.add(line)
    else:  # 3.8, 3.9: co_lnotab holds (bytecode delta, line delta) pairs; a line starts where the line changes
        line = code.co_firstlineno
        table = code.co_lnotab
        last = None
        for i in range(0, len(table), 2):
            byte_delta, line_delta = table[i], table[i + 1]
            if byte_delta and line != last:
                lines.add(line)
                last = line
            line += line_delta - 256 if line_delta >= 128 else line_delta
        if line != last:
            lines.add(line)
    return lines


def _walk_code(code):
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            for nested in _walk_code(const):
                yield nested


def executable_lines(path):
    """All lines of the file at ``path`` that can stop. Raises OSError or SyntaxError."""
    with open(path, "rb") as f:
        source = f.read()  # compile() honours the coding cookie and BOM of the bytes itself
    code = compile(source, path, "exec", dont_inherit=True)
    lines = set()
    for c in _walk_code(code):
        lines |= own_lines(c)
    return lines


# What the client asks for on one line; everything but ``line`` may be None.
# ``mode``: None or "temporary" (removed at its first stop); ``depends_on``: None or (path, line) of the breakpoint
# whose first stop enables this one; ``suspend_policy``: None (the session's default), "all" or "thread".
SourceBreakpoint = collections.namedtuple("SourceBreakpoint",
                                          "line condition hit_condition log_message mode depends_on suspend_policy",
                                          defaults=(None, None, None))


class BreakpointResult(object):
    __slots__ = ("id", "verified", "line", "requested_line", "message", "path")

    def __init__(self, id, verified, line, requested_line, message=None):
        self.id = id
        self.verified = verified
        self.line = line
        self.requested_line = requested_line
        self.message = message
        self.path = None  # function breakpoints: the file the function is in


def _located(result, path):
    result.path = path
    return result


class BreakpointTable(object):
    """Breakpoints per canonical file, and the per-code-object answer to "does this code have any?"."""

    def __init__(self):
        self._by_file = {}        # canonical path -> {line: Breakpoint}: line breakpoints over function ones
        self._source = {}         # canonical path -> {line: Breakpoint} set by set_file
        self._function_bps = {}   # canonical path -> {line: Breakpoint} of resolved function breakpoints
        self._pending = {}        # last name part -> [FunctionSpec] not found yet (checked as new code runs)
        self.pending_names = frozenset()  # read by backends in trace callbacks: non-empty while some are pending
        self.on_function_resolved = None  # callable(spec, path, line), called on the thread that resolved it
        # Line breakpoints of files no code has run from yet are reported unverified, then verified (through
        # on_file_loaded(path, [Breakpoint])) when the first code of the file runs. is_loaded(canonical path)
        # says whether a file is loaded already; None: every file counts as loaded.
        self.is_loaded = None
        self.on_file_loaded = None
        self._unloaded = {}       # canonical path -> the path as the client gave it
        self._by_raw_name = {}    # co_filename -> {line: Breakpoint} or None (no breakpoints in that file)
        self._code_lines = {}     # co_filename -> {id(code): (code, frozenset of breakpoint lines)}
        self._canonical = {}      # co_filename -> canonical path
        self._next_id = 1

    # -- changes (server thread) ------------------------------------------------------------------------
    def set_file(self, path, requested):
        """Replace the breakpoints of one file (a list of SourceBreakpoint). Returns (results, canonical path)."""
        canon = canonical_path(path)
        results = []
        table = {}
        try:
            available = sorted(executable_lines(path)) if requested else []
            problem = None
        except (OSError, UnicodeDecodeError) as e:
            available, problem = [], "cannot read %s: %s" % (path, e.strerror if isinstance(e, OSError) else e)
        except (SyntaxError, ValueError) as e:
            available, problem = [], "cannot compile %s: %s" % (path, e)
        for spec in requested:
            bp_id = self._next_id
            self._next_id += 1
            if problem:
                results.append(BreakpointResult(bp_id, False, spec.line, spec.line, problem))
                continue
            line = next((l for l in available if l >= spec.line), None)
            if line is None:
                results.append(BreakpointResult(bp_id, False, spec.line, spec.line,
                                                "no executable code at or after line %d" % spec.line))
                continue
            if line in table:  # two requests moved onto one line: the first one wins
                results.append(BreakpointResult(table[line].id, True, line, spec.line))
                continue
            try:
                bp = Breakpoint(bp_id, line, spec.condition, spec.hit_condition, spec.log_message)
            except BreakpointSpecError as e:
                results.append(BreakpointResult(bp_id, False, line, spec.line, str(e)))
                continue
            bp.requested_line = spec.line
            bp.temporary = spec.mode == "temporary"
            bp.suspend_policy = spec.suspend_policy
            message = None
            if spec.depends_on is not None:
                bp.waiting_for = (canonical_path(spec.depends_on[0]), spec.depends_on[1])
                message = "waits until %s:%d stops" % (os.path.basename(spec.depends_on[0]), spec.depends_on[1])
            table[line] = bp
            results.append(BreakpointResult(bp_id, True, line, spec.line, message))
        if table:
            self._source[canon] = table
        else:
            self._source.pop(canon, None)
        unloaded = dict(self._unloaded)
        unloaded.pop(canon, None)
        if table and self.is_loaded is not None and not self.is_loaded(canon):
            unloaded[canon] = path
            for r in results:
                if r.verified:
                    r.verified, r.message = False, "%s is not loaded yet" % os.path.basename(path)
        self._unloaded = unloaded
        self._merge(canon)
        return results, canon

    def _merge(self, canon):
        merged = dict(self._function_bps.get(canon) or {})
        merged.update(self._source.get(canon) or {})
        if merged:
            self._by_file[canon] = merged
        else:
            self._by_file.pop(canon, None)
        self._forget(canon)

    def clear(self):
        files = list(self._by_file)
        self._by_file.clear()
        self._source.clear()
        self._function_bps.clear()
        self._pending, self.pending_names = {}, frozenset()
        self._unloaded = {}
        for canon in files:
            self._forget(canon)
        return files

    def remove(self, canon, bp):
        """A temporary breakpoint stopped: it is gone (its file must be re-armed by the caller)."""
        source = self._source.get(canon)
        if source and source.get(bp.line) is bp:
            source = dict(source)
            del source[bp.line]
            if source:
                self._source[canon] = source
            else:
                del self._source[canon]
            self._merge(canon)

    def enable_dependents(self, canon, bp):
        """``bp`` (of file ``canon``) stopped: the breakpoints waiting for it are enabled. Returns them."""
        keys = {(canon, bp.line), (canon, bp.requested_line)}
        enabled = []
        for per_file in list(self._source.values()):
            for other in list(per_file.values()):
                if other.waiting_for in keys:
                    other.waiting_for = None
                    enabled.append(other)
        return enabled

    def new_id(self):
        bp_id = self._next_id
        self._next_id += 1
        return bp_id

    # -- function breakpoints ---------------------------------------------------------------------------
    def set_functions(self, specs):
        """Replace every function breakpoint (FunctionSpecs). Returns (results, canonical files changed)."""
        from bugscope.functions import entry_line, find_code
        changed = set(self._function_bps)
        self._function_bps = {}
        self._pending, self.pending_names = {}, frozenset()
        results = []
        for spec in specs:
            try:
                Breakpoint(spec.id, 0, spec.condition, spec.hit_condition)  # validates both
            except BreakpointSpecError as e:
                results.append(BreakpointResult(spec.id, False, None, None, str(e)))
                continue
            code = find_code(spec)
            line = entry_line(code) if code is not None else None
            if line is None:
                self._pending.setdefault(spec.parts[-1], []).append(spec)
                results.append(BreakpointResult(spec.id, False, None, None, "%s is not loaded yet; it is checked "
                                                "again whenever new code runs" % spec.name))
                continue
            changed.add(self._add_function(spec, code, line))
            results.append(_located(BreakpointResult(spec.id, True, line, None), code.co_filename))
        self.pending_names = frozenset(self._pending)
        for canon in changed:
            self._merge(canon)
        return results, sorted(changed)

    def _add_function(self, spec, code, line):
        canon = self._canon(code.co_filename)
        per_file = dict(self._function_bps.get(canon) or {})
        bp = per_file[line] = Breakpoint(spec.id, line, spec.condition, spec.hit_condition)
        bp.suspend_policy = spec.suspend_policy
        self._function_bps[canon] = per_file
        return canon

    def _resolve_pending(self, code):
        """``code`` runs for the first time and has the name of a pending function breakpoint."""
        from bugscope.functions import entry_line, matches
        specs = self._pending.get(code.co_name) or ()
        for spec in specs:
            line = entry_line(code) if matches(spec, code) else None
            if line is None:
                continue
            remaining = [s for s in specs if s is not spec]
            pending = dict(self._pending)
            if remaining:
                pending[code.co_name] = remaining
            else:
                del pending[code.co_name]
            self._pending, self.pending_names = pending, frozenset(pending)
            self._merge(self._add_function(spec, code, line))
            if self.on_function_resolved is not None:
                self.on_function_resolved(spec, code.co_filename, line)
            return

    def _forget(self, canon):
        # Replace rather than mutate: trace callbacks on other threads read these dicts without a lock.
        self._by_raw_name = {}
        self._code_lines = {}

    def files(self):
        return list(self._by_file)

    # -- lookups (any thread, in trace callbacks) ---------------------------------------------------------
    def _canon(self, raw):
        canon = self._canonical.get(raw)
        if canon is None:
            canon = self._canonical[raw] = canonical_path(raw)
        return canon

    def file_breakpoints(self, raw_filename):
        """{line: Breakpoint} for a ``co_filename``, or None when the file has no breakpoints."""
        cache = self._by_raw_name
        found = cache.get(raw_filename, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._by_file.get(self._canon(raw_filename), _NO_BREAKPOINTS)
            cache[raw_filename] = found  # a replaced cache is simply dropped, never consulted again
        return found

    def _file_loaded(self, canon):
        """The first code of a file with breakpoints reported unverified runs: they are verified now."""
        unloaded = dict(self._unloaded)
        path = unloaded.pop(canon, None)
        self._unloaded = unloaded
        source = self._source.get(canon)
        if path is not None and source and self.on_file_loaded is not None:
            self.on_file_loaded(path, sorted(source.values(), key=lambda bp: bp.line))

    def lines_for_code(self, code):
        """{line: Breakpoint} for the breakpoint lines that belong to ``code`` itself (empty and read-only if none).
        One call answers both "is this a breakpoint line" and "which breakpoint", for the hot line callbacks."""
        if self.pending_names and code.co_name in self.pending_names:
            self._resolve_pending(code)
        filename = code.co_filename
        bps = self._by_raw_name.get(filename, _UNKNOWN)
        if bps is None:
            return _EMPTY
        if bps is _UNKNOWN:
            bps = self.file_breakpoints(filename)
            if bps is None:
                return _EMPTY
        cache = self._code_lines
        per_file = cache.get(filename)
        if per_file is not None:
            entry = per_file.get(id(code))
            if entry is not None and entry[0] is code:
                return entry[1]
        else:
            per_file = cache.setdefault(filename, {})
        if self._unloaded and self._canon(filename) in self._unloaded:
            self._file_loaded(self._canon(filename))  # a code object of the file exists: it is loaded
        lines = {line: bps[line] for line in own_lines(code) if line in bps} or _EMPTY
        per_file[id(code)] = (code, lines)  # holds the code, so its id cannot be reused meanwhile
        return lines

    def breakpoint_at(self, code, line):
        bps = self.file_breakpoints(code.co_filename)
        return bps.get(line) if bps else None

    def is_file_in(self, canonical_files, code):
        return self._canon(code.co_filename) in canonical_files
