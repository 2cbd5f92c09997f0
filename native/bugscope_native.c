/* _bugscope_native: Bugscope's tracer core in C, for CPython 3.8-3.11.
 *
 * Why: on 3.8-3.11 the only way to see lines is a trace function, and once a thread has one, CPython does
 * per-instruction tracing work in every frame of that thread (1.3-2.1x on loops even when the callback does
 * nothing), and a Python-level callback per call costs 1.8-3.9x on call-heavy code.
 *
 * How: a PEP 523 frame-evaluation hook runs before every Python frame. It turns this thread's C trace
 * function on only for frames that need it and off for all others, so code without breakpoints runs at full
 * speed. A frame needs tracing when
 *   - its code object owns breakpoint lines (cached per code object in co_extra, with the generation of the
 *     breakpoint table it was computed for), or
 *   - it is "armed": its f_trace is our marker (the frame a step "over" started in, callers a step
 *     returns to, frames the backend asked for), or "armed for its return": its f_trace is the return marker
 *     (the frame a step "out" started in: only its return matters, and its breakpoint lines, which are
 *     filtered in C as in unarmed frames; its other lines are not even reported when it has no breakpoint
 *     lines, f_trace_lines = 0), or
 *   - its thread steps "in", pauses or waits for its entry stop (then every frame is traced, as under
 *     sys.settrace).
 * The C trace function filters lines in C: Python (the backend's on_line) runs only on a breakpoint line or on
 * lines of armed frames and "trace everything" threads; on_return runs only for those frames and frames armed
 * for their return.
 *
 * Breakpoint options: a breakpoint with a condition or a hit count is decided in C (breakpoint_check.h): a pass
 * that neither stops nor logs (a false condition, a hit count not reached yet) makes no Python call at all; the
 * others call on_line(frame, condition found true or None) and the engine decides as usual without evaluating
 * the condition again. The condition runs inside the trace call (ts->tracing is set), so its frames are neither
 * hooked nor traced.
 *
 * Running frames: a breakpoint added to code that is already running, or a pause, must reach threads that
 * never called us. force_tracing() finds the thread state (PyInterpreterState_ThreadHead/PyThreadState_Next,
 * with the GIL held the list cannot change) and turns its trace function on at once; the innermost frame then
 * sees line events, and when frames return the hook re-decides for the caller. A global "epoch" counts every
 * change that can make a running frame need tracing, so the hook only re-decides for the caller when
 * something changed while the callee ran (the common case costs one compare).
 *
 * Per version (the tracing switch lives in a different place in each):
 *   3.8   hook in interp->eval_frame (internal struct), signature (frame, throwflag); tstate->use_tracing;
 *         the eval loop looks at c_tracefunc only while _PyRuntime.ceval.tracing_possible (a count of threads
 *         with a trace function) is non-zero; f_lineno is only maintained while a frame is traced.
 *   3.9   _PyInterpreterState_SetEvalFrameFunc, signature (tstate, frame, throwflag); otherwise like 3.8, with
 *         the count in interp->ceval.tracing_possible.
 *   3.10  no tracing_possible; the eval loop reads use_tracing from its CFrame (tstate->cframe), copies it from
 *         the caller's at entry and writes it back to the caller's at exit.
 *   3.11  like 3.10 but use_tracing is 0 or 255 (or'ed into the opcode) and frames are _PyInterpreterFrame
 *         (internal struct; PyFrameObject is created lazily). With any eval_frame hook installed, 3.11 stops
 *         inlining Python-to-Python calls, which costs ~1.3x on call-heavy code (NOTES, Pitfalls 7).
 * In all of them the eval loop calls c_tracefunc for PyTrace_LINE whenever it is set and the frame's
 * f_trace_lines is true (f_trace itself does not matter to a C tracer), and after every trace call it recomputes use_tracing from c_tracefunc and
 * c_profilefunc, so clearing c_tracefunc inside the trace function untraces the rest of that frame.
 *
 * Other tracers: if a thread's c_tracefunc is neither ours nor NULL (sys.settrace, coverage), the hook leaves
 * that thread alone.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#if PY_VERSION_HEX < 0x03080000 || PY_VERSION_HEX >= 0x030C0000
#  error "the native tracer is for CPython 3.8-3.11 (3.12+ uses sys.monitoring)"
#endif

/* Internal headers, for the interpreter-state fields and frame layouts listed above. */
#define Py_BUILD_CORE 1
#if PY_VERSION_HEX < 0x03090000
#  include "internal/pycore_pystate.h"
#elif PY_VERSION_HEX < 0x030A0000
#  undef _PyGC_FINALIZED /* objimpl.h and pycore_gc.h both define it on 3.9 */
#  include "internal/pycore_interp.h"
#elif PY_VERSION_HEX >= 0x030B0000
#  include "internal/pycore_frame.h"
#endif
#undef Py_BUILD_CORE

