/* Step back's recording, its per-line hot path in C (python/bugscope/recording.py is the reference, and the
 * fallback without a compiler). Included by both tracers: bugscope_monitoring.c (3.12+: record_line is the LINE
 * callback of the recording's sys.monitoring tool) and bugscope_native.c (3.8-3.11: the C trace function calls
 * record_frame_line on every line of a recorded frame). The including file defines REC_FRAME_CODE(frame).
 *
 * Why: a line of the program's own code runs in 10-30 ns; the Python recorder spends about 800 ns on it (the call,
 * the frame's locals mapping, the comparisons, the entry), 30x a hot loop. Here the common line (a known
 * activation whose previous line stored a few plain values) makes no Python call and allocates one tuple.
 *
 * Two types (recording_types.h), with the attributes of recording.py's Python classes so that the rest of the
 * recorder and history.py use either:
 *   - Activation: one run of a frame (its code, its recorded caller, the values last seen and recorded...).
 *   - Ring: the ThreadRecording of one thread, a fixed ring of entries (activation, line, changes, bytes) kept in
 *     parallel C arrays; ``entries`` gives them oldest first as tuples.
 * Everything that is not the common case calls back into recording.py (recording_configure): a frame without an
 * activation or on its first line (first_line), a value that is not a plain scalar or short string (snapshot,
 * size_of), a container or object used again that may have changed (recheck). Errors there are Python's; an
 * Exception raised here (out of memory) is printed and cleared, never raised into the program.
 */
#ifndef BUGSCOPE_RECORDING_H
#define BUGSCOPE_RECORDING_H

#define REC_ENTRY_BYTES 96  /* recording.ENTRY_BYTES */
#define REC_KEPT_BYTES 64   /* a change whose value is kept as it is */
#define REC_MAX_TEXT 1000   /* recorded_values.MAX_TEXT */
#define REC_MAX_CHANGES 32  /* names one line may change that are compared (a longer line: its first 32) */

#include "recording_types.h"

/* -- the line ------------------------------------------------------------------------------------------------ */

static struct {
    PyObject *acts;       /* Recorder._acts: id(frame) -> Activation */
    PyObject *first_line; /* Recorder._first_line(frame, line) -> True when the code is never recorded */
    PyObject *recheck;    /* recheck(act, name, value) -> new snapshot, or None if unchanged */
    PyObject *snapshot;   /* recorded_values.snapshot */
    PyObject *size_of;    /* recorded_values.size_of */
    PyObject *deleted;    /* recorded_values.DELETED */
    PyObject *disable;    /* sys.monitoring.DISABLE (3.12+), or None */
    Activation *cached;   /* the activation of the last line recorded (strong), and its frame */
    PyFrameObject *cached_frame;
} R = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

static void recording_forget_cache(void)
{
    Py_CLEAR(R.cached);
    R.cached_frame = NULL;
}

/* An exception inside the recording: a BaseException (KeyboardInterrupt) goes into the program as it would from
 * any trace call; anything else is printed once and cleared. Returns -1 or 0 for the caller to return. */
static int recording_error(void)
{
    if (!PyErr_ExceptionMatches(PyExc_Exception)) {
        return -1;
    }
    static int told = 0;
    if (!told) {
        told = 1;
        PySys_WriteStderr("bugscope: internal error while recording for step back:\n");
        PyErr_Print();
    }
    PyErr_Clear();
    return 0;
}

/* A value recorded as it is (recorded_values.snapshot would return it unchanged). */
static inline int rec_kept(PyObject *value)
{
    PyTypeObject *t = Py_TYPE(value);
    if (t == &PyLong_Type || t == &PyFloat_Type || t == &PyBool_Type || value == Py_None || t == &PyComplex_Type
        || t == &PyRange_Type) {
        return 1;
    }
    if (t == &PyUnicode_Type) {
        return PyUnicode_GET_LENGTH(value) <= REC_MAX_TEXT;
    }
    if (t == &PyBytes_Type) {
        return PyBytes_GET_SIZE(value) <= REC_MAX_TEXT;
    }
    return 0;
}

/* Values that cannot change without the local being assigned again. */
static inline int rec_immutable(PyObject *value)
{
    PyTypeObject *t = Py_TYPE(value);
    return rec_kept(value) || t == &PyUnicode_Type || t == &PyBytes_Type || t == &PyTuple_Type
           || t == &PyFrozenSet_Type;
}

/* The frame's locals mapping (new reference) when its names are not read one by one. */
static PyObject *rec_locals(PyFrameObject *frame)
{
#if PY_VERSION_HEX >= 0x030B0000
    return PyFrame_GetLocals(frame);
#else
    if (PyFrame_FastToLocalsWithError(frame) < 0) {
        return NULL;
    }
    PyObject *locals = frame->f_locals != NULL ? frame->f_locals : frame->f_globals;
    Py_XINCREF(locals);
    return locals;
#endif
}

