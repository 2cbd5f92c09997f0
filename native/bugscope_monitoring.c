/* _bugscope_native for CPython 3.12+: the breakpoint tool's LINE callback, in C.
 *
 * Why: on 3.12+ sys.monitoring already runs code without breakpoints at full speed (PY_START and LINE answer
 * DISABLE), so the only hot path left is a breakpoint line that is passed often without stopping: a false
 * condition, a hit count not reached yet, a log point's condition. A Python LINE callback costs 520-670 ns per
 * pass there before it evaluates anything (the call, sys._getframe, the table lookup); this one decides in C
 * (breakpoint_check.h) and calls Python only when the breakpoint is due to stop or log.
 *
 * How: backend_monitoring registers line() as the LINE callback of its breakpoint tool (DEBUGGER_ID).
 *   - The breakpoint lines of each code object are cached in co_extra, stamped with the generation of the
 *     breakpoint table (breakpoints_changed() bumps it), and read from BreakpointTable.lines_for_code.
 *   - A line that is not a breakpoint line answers sys.monitoring.DISABLE, as the Python callback does, so it
 *     costs nothing again until the backend re-arms that code object (set_local_events 0, then LINE).
 *   - A breakpoint line: check_breakpoint() on the frame of the event (PyEval_GetFrame(): a monitoring callback
 *     written in C runs with the event's frame as the current frame). Skip: return None. Otherwise the Python
 *     callback on_line(code, line, evaluated) runs, as it would have without us, and its answer is ours.
 * Events are not reported while a callback runs (CPython sets tstate->tracing around it), so the condition's
 * own frames are never monitored, as with the Python callback.
 *
 * Only public (some unstable) C API is used: nothing depends on CPython's internal structs here.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#if PY_VERSION_HEX < 0x030C0000
#  error "bugscope_monitoring.c is for CPython 3.12+ (3.8-3.11 use bugscope_native.c)"
#endif

#if PY_VERSION_HEX < 0x030D0000
#  include <opcode.h> /* LOAD_FAST_AND_CLEAR, see has_plain_locals */
#endif
#include "breakpoint_check.h"

/* recording.h reads a frame's code object; here only through the public API (a new reference, the frame keeps it). */
static inline PyCodeObject *rec_code_of(PyFrameObject *frame)
{
    PyCodeObject *code = PyFrame_GetCode(frame);
    Py_DECREF(code);
    return code;
}
#define REC_FRAME_CODE(frame) rec_code_of(frame)
#include "recording.h"

/* The breakpoint lines of one code object, valid for one generation of the breakpoint table. */
typedef struct {
    uint64_t generation;
    Py_ssize_t count;
    long *lines;
    LineCheck *checks; /* count entries */
    int plain_locals;  /* no comprehension inlined into the code (3.12: see eval_condition) */
} CodeLines;

static struct {
    Py_ssize_t extra_index;   /* our co_extra slot, requested once per process */
    PyObject *lines_for_code; /* BreakpointTable.lines_for_code(code) -> {line: Breakpoint} */
    PyObject *on_line;        /* the backend's Python LINE callback(code, line, evaluated) */
    PyObject *disable;        /* sys.monitoring.DISABLE */
    uint64_t generation;
    unsigned long long skipped; /* passes decided here without Python, for tests */
} S = {-1, NULL, NULL, NULL, 1, 0};

/* co_extra's free function: called when the code object is deallocated, with the GIL held. */
static void free_code_lines(void *p)
{
    CodeLines *cl = (CodeLines *)p;
    if (cl != NULL) {
        PyMem_RawFree(cl->lines);
        free_checks(cl->checks, cl->count);
        PyMem_RawFree(cl);
    }
}

/* Does ``code`` have no comprehension inlined into it (PEP 709, 3.12)? 3.12 compiles one only with
 * LOAD_FAST_AND_CLEAR, to save the enclosing function's variable of the same name. */