#if PY_VERSION_HEX >= 0x030B0000
typedef _PyInterpreterFrame EvalFrame;
#  define PYFRAME_CODE(f) ((f)->f_frame->f_code)
#  define EVAL_FRAME_OBJECT(ef) ((ef)->frame_obj)
#  define CURRENT_EVAL_FRAME(ts) ((ts)->cframe->current_frame)
#else
typedef PyFrameObject EvalFrame;
#  define PYFRAME_CODE(f) ((f)->f_code)
#  define EVAL_FRAME_OBJECT(ef) (ef)
#  define CURRENT_EVAL_FRAME(ts) ((ts)->frame)
#endif

#include "breakpoint_check.h"
#define REC_FRAME_CODE(frame) PYFRAME_CODE(frame)
#include "recording.h"

#define MAX_TRACE_ALL 64 /* threads stepping "in"/pausing at the same time; more are simply not traced */

static int trace_event(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg);

/* The breakpoint lines of one code object, valid for one generation of the breakpoint table. checks (NULL when
 * no breakpoint of the code has a condition or hit count, else count entries) says what C decides on lines[i]. */
typedef struct {
    uint64_t generation;
    Py_ssize_t count;
    long *lines;
    LineCheck *checks;
    int record;          /* step back records this code: its frames are traced whole (records_code's answer) */
} CodeLines;

static struct {
    int installed;
    Py_ssize_t extra_index;      /* our co_extra slot, requested once per process */
    PyObject *on_line;           /* backend callback(frame) -> true to keep the frame armed */
    PyObject *on_return;         /* backend callback(frame, value) */
    PyObject *lines_for_code;    /* BreakpointTable.lines_for_code(code) -> {line: Breakpoint} */
    PyObject *marker;            /* the f_trace value of armed frames */
    PyObject *return_marker;     /* the f_trace value of frames armed for their return only */
    uint64_t generation;         /* of the breakpoint table; CodeLines of another generation are stale */
    uint64_t epoch;              /* bumped by every change that can make a running frame need tracing */
    int n_trace_all;
    unsigned long trace_all[MAX_TRACE_ALL]; /* thread ids whose every frame is traced */
    PyObject *on_exception;      /* backend callback(frame, (type, value, traceback)), or NULL: not wanted */
    /* Step back's recording (python/bugscope/recording.py), or NULL: the program's frames (records_code(code)
     * true) are traced whole, and their calls, lines and returns go to these callbacks(frame). */
    PyObject *records_code, *record_call, *record_line, *record_return;
} T = {0, -1, NULL, NULL, NULL, NULL, NULL, 1, 0, 0, {0}, NULL, NULL, NULL, NULL, NULL};

/* -- the tracing switch of one thread state -------------------------------------------------------------- */

static inline int get_use_tracing(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030A0000
    return ts->cframe->use_tracing != 0;
#else
    return ts->use_tracing != 0;
#endif
}

static inline void put_use_tracing(PyThreadState *ts, int on)
{
#if PY_VERSION_HEX >= 0x030B0000
    ts->cframe->use_tracing = on ? 255 : 0;
#elif PY_VERSION_HEX >= 0x030A0000
    ts->cframe->use_tracing = on;
#else
    ts->use_tracing = on;
#endif
}

static inline int tracing_is_ours_or_off(PyThreadState *ts)
{
    return ts->c_tracefunc == NULL || ts->c_tracefunc == trace_event;
}

/* Every write of c_tracefunc goes through here. The eval loop on 3.8/3.9 checks a global count of threads
 * whose c_tracefunc is set before it looks at c_tracefunc at all (and while the count is non-zero every
 * instruction takes the slower dispatch path), so the count must stay exact, as PyEval_SetTrace keeps it. We do
 * not call PyEval_SetTrace itself: it also runs audit hooks, on every switch. */
static inline void put_tracefunc(PyThreadState *ts, Py_tracefunc fn)
{
#if PY_VERSION_HEX < 0x030A0000
    int delta = (fn != NULL) - (ts->c_tracefunc != NULL);
    if (delta) {
#  if PY_VERSION_HEX < 0x03090000
        _PyRuntime.ceval.tracing_possible += delta;
#  else
        ts->interp->ceval.tracing_possible += delta;
#  endif
    }
#endif
    ts->c_tracefunc = fn;
}

/* Only for thread states whose tracing is ours or off, and outside trace calls (ts->tracing == 0). */
static inline void set_tracing(PyThreadState *ts, int on)
{
    put_tracefunc(ts, on ? trace_event : NULL);
    put_use_tracing(ts, on || ts->c_profilefunc != NULL);
}