/* A local's value (new reference), or NULL without an error when it is unbound; NULL with an error on failure. */
static PyObject *rec_local(PyFrameObject *frame, PyObject *name, PyObject **mapping, int optimized)
{
#if PY_VERSION_HEX >= 0x030C0000
    if (optimized) { /* the fast locals, by name (no mapping built) */
        PyObject *value = PyFrame_GetVar(frame, name);
        if (value == NULL && PyErr_ExceptionMatches(PyExc_NameError)) {
            PyErr_Clear();
        }
        return value;
    }
#else
    (void)optimized;
#endif
    if (*mapping == NULL && (*mapping = rec_locals(frame)) == NULL) {
        return NULL;
    }
    PyObject *value;
    if (PyDict_Check(*mapping)) {
        value = PyDict_GetItemWithError(*mapping, name);
        Py_XINCREF(value);
        return value;
    }
    value = PyObject_GetItem(*mapping, name);
    if (value == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) {
        PyErr_Clear();
    }
    return value;
}

/* Records the line ``line`` of ``frame`` (recording.py's _line_recorder, in C). Returns 0, 1 when the frame's
 * code is never recorded (a monitoring tool then DISABLEs the line), or -1 with a BaseException set. */
static int record_frame_line(PyFrameObject *frame, long line)
{
    if (R.acts == NULL) {
        return 0;
    }
    PyCodeObject *code = REC_FRAME_CODE(frame);
    Activation *act = NULL;
    /* The cache: a left activation has values None (recording.py's leave), so a frame reusing the address of
     * one that ended never finds it here. */
    if (R.cached != NULL && R.cached_frame == frame && R.cached->code == (PyObject *)code
        && R.cached->values != Py_None) {
        act = R.cached;
    }
    else {
        PyObject *key = PyLong_FromVoidPtr(frame);
        if (key == NULL) {
            return recording_error();
        }
        PyObject *found = PyDict_GetItemWithError(R.acts, key); /* borrowed */
        Py_DECREF(key);
        if (found != NULL && Py_TYPE(found) == &ActivationType && ((Activation *)found)->code == (PyObject *)code
            && ((Activation *)found)->line >= 0 && ((Activation *)found)->values != Py_None) {
            act = (Activation *)found;
            Py_INCREF(act);
            Py_XSETREF(R.cached, act);
            R.cached_frame = frame;
        }
        else if (PyErr_Occurred()) {
            return recording_error();
        }
    }
    if (act == NULL || act->line < 0 || Py_TYPE(act->rec) != &RingType) {
        PyObject *result = PyObject_CallFunction(R.first_line, "Ol", (PyObject *)frame, line);
        if (result == NULL) {
            return recording_error();
        }
        int never = PyObject_IsTrue(result) > 0;
        Py_DECREF(result);
        return never;
    }
    long previous = act->line;
    act->line = line;
    PyObject *names = NULL;
    if (PyDict_GET_SIZE(act->watch) > 0) {
        PyObject *key = PyLong_FromLong(previous);
        if (key == NULL) {
            return recording_error();
        }
        names = PyDict_GetItemWithError(act->watch, key); /* borrowed: a tuple of str */
        Py_DECREF(key);
        if (names == NULL && PyErr_Occurred()) {
            return recording_error();
        }
    }
    Ring *rec = (Ring *)act->rec;
    if (names == NULL || !PyTuple_Check(names)) {
        ring_append(rec, (PyObject *)act, line, NULL, REC_ENTRY_BYTES);
        return 0;
    }
    Py_INCREF(act); /* Python may run below (snapshot, recheck) */
    int optimized = (code->co_flags & CO_OPTIMIZED) != 0;
    PyObject *mapping = NULL;
    PyObject *out[2 * REC_MAX_CHANGES]; /* strong references */
    Py_ssize_t n = 0, count = PyTuple_GET_SIZE(names);
    long size = REC_ENTRY_BYTES;
    int status = 0;
    for (Py_ssize_t k = 0; k < count && n < 2 * REC_MAX_CHANGES; k++) {
        PyObject *name = PyTuple_GET_ITEM(names, k);
        PyObject *value = rec_local(frame, name, &mapping, optimized);
        if (value == NULL && PyErr_Occurred()) {
            status = -1;
            break;
        }
        PyObject *old = PyDict_GetItemWithError(act->values, name); /* borrowed */
        if (old == NULL && PyErr_Occurred()) {
            Py_XDECREF(value);
            status = -1;
            break;
        }
        PyObject *snap;
        if (value == NULL) { /* unbound: deleted, or not assigned yet */
            if (old == NULL) {
                continue;
            }
            if (PyDict_DelItem(act->values, name) < 0) {
                status = -1;
                break;
            }
            snap = R.deleted;
            Py_INCREF(snap);
            size += REC_KEPT_BYTES;
        }
        else if (old == value) {
            if (rec_immutable(value)) {
                Py_DECREF(value);
                continue;
            }
            snap = PyObject_CallFunctionObjArgs(R.recheck, (PyObject *)act, name, value, NULL);
            Py_DECREF(value);
            if (snap == NULL) {
                status = -1;
                break;
            }
            if (snap == Py_None) {
                Py_DECREF(snap);
                continue;
            }
        }
        else {
            int stored = PyDict_SetItem(act->values, name, value);
            if (stored < 0) {
                Py_DECREF(value);
                status = -1;
                break;
            }
            if (rec_kept(value)) {
                snap = value; /* the reference is the snapshot's */
                size += REC_KEPT_BYTES;
            }
            else {
                snap = PyObject_CallFunctionObjArgs(R.snapshot, value, NULL);
                Py_DECREF(value);
                if (snap == NULL) {
                    status = -1;
                    break;
                }
            }
        }
        if (!rec_kept(snap) && snap != R.deleted) {
            PyObject *bytes = PyObject_CallFunctionObjArgs(R.size_of, snap, NULL);
            size += 56 + (bytes != NULL ? PyLong_AsLong(bytes) : 0);
            Py_XDECREF(bytes);
            PyErr_Clear();
        }
        if (PyDict_SetItem(act->snaps, name, snap) < 0) {
            Py_DECREF(snap);
            status = -1;
            break;
        }
        Py_INCREF(name);
        out[n++] = name;
        out[n++] = snap;
    }
    Py_XDECREF(mapping);
    if (status == 0) {
        PyObject *changes = NULL;
        if (n > 0) {
            changes = PyTuple_New(n);
            if (changes == NULL) {
                status = -1;
            }
            else {
                for (Py_ssize_t k = 0; k < n; k++) {
                    PyTuple_SET_ITEM(changes, k, out[k]); /* the references go to the tuple */
                }
                n = 0;
            }
        }
        if (status == 0) {
            ring_append(rec, (PyObject *)act, line, changes, size);
        }
        Py_XDECREF(changes);
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_DECREF(out[k]);
    }
    Py_DECREF(act);
    return status < 0 ? recording_error() : 0;
}