static int has_plain_locals(PyObject *code)
{
#if PY_VERSION_HEX < 0x030D0000
    PyObject *bytes = PyCode_GetCode((PyCodeObject *)code); /* without specializations and instrumentation */
    if (bytes == NULL) {
        PyErr_Clear();
        return 0;
    }
    const unsigned char *ops = (const unsigned char *)PyBytes_AS_STRING(bytes);
    Py_ssize_t size = PyBytes_GET_SIZE(bytes);
    int plain = 1;
    for (Py_ssize_t i = 0; i + 1 < size; i += 2) {
        if (ops[i] == LOAD_FAST_AND_CLEAR) {
            plain = 0;
            break;
        }
    }
    Py_DECREF(bytes);
    return plain;
#else
    (void)code;
    return 0; /* 3.13 reads locals through a FrameLocalsProxy either way */
#endif
}

/* Reads the breakpoint lines of ``code`` from the table into its cache entry. Python runs here, so the GIL
 * may pass to other threads; the new arrays are swapped in only once they are complete. NULL (with an
 * exception set) only when the table could not be asked at all. */
static CodeLines *refresh_code_lines(PyObject *code, CodeLines *cl)
{
    uint64_t generation = S.generation; /* if the table changes during the call, the next lookup refreshes */
    PyObject *found = PyObject_CallOneArg(S.lines_for_code, code);
    if (found == NULL) {
        return NULL;
    }
    if (cl == NULL) { /* another thread may have made the entry while the table was asked */
        void *extra = NULL;
        if (PyUnstable_Code_GetExtra(code, S.extra_index, &extra) == 0) {
            cl = (CodeLines *)extra;
        }
        PyErr_Clear();
    }
    if (cl == NULL) {
        cl = (CodeLines *)PyMem_RawCalloc(1, sizeof(CodeLines));
        if (cl == NULL || PyUnstable_Code_SetExtra(code, S.extra_index, cl) < 0) {
            PyMem_RawFree(cl);
            Py_DECREF(found);
            return (CodeLines *)(PyErr_Occurred() ? NULL : PyErr_NoMemory());
        }
    }
    long *lines = NULL;
    LineCheck *checks = NULL;
    Py_ssize_t count = PyDict_Check(found) ? table_entries(found, &lines, &checks) : 0;
    Py_DECREF(found);
    if (count < 0) {
        return NULL;
    }
    long *old_lines = cl->lines;
    LineCheck *old_checks = cl->checks;
    Py_ssize_t old_count = cl->count;
    cl->lines = lines;
    cl->checks = checks;
    cl->count = count;
    cl->plain_locals = count > 0 && has_plain_locals(code);
    cl->generation = generation;
    PyMem_RawFree(old_lines);
    free_checks(old_checks, old_count); /* may run Python (a dropped Breakpoint): after the swap */
    return cl;
}

static inline CodeLines *code_lines(PyObject *code)
{
    void *extra = NULL;
    if (PyUnstable_Code_GetExtra(code, S.extra_index, &extra) < 0) {
        return NULL;
    }
    CodeLines *cl = (CodeLines *)extra;
    if (cl != NULL && cl->generation == S.generation) {
        return cl;
    }
    return refresh_code_lines(code, cl);
}