static int thread_traces_all(PyThreadState *ts)
{
    for (int i = 0; i < T.n_trace_all; i++) {
        if (T.trace_all[i] == ts->thread_id) {
            return 1;
        }
    }
    return 0;
}

/* 3.8/3.9 report f_lineno as the line of a LINE event, but keep it up to date only while the frame is traced:
 * when tracing starts in a frame that has been running untraced (a loop that was running when a breakpoint was
 * added, a caller or generator resumed after a change), the eval loop keeps the stale value for as long as it
 * stays within the current line's bytecode window (a one-line loop: forever). frame.f_trace's setter makes the
 * same correction. 3.10+ compute the line at each trace call. */
static inline void sync_line_number(EvalFrame *frame)
{
#if PY_VERSION_HEX < 0x030A0000
    if (frame != NULL && frame->f_lasti >= 0) {
        frame->f_lineno = PyCode_Addr2Line(frame->f_code, frame->f_lasti);
    }
#else
    (void)frame;
#endif
}

/* -- breakpoint lines per code object (co_extra) ---------------------------------------------------------- */

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

static void report_error(const char *where)
{
    if (_Py_IsFinalizing()) { /* module globals are being torn down: lookups fail for no interesting reason */
        PyErr_Clear();
        return;
    }
    PySys_WriteStderr("bugscope: internal error in the native tracer (%s):\n", where);
    PyErr_Print();
}

/* Calls ``fn(arg)`` from the eval hook, i.e. outside any trace call: while it runs, the thread counts as
 * "tracing" (like CPython around a trace function), so neither the hook nor the trace function see its frames.
 * A pending exception (generator.throw() enters the hook with one set) is kept aside meanwhile. */
static PyObject *call_untraced(PyThreadState *ts, PyObject *fn, PyObject *arg, int in_trace_call)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    int use_tracing = get_use_tracing(ts);
    if (!in_trace_call) {
        ts->tracing++;
        put_use_tracing(ts, 0);
    }
    PyObject *result = PyObject_CallFunctionObjArgs(fn, arg, NULL);
    if (!in_trace_call) {
        ts->tracing--;
        put_use_tracing(ts, use_tracing);
    }
    if (result == NULL) {
        report_error("lines_for_code");
    }
    PyErr_Restore(type, value, tb);
    return result;
}

/* Reads the breakpoint lines of ``code`` from the table into its cache entry. Python runs here, so the GIL
 * may pass to other threads; the new lines are copied in only once the call has returned. */
static CodeLines *refresh_code_lines(PyThreadState *ts, PyCodeObject *code, CodeLines *cl, int in_trace_call)
{
    if (cl == NULL) {
        cl = (CodeLines *)PyMem_RawCalloc(1, sizeof(CodeLines));
        if (cl == NULL) {
            return NULL;
        }
        if (_PyCode_SetExtra((PyObject *)code, T.extra_index, cl) < 0) {
            PyErr_Clear();
            PyMem_RawFree(cl);
            return NULL;
        }
    }
    uint64_t generation = T.generation; /* if the table changes during the call, the next lookup refreshes */
    long *lines = NULL;
    LineCheck *checks = NULL;
    Py_ssize_t count = 0;
    PyObject *found = call_untraced(ts, T.lines_for_code, (PyObject *)code, in_trace_call);
    if (found != NULL) {
        PyObject *saved_type, *saved_value, *saved_tb;
        PyErr_Fetch(&saved_type, &saved_value, &saved_tb);
        Py_ssize_t size = PyObject_Size(found);
        PyObject *iter = NULL;
        if (size > 0 && PyDict_Check(found)) { /* {line: Breakpoint}: also take what C can decide */
            count = table_entries(found, &lines, &checks);
            int any_check = 0;
            for (Py_ssize_t i = 0; i < count; i++) {
                any_check |= checks[i].bp != NULL;
            }
            if (count < 0) {
                count = 0; /* out of memory: no lines (the error is cleared below) */
            }
            else if (!any_check) { /* only plain breakpoints: nothing for C to decide */
                free_checks(checks, count);
                checks = NULL;
            }
        }
        else if (size > 0) {
            iter = PyObject_GetIter(found);
        }
        if (iter != NULL) {
            lines = (long *)PyMem_RawMalloc(sizeof(long) * (size_t)size);
            PyObject *item;
            while (lines != NULL && count < size && (item = PyIter_Next(iter)) != NULL) {
                long line = PyLong_AsLong(item);
                Py_DECREF(item);
                if (line > 0) {
                    lines[count++] = line;
                }
            }
            Py_DECREF(iter);
        }
        PyErr_Clear(); /* a table that is not a set of ints gives no lines, never an exception in the program */
        PyErr_Restore(saved_type, saved_value, saved_tb);
        Py_DECREF(found);
    }
    int record = 0;
    if (T.records_code != NULL) {
        PyObject *answer = call_untraced(ts, T.records_code, (PyObject *)code, in_trace_call);
        if (answer != NULL) {
            record = PyObject_IsTrue(answer) > 0;
            Py_DECREF(answer);
        }
    }
    /* Swap first, release after: freeing the old checks cannot see a half-updated entry. */
    long *old_lines = cl->lines;
    LineCheck *old_checks = cl->checks;
    Py_ssize_t old_count = cl->count;
    cl->lines = lines;
    cl->checks = checks;
    cl->count = count;
    cl->record = record;
    cl->generation = generation;
    PyMem_RawFree(old_lines);
    free_checks(old_checks, old_count);
    return cl;
}

