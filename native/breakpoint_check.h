/* breakpoint_check.h: what a breakpoint decides on its line (hit count, then condition), in C.
 *
 * Shared by both native tracers (bugscope_native.c for 3.8-3.11, bugscope_monitoring.c for 3.12+). They call
 * Python only when a breakpoint is due to stop or log; a pass that does neither (a hit count not reached yet,
 * a false condition) costs no Python call. The decisions are the engine's (engine.breakpoint_hit,
 * conditions.py), made in the same order, on the same state:
 *   - hit count first: the count lives on the Python object (Breakpoint.hits), because the engine counts the
 *     passes it sees itself and one breakpoint line may be reached through several code objects. A pass the
 *     hit count rejects is counted here (hits + 1 is stored). A pass it accepts is not: the engine counts it
 *     when we hand over, and its own test then agrees with ours.
 *   - then the condition, eval(condition, f_globals, f_locals), on the frame's current locals. False: the pass
 *     is counted here and nothing else happens. True: we hand over with the condition, and the engine skips
 *     it (breakpoint_hit(..., condition_true=True)), so it never runs twice. An Exception: cleared, and we
 *     hand over without it; the engine evaluates again and reports the error once.
 *   - a log message needs Python to print it: a pass that gets this far always hands over.
 * Python code can run inside (the condition, the frame's locals mapping), so callers pass a copy of the
 * entry and it holds its own references while it runs.
 */
#ifndef BUGSCOPE_BREAKPOINT_CHECK_H
#define BUGSCOPE_BREAKPOINT_CHECK_H

#include <structmember.h>

/* conditions._HIT_OPERATORS, numbered from 1; 0 is "no hit count". */
enum { HIT_NONE = 0, HIT_EQ, HIT_GE, HIT_LE, HIT_GT, HIT_LT, HIT_MOD, HIT_LAST = HIT_MOD };

/* One breakpoint line as C sees it. ``bp`` is NULL when C must not decide anything for it (a plain
 * breakpoint: every pass stops, or a Breakpoint C cannot read): every pass then goes to Python. */
typedef struct {
    PyObject *bp;        /* conditions.Breakpoint (strong) */
    PyObject *condition; /* its compiled condition (strong), or NULL */
    int hit_op;
    long long hit_n;
    Py_ssize_t hits_offset; /* of the ``hits`` slot in ``bp`` (a __slots__ member), or -1: use getattr/setattr */
} LineCheck;

enum { CHECK_SKIP = 0, CHECK_CALL = 1, CHECK_BASE_EXCEPTION = -1 };

static PyObject *str_condition, *str_hit_op, *str_hit_n, *str_hits, *str_builtins; /* interned at import */

static int check_init_strings(void)
{
    if (str_condition == NULL) {
        str_condition = PyUnicode_InternFromString("condition");
        str_hit_op = PyUnicode_InternFromString("hit_op");
        str_hit_n = PyUnicode_InternFromString("hit_n");
        str_hits = PyUnicode_InternFromString("hits");
        str_builtins = PyUnicode_InternFromString("__builtins__");
    }
    return str_condition && str_hit_op && str_hit_n && str_hits && str_builtins ? 0 : -1;
}

static void check_clear(LineCheck *check)
{
    Py_CLEAR(check->bp);
    Py_CLEAR(check->condition);
}

/* Fills ``check`` for ``bp`` (a conditions.Breakpoint). Never leaves an exception set: anything unexpected
 * gives an entry that always hands over to Python, which is always correct, only slower. */
static void check_fill(LineCheck *check, PyObject *bp)
{
    check->bp = NULL;
    check->condition = NULL;
    check->hit_op = HIT_NONE;
    check->hit_n = 0;
    check->hits_offset = -1;
    PyObject *condition = PyObject_GetAttr(bp, str_condition);
    PyObject *op = PyObject_GetAttr(bp, str_hit_op);
    PyObject *n = PyObject_GetAttr(bp, str_hit_n);
    long hit_op = op != NULL ? PyLong_AsLong(op) : -1;
    long long hit_n = n != NULL ? PyLong_AsLongLong(n) : -1;
    if (condition != NULL && op != NULL && n != NULL && !PyErr_Occurred() && hit_op >= HIT_NONE
        && hit_op <= HIT_LAST && hit_n >= 0 && (condition == Py_None || PyCode_Check(condition))
        && (condition != Py_None || hit_op != HIT_NONE)) {
        Py_INCREF(bp);
        check->bp = bp;
        if (condition != Py_None) {
            Py_INCREF(condition);
            check->condition = condition;
        }
        check->hit_op = (int)hit_op;
        check->hit_n = hit_n;
        /* Breakpoint.hits is a __slots__ member: reading and writing it through its offset, as its descriptor
         * does, saves two attribute lookups per pass (about 60 ns on 3.11). */
        PyObject *descr = _PyType_Lookup(Py_TYPE(bp), str_hits); /* borrowed */
        if (descr != NULL && Py_TYPE(descr) == &PyMemberDescr_Type) {
            PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
            if (member->type == T_OBJECT_EX && !(member->flags & READONLY)) {
                check->hits_offset = member->offset;
            }
        }
    }
    PyErr_Clear();
    Py_XDECREF(condition);
    Py_XDECREF(op);
    Py_XDECREF(n);
}

