"""The calls on one line of source, for DAP ``stepInTargets``: read from the file's syntax tree, never run."""
import ast
import linecache


def _name_of(func):
    """The function name a call to ``func`` enters: ``parse`` for ``parse(x)``, ``self.parse(x)`` or
    ``mod.parse(x)``; None when the callee is an expression without a name (``fns[0](x)``)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def calls_on_line(filename, line, f_globals=None):
    """[(id, label, name, line, column, end column)] for each call that starts on ``line``, in source order.
    Calling a class of the frame's globals enters its ``__init__``, so that is the name a step in waits for."""
    lines = linecache.getlines(filename, f_globals)
    if not lines:
        return []
    source = "".join(lines)
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.lineno == line:
            name = _name_of(node.func)
            if name is None:
                continue
            segment = ast.get_source_segment(source, node.func) or name
            found.append((node.col_offset, getattr(node, "end_col_offset", None), segment, name))
    found.sort()
    targets = []
    for index, (column, end, label, name) in enumerate(found, 1):
        enters = "__init__" if isinstance((f_globals or {}).get(name), type) else name
        targets.append((index, label, enters, line, column + 1, (end + 1) if end is not None else None))
    return targets