/* What PyCodeObject.co_extra points to: the layout of CPython's private _PyCodeObjectExtra (Objects/codeobject.c),
 * unchanged from 3.6 (PEP 523) to 3.11. Reading it directly instead of calling _PyCode_GetExtra saves a call
 * and its register spills on every Python call, about a third of the hook's own cost. */
typedef struct {
    Py_ssize_t size;
    void *extras[1];
} CodeExtraSlots;

static inline CodeLines *code_lines(PyThreadState *ts, PyCodeObject *code, int in_trace_call)
{
    CodeExtraSlots *slots = (CodeExtraSlots *)code->co_extra;
    CodeLines *cl = (slots != NULL && T.extra_index < slots->size) ? (CodeLines *)slots->extras[T.extra_index] : NULL;
    if (cl != NULL && cl->generation == T.generation) {
        return cl;
    }
    return refresh_code_lines(ts, code, cl, in_trace_call);
}

/* The index of ``line`` in cl->lines, or -1. */
static inline Py_ssize_t find_line(const CodeLines *cl, long line)
{
    if (cl == NULL) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < cl->count; i++) {
        if (cl->lines[i] == line) {
            return i;
        }
    }
    return -1;
}

/* Does a frame running ``code`` (with frame object ``frame``, possibly NULL on 3.11) need the trace function? */
static inline int frame_wants_tracing(PyThreadState *ts, PyCodeObject *code, PyFrameObject *frame, int in_trace_call)
{
    if (T.n_trace_all && thread_traces_all(ts)) {
        return 1;
    }
    if (frame != NULL && (frame->f_trace == T.marker || frame->f_trace == T.return_marker)) {
        return 1;
    }
    CodeLines *cl = code_lines(ts, code, in_trace_call);
    return cl != NULL && (cl->count > 0 || cl->record);
}

static inline int caller_wants_tracing(PyThreadState *ts)
{
    EvalFrame *caller = CURRENT_EVAL_FRAME(ts);
    if (caller == NULL) {
        return 0;
    }
    if (!frame_wants_tracing(ts, caller->f_code, EVAL_FRAME_OBJECT(caller), 0)) {
        return 0;
    }
    sync_line_number(caller);
    return 1;
}

/* -- armed frames ----------------------------------------------------------------------------------------- */

static void arm_frame(PyFrameObject *frame)
{
    if (frame->f_trace != T.marker) {
#if PY_VERSION_HEX < 0x030A0000
        sync_line_number(frame); /* and 3.8/3.9 read f_lineno as the current line whenever f_trace is set */
#endif
        Py_INCREF(T.marker);
        Py_XSETREF(frame->f_trace, T.marker);
    }
    frame->f_trace_lines = 1;
    T.epoch++;
}

/* A step out waits for this frame's return: that, and its breakpoint lines (filtered in C), are all it reports. */
static void arm_return(PyThreadState *ts, PyFrameObject *frame)
{
    if (frame->f_trace != T.return_marker) {
#if PY_VERSION_HEX < 0x030A0000
        sync_line_number(frame);
#endif
        Py_INCREF(T.return_marker);
        Py_XSETREF(frame->f_trace, T.return_marker);
    }
    CodeLines *cl = code_lines(ts, PYFRAME_CODE(frame), ts->tracing > 0);
    frame->f_trace_lines = cl != NULL && (cl->count > 0 || cl->record); /* else no line calls at all */
    T.epoch++;
}

static void disarm_frame(PyFrameObject *frame)
{
    if (frame->f_trace == T.marker) {
        Py_CLEAR(frame->f_trace);
    }
}

/* -- the trace function ----------------------------------------------------------------------------------- */

/* One of step back's recording callbacks (they catch their own errors: only a BaseException gets here). */
static int record_event(PyObject *callback, PyFrameObject *frame)
{
    if (callback == NULL) {
        return 0;
    }
    PyObject *result = PyObject_CallFunctionObjArgs(callback, (PyObject *)frame, NULL);
    if (result == NULL) {
        return -1;
    }
    Py_DECREF(result);
    return 0;
}