/* recording_configure(acts, first_line, recheck, snapshot, size_of, deleted, disable), or acts None: stop. */
static PyObject *recording_configure(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *acts, *first_line, *recheck, *snapshot, *size_of, *deleted, *disable;
    if (!PyArg_ParseTuple(args, "OOOOOOO:recording_configure", &acts, &first_line, &recheck, &snapshot, &size_of,
                          &deleted, &disable)) {
        return NULL;
    }
    recording_forget_cache();
    if (acts == Py_None) {
        Py_CLEAR(R.acts);
        Py_CLEAR(R.first_line);
        Py_CLEAR(R.recheck);
        Py_CLEAR(R.snapshot);
        Py_CLEAR(R.size_of);
        Py_CLEAR(R.deleted);
        Py_CLEAR(R.disable);
        Py_RETURN_NONE;
    }
    if (!PyDict_Check(acts)) {
        PyErr_SetString(PyExc_TypeError, "recording_configure expects the activations dict");
        return NULL;
    }
    PyObject **slots[7] = {&R.acts, &R.first_line, &R.recheck, &R.snapshot, &R.size_of, &R.deleted, &R.disable};
    PyObject *values[7] = {acts, first_line, recheck, snapshot, size_of, deleted, disable};
    for (int i = 0; i < 7; i++) {
        Py_INCREF(values[i]);
        Py_XSETREF(*slots[i], values[i]);
    }
    Py_RETURN_NONE;
}

static int recording_add_types(PyObject *module)
{
    if (PyType_Ready(&ActivationType) < 0 || PyType_Ready(&RingType) < 0) {
        return -1;
    }
    Py_INCREF(&ActivationType);
    if (PyModule_AddObject(module, "Activation", (PyObject *)&ActivationType) < 0) {
        Py_DECREF(&ActivationType);
        return -1;
    }
    Py_INCREF(&RingType);
    if (PyModule_AddObject(module, "ThreadRecording", (PyObject *)&RingType) < 0) {
        Py_DECREF(&RingType);
        return -1;
    }
    return 0;
}

#define RECORDING_METHODS                                                                                       \
    {"recording_configure", recording_configure, METH_VARARGS,                                                  \
     "recording_configure(acts, first_line, recheck, snapshot, size_of, deleted, disable): step back's "        \
     "recording (acts None: off)."},

#endif /* BUGSCOPE_RECORDING_H */