static void free_checks(LineCheck *checks, Py_ssize_t count)
{
    if (checks != NULL) {
        for (Py_ssize_t i = 0; i < count; i++) {
            check_clear(&checks[i]);
        }
        PyMem_RawFree(checks);
    }
}

/* Reads a {line: Breakpoint} table (BreakpointTable.lines_for_code's answer) into two arrays: the lines, and
 * what C decides on each (check_fill). Only attribute reads of a __slots__ class happen: no Python code runs,
 * so the dict cannot change meanwhile. Returns the count (0 with NULL arrays for an empty table), or -1 with
 * MemoryError set and nothing allocated. */
static Py_ssize_t table_entries(PyObject *table, long **lines_out, LineCheck **checks_out)
{
    *lines_out = NULL;
    *checks_out = NULL;
    Py_ssize_t size = PyDict_GET_SIZE(table);
    if (size == 0) {
        return 0;
    }
    long *lines = (long *)PyMem_RawMalloc(sizeof(long) * (size_t)size);
    LineCheck *checks = (LineCheck *)PyMem_RawCalloc((size_t)size, sizeof(LineCheck));
    if (lines == NULL || checks == NULL) {
        PyMem_RawFree(lines);
        PyMem_RawFree(checks);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t count = 0, pos = 0;
    PyObject *key, *value;
    while (count < size && PyDict_Next(table, &pos, &key, &value)) {
        long line = PyLong_AsLong(key);
        if (line > 0) {
            check_fill(&checks[count], value);
            lines[count++] = line;
        }
        else {
            PyErr_Clear();
        }
    }
    *lines_out = lines;
    *checks_out = checks;
    return count;
}

/* Module init: the extension is built against one minor version's headers (its layouts, the unstable API):
 * refuse to load in another. Returns -1 with ImportError set. */
static int check_built_for_this_python(void)
{
    char built_for[16];
    PyOS_snprintf(built_for, sizeof(built_for), "%d.%d.", PY_MAJOR_VERSION, PY_MINOR_VERSION);
    if (strncmp(Py_GetVersion(), built_for, strlen(built_for)) != 0) {
        PyErr_Format(PyExc_ImportError, "_bugscope_native was built for Python %s, not %.10s", PY_VERSION,
                     Py_GetVersion());
        return -1;
    }
    return 0;
}

static int hit_count_passes(int op, long long hits, long long n)
{
    switch (op) {
    case HIT_EQ: return hits == n;
    case HIT_GE: return hits >= n;
    case HIT_LE: return hits <= n;
    case HIT_GT: return hits > n;
    case HIT_LT: return hits < n;
    case HIT_MOD: return n != 0 && hits % n == 0;
    default: return 1;
    }
}

enum { COND_FALSE = 0, COND_TRUE = 1, COND_ASK_PYTHON = 2, COND_BASE_EXCEPTION = -1 };

/* eval(condition, f_globals, f_locals) as the engine does it. The frame's locals are its current ones:
 * 3.8-3.10 copy fast locals into the f_locals dict (what frame.f_locals does; nothing is written back, as on the
 * Python path); 3.11/3.12 PyFrame_GetLocals does that copy itself; 3.13 returns a FrameLocalsProxy (PEP 667) that
 * reads the fast locals directly. ``current`` (3.12 only): ``frame`` is the running frame and its code has no
 * comprehension inlined into it (PEP 709), so PyEval_GetLocals() gives the same mapping: it fills the same
 * f_locals dict, without the dict of "hidden" comprehension variables PyFrame_GetLocals builds and frees on every
 * call in 3.12 (about 40 ns a pass). An Exception is cleared (the engine evaluates again and reports it once); a
 * BaseException that is not an Exception (KeyboardInterrupt, SystemExit) stays set and goes into the program, as
 * on the Python path. */
static int eval_condition(PyFrameObject *frame, PyObject *condition, int current)
{
#if PY_VERSION_HEX >= 0x030C0000 && PY_VERSION_HEX < 0x030D0000
    PyObject *globals, *locals;
    if (current) {
        locals = PyEval_GetLocals(); /* borrowed */
        globals = PyEval_GetGlobals();
        Py_XINCREF(locals);
        Py_XINCREF(globals);
    }
    else {
        globals = PyFrame_GetGlobals(frame); /* new references */
        locals = PyFrame_GetLocals(frame);
    }
    if (locals == NULL || globals == NULL) {
        Py_XDECREF(globals);
        Py_XDECREF(locals);
        goto error;
    }
#elif PY_VERSION_HEX >= 0x030B0000
    (void)current;
    PyObject *globals = PyFrame_GetGlobals(frame); /* new references */
    PyObject *locals = PyFrame_GetLocals(frame);
    if (locals == NULL) {
        Py_DECREF(globals);
        goto error;
    }
#else
    (void)current;
    if (PyFrame_FastToLocalsWithError(frame) < 0) {
        goto error;
    }
    PyObject *globals = frame->f_globals;
    PyObject *locals = frame->f_locals != NULL ? frame->f_locals : globals;
    Py_INCREF(globals);
    Py_INCREF(locals);
#endif
    int verdict;
    /* eval() would add __builtins__ to globals that lack it: rare, leave that to the engine. */
    if (!PyDict_Check(globals) || PyDict_GetItemWithError(globals, str_builtins) == NULL) {
        verdict = COND_ASK_PYTHON;
        PyErr_Clear();
    }
    else {
        PyObject *result = PyEval_EvalCode(condition, globals, locals);
        verdict = result == NULL ? -2 : PyObject_IsTrue(result);
        Py_XDECREF(result);
        if (verdict < 0) {
            verdict = -2;
        }
    }
    Py_DECREF(globals);
    Py_DECREF(locals);
    if (verdict != -2) {
        return verdict;
    }
error:
    if (!PyErr_ExceptionMatches(PyExc_Exception)) {
        return COND_BASE_EXCEPTION;
    }
    PyErr_Clear();
    return COND_ASK_PYTHON;
}

/* Breakpoint.hits, or -1 (no exception set) if it cannot be read. */
static long long read_hits(PyObject *bp, Py_ssize_t offset)
{
    if (offset >= 0) {
        PyObject *value = *(PyObject **)((char *)bp + offset);
        if (value != NULL && PyLong_CheckExact(value)) {
            long long hits = PyLong_AsLongLong(value);
            if (hits >= 0) {
                return hits;
            }
        }
        PyErr_Clear();
        return -1;
    }
    PyObject *hits = PyObject_GetAttr(bp, str_hits);
    long long value = hits != NULL ? PyLong_AsLongLong(hits) : -1;
    Py_XDECREF(hits);
    if (value < 0) {
        PyErr_Clear();
        return -1;
    }
    return value;
}

static void write_hits(PyObject *bp, Py_ssize_t offset, long long value)
{
    PyObject *hits = PyLong_FromLongLong(value);
    if (hits != NULL && offset >= 0) {
        Py_XSETREF(*(PyObject **)((char *)bp + offset), hits);
        return;
    }
    if (hits == NULL || PyObject_SetAttr(bp, str_hits, hits) < 0) {
        PyErr_Clear();
    }
    Py_XDECREF(hits);
}

/* The decision for one pass of ``frame`` over the line of ``entry`` (a copy: see the header comment).
 * CHECK_SKIP: nothing to do (the pass is counted). CHECK_CALL: hand over to Python; ``*evaluated`` is then a new
 * reference to the condition found true, or NULL. CHECK_BASE_EXCEPTION: an exception to raise in the program.
 * ``current``: see eval_condition. */
static int check_breakpoint(LineCheck entry, PyFrameObject *frame, int current, PyObject **evaluated)
{
    *evaluated = NULL;
    if (entry.bp == NULL) {
        return CHECK_CALL;
    }
    Py_INCREF(entry.bp);
    Py_XINCREF(entry.condition);
    int result = CHECK_CALL;
    long long hits = -1;
    if (entry.hit_op != HIT_NONE) {
        hits = read_hits(entry.bp, entry.hits_offset);
        if (hits < 0) {
            goto done; /* the engine counts */
        }
        hits++;
        if (!hit_count_passes(entry.hit_op, hits, entry.hit_n)) {
            write_hits(entry.bp, entry.hits_offset, hits);
            result = CHECK_SKIP;
            goto done;
        }
    }
    if (entry.condition != NULL) {
        int verdict = eval_condition(frame, entry.condition, current);
        if (verdict == COND_FALSE) {
            if (hits >= 0) {
                write_hits(entry.bp, entry.hits_offset, hits);
            }
            result = CHECK_SKIP;
        }
        else if (verdict == COND_TRUE) {
            Py_INCREF(entry.condition);
            *evaluated = entry.condition;
        }
        else if (verdict == COND_BASE_EXCEPTION) {
            result = CHECK_BASE_EXCEPTION;
        }
    }
done:
    Py_DECREF(entry.bp);
    Py_XDECREF(entry.condition);
    return result;
}

#endif /* BUGSCOPE_BREAKPOINT_CHECK_H */