static int on_line(PyThreadState *ts, PyFrameObject *frame)
{
    PyCodeObject *code = PYFRAME_CODE(frame);
    CodeLines *cl = code_lines(ts, code, 1);
    if (cl != NULL && cl->record) { /* step back: the line in C (recording.h) once configured, else in Python */
        int failed = R.acts != NULL ? record_frame_line(frame, PyFrame_GetLineNumber(frame)) < 0
                                    : record_event(T.record_line, frame) < 0;
        if (failed) {
            return -1;
        }
    }
    int all = T.n_trace_all && thread_traces_all(ts);
    int call = all || frame->f_trace == T.marker; /* a return-only frame: only its breakpoint lines, as below */
    PyObject *evaluated = NULL; /* a condition found true here: the engine must not evaluate it again */
    if (!call) {
        Py_ssize_t i = find_line(cl, frame->f_lineno);
        if (i >= 0) {
            call = 1;
            if (cl->checks != NULL) {
                /* Python may run inside (the condition), and another thread may then refresh cl: pass a copy. */
                int decision = check_breakpoint(cl->checks[i], frame, 0, &evaluated);
                if (decision == CHECK_SKIP) {
                    return 0; /* the frame still has breakpoint lines: stay traced */
                }
                if (decision == CHECK_BASE_EXCEPTION) {
                    return -1;
                }
            }
        }
    }
    if (call) {
        PyObject *keep = PyObject_CallFunctionObjArgs(T.on_line, (PyObject *)frame,
                                                      evaluated != NULL ? evaluated : Py_None, NULL);
        Py_XDECREF(evaluated);
        if (keep == NULL) {
            return -1; /* only BaseExceptions get here (KeyboardInterrupt...): into the program, as settrace does */
        }
        int armed = PyObject_IsTrue(keep);
        Py_DECREF(keep);
        if (armed > 0) {
            /* The backend may have turned this frame's lines off (a step out waits only for its return). */
            int lines = frame->f_trace_lines;
            arm_frame(frame);
            frame->f_trace_lines = lines;
        }
        else {
            PyErr_Clear();
            disarm_frame(frame);
        }
        if (!T.installed) {
            return 0;
        }
        cl = code_lines(ts, code, 1); /* breakpoints may have changed while the thread was stopped */
        all = T.n_trace_all && thread_traces_all(ts);
    }
    if (!all && frame->f_trace != T.marker && frame->f_trace != T.return_marker
        && (cl == NULL || (cl->count == 0 && !cl->record))) {
        put_tracefunc(ts, NULL); /* nothing to do in the rest of this frame: run it untraced */
    }
    return 0;
}

static int on_return(PyThreadState *ts, PyFrameObject *frame, PyObject *value)
{
    if (T.record_return != NULL) {
        CodeLines *cl = code_lines(ts, PYFRAME_CODE(frame), 1);
        if (cl != NULL && cl->record && record_event(T.record_return, frame) < 0) {
            return -1;
        }
    }
    if (frame->f_trace != T.marker && frame->f_trace != T.return_marker && !(T.n_trace_all && thread_traces_all(ts))) {
        return 0;
    }
    PyObject *result = PyObject_CallFunctionObjArgs(T.on_return, (PyObject *)frame, value ? value : Py_None, NULL);
    if (result == NULL) {
        return -1;
    }
    Py_DECREF(result);
    return 0;
}

static int trace_event(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg)
{
    (void)obj;
    PyThreadState *ts = PyThreadState_Get();
    if (!T.installed) {
        put_tracefunc(ts, NULL);
        return 0;
    }
    if (what == PyTrace_LINE) {
        return on_line(ts, frame);
    }
    if (what == PyTrace_CALL && T.record_call != NULL) { /* a frame starts or resumes (recorded code only) */
        CodeLines *cl = code_lines(ts, PYFRAME_CODE(frame), 1);
        return cl != NULL && cl->record ? record_event(T.record_call, frame) : 0;
    }
    if (what == PyTrace_RETURN) {
        return on_return(ts, frame, arg);
    }
    if (what == PyTrace_EXCEPTION && T.on_exception != NULL) {
        /* Exception filters are on: the backend's lines_for_code made the program's frames traced. */
        PyObject *result = PyObject_CallFunctionObjArgs(T.on_exception, (PyObject *)frame, arg, NULL);
        if (result == NULL) {
            return -1;
        }
        Py_DECREF(result);
        return 0;
    }
    return 0; /* call: the hook already decided; opcodes: not ours */
}

/* -- the frame-evaluation hook ---------------------------------------------------------------------------- */