/* line(code, line_number): the LINE callback (METH_FASTCALL: no argument tuple per event). */
static PyObject *native_line(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (nargs != 2 || !PyCode_Check(args[0]) || S.on_line == NULL) {
        PyErr_SetString(PyExc_TypeError, "line(code, line) is the LINE callback installed by configure()");
        return NULL;
    }
    long line = PyLong_AsLong(args[1]);
    if (line == -1 && PyErr_Occurred()) {
        return NULL;
    }
    CodeLines *cl = code_lines(args[0]);
    if (cl == NULL) {
        PyErr_Clear(); /* the Python callback asks the table itself and reports what is wrong */
        return PyObject_CallFunctionObjArgs(S.on_line, args[0], args[1], Py_None, NULL);
    }
    Py_ssize_t i = 0;
    while (i < cl->count && cl->lines[i] != line) {
        i++;
    }
    if (i == cl->count) {
        return Py_NewRef(S.disable); /* not a breakpoint line: never again until the code is re-armed */
    }
    PyObject *evaluated = NULL;
    if (cl->checks[i].bp != NULL) {
        PyFrameObject *frame = PyEval_GetFrame(); /* borrowed: the frame of the event */
        if (frame != NULL) {
            int decision = check_breakpoint(cl->checks[i], frame, cl->plain_locals, &evaluated);
            if (decision == CHECK_SKIP) {
                S.skipped++;
                Py_RETURN_NONE;
            }
            if (decision == CHECK_BASE_EXCEPTION) {
                return NULL;
            }
        }
    }
    PyObject *result = PyObject_CallFunctionObjArgs(S.on_line, args[0], args[1],
                                                    evaluated != NULL ? evaluated : Py_None, NULL);
    Py_XDECREF(evaluated);
    return result;
}

static PyObject *native_configure(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *lines_for_code, *on_line, *disable;
    if (!PyArg_ParseTuple(args, "OOO:configure", &lines_for_code, &on_line, &disable)) {
        return NULL;
    }
    if (S.extra_index < 0) {
        S.extra_index = PyUnstable_Eval_RequestCodeExtraIndex(free_code_lines);
        if (S.extra_index < 0) {
            PyErr_SetString(PyExc_RuntimeError, "no free co_extra index");
            return NULL;
        }
    }
    Py_XSETREF(S.lines_for_code, Py_NewRef(lines_for_code));
    Py_XSETREF(S.on_line, Py_NewRef(on_line));
    Py_XSETREF(S.disable, Py_NewRef(disable));
    S.generation++;
    Py_RETURN_NONE;
}

static PyObject *native_breakpoints_changed(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    S.generation++;
    Py_RETURN_NONE;
}

static PyObject *native_state(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return Py_BuildValue("{s:K,s:K}", "generation", (unsigned long long)S.generation, "skipped", S.skipped);
}

/* record_line(code, line): the LINE callback of step back's recording tool (recording_monitoring.py). */
static PyObject *native_record_line(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "record_line(code, line)");
        return NULL;
    }
    long line = PyLong_AsLong(args[1]);
    PyFrameObject *frame = PyEval_GetFrame(); /* a C callback runs with the event's frame as the current one */
    if ((line == -1 && PyErr_Occurred()) || frame == NULL) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    int recorded = record_frame_line(frame, line);
    if (recorded < 0) {
        return NULL;
    }
    if (recorded == 1 && R.disable != NULL) {
        Py_INCREF(R.disable);
        return R.disable;
    }
    Py_RETURN_NONE;
}

static PyMethodDef native_methods[] = {
    RECORDING_METHODS
    {"record_line", (PyCFunction)(void (*)(void))native_record_line, METH_FASTCALL,
     "record_line(code, line): the LINE callback of step back's recording tool."},
    {"configure", native_configure, METH_VARARGS,
     "configure(lines_for_code, on_line, disable): what line() asks and calls.\n"
     "on_line(code, line, evaluated): evaluated is None, or the breakpoint condition C found true."},
    {"line", (PyCFunction)(void (*)(void))native_line, METH_FASTCALL,
     "line(code, line): the breakpoint tool's LINE callback."},
    {"breakpoints_changed", native_breakpoints_changed, METH_NOARGS,
     "The breakpoint table changed: every code object asks lines_for_code again."},
    {"state", native_state, METH_NOARGS, "Counters, for tests."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT, "_bugscope_native",
    "Bugscope's breakpoint LINE callback for sys.monitoring (see native/bugscope_monitoring.c).", -1,
    native_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__bugscope_native(void)
{
    if (check_built_for_this_python() < 0 || check_init_strings() < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&native_module);
    if (module != NULL && (PyModule_AddStringConstant(module, "built_for", PY_VERSION) < 0
                           || PyModule_AddStringConstant(module, "kind", "monitoring") < 0
                           || recording_add_types(module) < 0)) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