#if PY_VERSION_HEX < 0x03090000
static _PyFrameEvalFunction previous_eval_frame;
#  define HOOK_PARAMS EvalFrame *frame, int throwflag
#  define EVAL_DEFAULT() _PyEval_EvalFrameDefault(frame, throwflag)
#  define HOOK_TSTATE() PyThreadState *ts = _PyThreadState_GET()
#else
static _PyFrameEvalFunction previous_eval_frame;
#  define HOOK_PARAMS PyThreadState *ts, EvalFrame *frame, int throwflag
#  define EVAL_DEFAULT() _PyEval_EvalFrameDefault(ts, frame, throwflag)
#  define HOOK_TSTATE() ((void)0)
#endif

static PyObject *eval_hook(HOOK_PARAMS)
{
    HOOK_TSTATE();
    if (ts->tracing) {
        /* Inside a trace call (a breakpoint stop, an evaluation, our own lookups): never traced. */
        return EVAL_DEFAULT();
    }
    int ours = tracing_is_ours_or_off(ts);
    int caller_on = ts->c_tracefunc == trace_event;
    uint64_t entry_epoch = T.epoch;
    int on = 0;
    if (ours) {
        uint64_t seen;
        do { /* asking the breakpoint table runs Python, so breakpoints may change meanwhile: ask again */
            seen = T.epoch;
            on = frame_wants_tracing(ts, frame->f_code, EVAL_FRAME_OBJECT(frame), 0);
        } while (seen != T.epoch);
        if (on != caller_on) {
            set_tracing(ts, on);
        }
        if (on) {
            sync_line_number(frame); /* a resumed generator may have run untraced before */
        }
    }
    PyObject *result = EVAL_DEFAULT();
    /* Back in the caller. The common case: untraced before and after, and nothing changed meanwhile (no
     * breakpoint change, arming, pause or step could have switched tracing on), so nothing to restore. */
    if (ours && !on && !caller_on && entry_epoch == T.epoch && ts->c_tracefunc == NULL) {
        return result;
    }
    /* Otherwise decide again; 3.10/3.11 copied the callee's use_tracing into the caller's CFrame: always reset. */
    if (!ts->tracing && tracing_is_ours_or_off(ts) && T.installed) {
        int on = (ours && entry_epoch == T.epoch) ? caller_on : caller_wants_tracing(ts);
        set_tracing(ts, on);
    }
    return result;
}

/* -- module functions ------------------------------------------------------------------------------------- */

static PyInterpreterState *current_interpreter(void)
{
    return PyThreadState_Get()->interp;
}

static _PyFrameEvalFunction get_eval_frame(PyInterpreterState *interp)
{
#if PY_VERSION_HEX < 0x03090000
    return interp->eval_frame;
#else
    return _PyInterpreterState_GetEvalFrameFunc(interp);
#endif
}

static void put_eval_frame(PyInterpreterState *interp, _PyFrameEvalFunction fn)
{
#if PY_VERSION_HEX < 0x03090000
    interp->eval_frame = fn;
#else
    _PyInterpreterState_SetEvalFrameFunc(interp, fn);
#endif
}

static PyObject *native_can_install(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    _PyFrameEvalFunction current = get_eval_frame(current_interpreter());
    if (current != _PyEval_EvalFrameDefault && current != (_PyFrameEvalFunction)eval_hook) {
        return PyUnicode_FromString("another frame-evaluation hook (PEP 523) is installed, e.g. another debugger");
    }
    Py_RETURN_NONE;
}

static PyObject *native_install(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *on_line, *on_return, *lines_for_code, *marker, *return_marker;
    if (!PyArg_ParseTuple(args, "OOOOO:install", &on_line, &on_return, &lines_for_code, &marker, &return_marker)) {
        return NULL;
    }
    if (T.installed) {
        PyErr_SetString(PyExc_RuntimeError, "the native tracer is already installed");
        return NULL;
    }
    PyInterpreterState *interp = current_interpreter();
    if (get_eval_frame(interp) != _PyEval_EvalFrameDefault) {
        PyErr_SetString(PyExc_RuntimeError, "another frame-evaluation hook (PEP 523) is installed");
        return NULL;
    }
    if (T.extra_index < 0) {
        T.extra_index = _PyEval_RequestCodeExtraIndex(free_code_lines);
        if (T.extra_index < 0) {
            PyErr_SetString(PyExc_RuntimeError, "no free co_extra index");
            return NULL;
        }
    }
    Py_INCREF(on_line);
    Py_INCREF(on_return);
    Py_INCREF(lines_for_code);
    Py_INCREF(marker);
    Py_INCREF(return_marker);
    Py_XSETREF(T.on_line, on_line);
    Py_XSETREF(T.on_return, on_return);
    Py_XSETREF(T.lines_for_code, lines_for_code);
    Py_XSETREF(T.marker, marker);
    Py_XSETREF(T.return_marker, return_marker);
    T.generation++;
    T.epoch++;
    T.n_trace_all = 0;
    previous_eval_frame = get_eval_frame(interp);
    put_eval_frame(interp, (_PyFrameEvalFunction)eval_hook);
    T.installed = 1;
    Py_RETURN_NONE;
}

static PyObject *native_uninstall(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    if (!T.installed) {
        Py_RETURN_NONE;
    }
    PyThreadState *me = PyThreadState_Get();
    put_eval_frame(me->interp, previous_eval_frame);
    T.installed = 0;
    T.n_trace_all = 0;
    for (PyThreadState *ts = PyInterpreterState_ThreadHead(me->interp); ts; ts = PyThreadState_Next(ts)) {
        if (ts->c_tracefunc == trace_event) {
            put_tracefunc(ts, NULL);
            if (!ts->tracing) {
                put_use_tracing(ts, ts->c_profilefunc != NULL);
            }
        }
    }
    T.generation++;
    /* The callbacks stay referenced: frames on other threads may still be inside eval_hook or a trace call. */
    Py_RETURN_NONE;
}

/* Exception events go to ``callback`` (None: nowhere). Which frames are traced for them is lines_for_code's
 * answer, so the code objects' cached answers are dropped as for a breakpoint change. */
static PyObject *native_set_exception_callback(PyObject *self, PyObject *callback)
{
    (void)self;
    if (callback != Py_None && !PyCallable_Check(callback)) {
        PyErr_SetString(PyExc_TypeError, "set_exception_callback expects a callable or None");
        return NULL;
    }
    if (callback == Py_None) {
        Py_CLEAR(T.on_exception);
    } else {
        Py_INCREF(callback);
        Py_XSETREF(T.on_exception, callback);
    }
    T.generation++;
    T.epoch++;
    Py_RETURN_NONE;
}

/* Step back: set_record_callbacks(records_code, on_call, on_line, on_return), or four Nones to stop. Every code
 * object asks records_code again, as after a breakpoint change. */
static PyObject *native_set_record_callbacks(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *fns[4];
    if (!PyArg_ParseTuple(args, "OOOO:set_record_callbacks", &fns[0], &fns[1], &fns[2], &fns[3])) {
        return NULL;
    }
    PyObject **slots[4] = {&T.records_code, &T.record_call, &T.record_line, &T.record_return};
    for (int i = 0; i < 4; i++) {
        if (fns[i] == Py_None) {
            Py_CLEAR(*slots[i]);
        } else {
            Py_INCREF(fns[i]);
            Py_XSETREF(*slots[i], fns[i]);
        }
    }
    T.generation++;
    T.epoch++;
    Py_RETURN_NONE;
}

static PyObject *native_breakpoints_changed(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    T.generation++;
    T.epoch++;
    Py_RETURN_NONE;
}

static int force_tracing(unsigned long thread_id)
{
    PyInterpreterState *interp = current_interpreter();
    for (PyThreadState *ts = PyInterpreterState_ThreadHead(interp); ts; ts = PyThreadState_Next(ts)) {
        if (ts->thread_id != thread_id) {
            continue;
        }
        if (!tracing_is_ours_or_off(ts)) {
            return 0;
        }
#if PY_VERSION_HEX < 0x030A0000
        for (PyFrameObject *f = ts->frame; f != NULL; f = f->f_back) {
            sync_line_number(f);
        }
#endif
        put_tracefunc(ts, trace_event);
        if (!ts->tracing) { /* inside a trace call CPython recomputes use_tracing when the call returns */
            put_use_tracing(ts, 1);
        }
        T.epoch++;
        return 1;
    }
    return 0;
}

static PyObject *native_force_tracing(PyObject *self, PyObject *arg)
{
    (void)self;
    unsigned long thread_id = PyLong_AsUnsignedLong(arg);
    if (thread_id == (unsigned long)-1 && PyErr_Occurred()) {
        return NULL;
    }
    if (!T.installed) {
        Py_RETURN_FALSE;
    }
    return PyBool_FromLong(force_tracing(thread_id));
}

static PyObject *native_set_trace_all(PyObject *self, PyObject *arg)
{
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "set_trace_all expects a sequence of thread ids");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    unsigned long ids[MAX_TRACE_ALL];
    int count = 0;
    for (Py_ssize_t i = 0; i < n && count < MAX_TRACE_ALL; i++) {
        unsigned long id = PyLong_AsUnsignedLong(PySequence_Fast_GET_ITEM(seq, i));
        if (id == (unsigned long)-1 && PyErr_Occurred()) {
            Py_DECREF(seq);
            return NULL;
        }
        ids[count++] = id;
    }
    Py_DECREF(seq);
    memcpy(T.trace_all, ids, sizeof(unsigned long) * (size_t)count);
    T.n_trace_all = count;
    T.epoch++;
    if (T.installed) {
        for (int i = 0; i < count; i++) {
            force_tracing(ids[i]); /* frames that are running now must see their next line */
        }
    }
    Py_RETURN_NONE;
}

static PyObject *native_arm(PyObject *self, PyObject *arg)
{
    (void)self;
    if (!PyFrame_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "arm expects a frame");
        return NULL;
    }
    if (T.installed) {
        arm_frame((PyFrameObject *)arg);
    }
    Py_RETURN_NONE;
}

static PyObject *native_arm_return(PyObject *self, PyObject *arg)
{
    (void)self;
    if (!PyFrame_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "arm_return expects a frame");
        return NULL;
    }
    if (T.installed) {
        arm_return(PyThreadState_Get(), (PyFrameObject *)arg);
    }
    Py_RETURN_NONE;
}

/* Called on a new thread from the threading.settrace() hook, at the first call event of Thread.run: drop
 * that Python-level trace function (the eval hook takes over this thread) and decide for that first frame. */
static PyObject *native_adopt_thread(PyObject *self, PyObject *arg)
{
    (void)self;
    if (!PyFrame_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "adopt_thread expects a frame");
        return NULL;
    }
    PyThreadState *ts = PyThreadState_Get();
    if (!tracing_is_ours_or_off(ts)) {
        PyEval_SetTrace(NULL, NULL);
    }
    if (T.installed) {
        PyFrameObject *frame = (PyFrameObject *)arg;
        if (frame_wants_tracing(ts, PYFRAME_CODE(frame), frame, ts->tracing > 0)) {
            put_tracefunc(ts, trace_event); /* use_tracing follows when the current trace call returns */
        }
    }
    Py_RETURN_NONE;
}

static PyObject *native_state(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
#if PY_VERSION_HEX < 0x03090000
    int tracing_possible = _PyRuntime.ceval.tracing_possible;
#elif PY_VERSION_HEX < 0x030A0000
    int tracing_possible = PyThreadState_Get()->interp->ceval.tracing_possible;
#else
    int tracing_possible = -1; /* 3.10+ has no such count */
#endif
    return Py_BuildValue("{s:i,s:K,s:K,s:i,s:i}", "installed", T.installed, "generation",
                         (unsigned long long)T.generation, "epoch", (unsigned long long)T.epoch, "trace_all",
                         T.n_trace_all, "tracing_possible", tracing_possible);
}

static PyMethodDef native_methods[] = {
    RECORDING_METHODS
    {"can_install", native_can_install, METH_NOARGS, "None if install() can work, else why not."},
    {"install", native_install, METH_VARARGS,
     "install(on_line, on_return, lines_for_code, marker, return_marker): install the frame-evaluation hook.\n"
     "on_line(frame, evaluated): evaluated is None, or the breakpoint condition C found true on this line."},
    {"uninstall", native_uninstall, METH_NOARGS, "Remove the hook and our trace function from every thread."},
    {"set_exception_callback", native_set_exception_callback, METH_O,
     "set_exception_callback(callback or None): callback(frame, (type, value, traceback)) on exception events."},
    {"set_record_callbacks", native_set_record_callbacks, METH_VARARGS,
     "set_record_callbacks(records_code, on_call, on_line, on_return): step back's recording (or four Nones)."},
    {"breakpoints_changed", native_breakpoints_changed, METH_NOARGS,
     "The breakpoint table changed: every code object asks lines_for_code again."},
    {"force_tracing", native_force_tracing, METH_O,
     "force_tracing(thread_id): turn the trace function on in that thread now (reaches running frames)."},
    {"set_trace_all", native_set_trace_all, METH_O,
     "set_trace_all(thread_ids): these threads trace every frame (step in, pause, entry)."},
    {"arm", native_arm, METH_O, "arm(frame): report every line and the return of this frame."},
    {"arm_return", native_arm_return, METH_O,
     "arm_return(frame): report the return of this frame, and its breakpoint lines as for any frame."},
    {"adopt_thread", native_adopt_thread, METH_O, "adopt_thread(frame): see the C comment."},
    {"state", native_state, METH_NOARGS, "Counters, for tests."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT, "_bugscope_native",
    "Bugscope's frame-evaluation tracer for CPython 3.8-3.11 (see native/bugscope_native.c).", -1,
    native_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__bugscope_native(void)
{
    if (check_built_for_this_python() < 0 || check_init_strings() < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&native_module);
    if (module != NULL && (PyModule_AddStringConstant(module, "built_for", PY_VERSION) < 0
                           || recording_add_types(module) < 0)) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
