/* Step back's recording in C: the Activation and ThreadRecording (Ring) types, with the attributes of
 * python/bugscope/recording.py's classes of those names. Included by recording.h (see there).
 */
#ifndef BUGSCOPE_RECORDING_TYPES_H
#define BUGSCOPE_RECORDING_TYPES_H

#include <structmember.h>

/* -- Activation ------------------------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *code, *name, *parent, *call_line, *rec, *watch, *values, *snaps, *initial;
    long line; /* -1: no line yet (Python sees None) */
} Activation;

static int activation_init(Activation *self, PyObject *args, PyObject *kwds)
{
    PyObject *code, *parent, *call_line, *rec, *watch;
    (void)kwds;
    if (!PyArg_ParseTuple(args, "OOOOO:Activation", &code, &parent, &call_line, &rec, &watch)) {
        return -1;
    }
    PyObject *name = PyObject_GetAttrString(code, "co_name");
    PyObject *values = PyDict_New(), *snaps = PyDict_New();
    if (name == NULL || values == NULL || snaps == NULL) {
        Py_XDECREF(name);
        Py_XDECREF(values);
        Py_XDECREF(snaps);
        return -1;
    }
    Py_INCREF(code);
    Py_INCREF(parent);
    Py_INCREF(call_line);
    Py_INCREF(rec);
    Py_INCREF(watch);
    Py_INCREF(Py_None);
    Py_XSETREF(self->code, code);
    Py_XSETREF(self->name, name);
    Py_XSETREF(self->parent, parent);
    Py_XSETREF(self->call_line, call_line);
    Py_XSETREF(self->rec, rec);
    Py_XSETREF(self->watch, watch);
    Py_XSETREF(self->values, values);
    Py_XSETREF(self->snaps, snaps);
    Py_XSETREF(self->initial, Py_None);
    self->line = -1;
    return 0;
}

static int activation_traverse(Activation *self, visitproc visit, void *arg)
{
    Py_VISIT(self->code);
    Py_VISIT(self->name);
    Py_VISIT(self->parent);
    Py_VISIT(self->call_line);
    Py_VISIT(self->rec);
    Py_VISIT(self->watch);
    Py_VISIT(self->values);
    Py_VISIT(self->snaps);
    Py_VISIT(self->initial);
    return 0;
}

static int activation_clear(Activation *self)
{
    Py_CLEAR(self->code);
    Py_CLEAR(self->name);
    Py_CLEAR(self->parent);
    Py_CLEAR(self->call_line);
    Py_CLEAR(self->rec);
    Py_CLEAR(self->watch);
    Py_CLEAR(self->values);
    Py_CLEAR(self->snaps);
    Py_CLEAR(self->initial);
    return 0;
}

static void activation_dealloc(Activation *self)
{
    PyObject_GC_UnTrack(self);
    activation_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *activation_get_line(Activation *self, void *closure)
{
    (void)closure;
    if (self->line < 0) {
        Py_RETURN_NONE;
    }
    return PyLong_FromLong(self->line);
}

static int activation_set_line(Activation *self, PyObject *value, void *closure)
{
    (void)closure;
    if (value == NULL || value == Py_None) {
        self->line = -1;
        return 0;
    }
    long line = PyLong_AsLong(value);
    if (line == -1 && PyErr_Occurred()) {
        return -1;
    }
    self->line = line;
    return 0;
}

static PyMemberDef activation_members[] = {
    {"code", T_OBJECT, offsetof(Activation, code), READONLY, NULL},
    {"name", T_OBJECT, offsetof(Activation, name), READONLY, NULL},
    {"parent", T_OBJECT, offsetof(Activation, parent), 0, NULL},
    {"call_line", T_OBJECT, offsetof(Activation, call_line), 0, NULL},
    {"rec", T_OBJECT, offsetof(Activation, rec), READONLY, NULL},
    {"watch", T_OBJECT, offsetof(Activation, watch), READONLY, NULL},
    {"values", T_OBJECT, offsetof(Activation, values), 0, NULL},
    {"snaps", T_OBJECT, offsetof(Activation, snaps), 0, NULL},
    {"initial", T_OBJECT, offsetof(Activation, initial), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef activation_getset[] = {
    {"line", (getter)activation_get_line, (setter)activation_set_line, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject ActivationType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_bugscope_native.Activation",
    .tp_doc = "One run of a recorded frame (see python/bugscope/recording.py, Activation).",
    .tp_basicsize = sizeof(Activation),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)activation_init,
    .tp_dealloc = (destructor)activation_dealloc,
    .tp_traverse = (traverseproc)activation_traverse,
    .tp_clear = (inquiry)activation_clear,
    .tp_members = activation_members,
    .tp_getset = activation_getset,
};

/* -- Ring: one thread's entries --------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *ident;
    Py_ssize_t capacity, head, count; /* head: the oldest entry's slot */
    long long bytes, max_bytes, evicted;
    PyObject **acts;    /* strong references */
    PyObject **changes; /* strong references; NULL for None */
    long *lines;
    long *sizes;
} Ring;

static void ring_drop_oldest(Ring *self)
{
    Py_ssize_t i = self->head;
    self->bytes -= self->sizes[i];
    PyObject *act = self->acts[i], *changes = self->changes[i];
    self->acts[i] = self->changes[i] = NULL;
    self->head = (self->head + 1) % self->capacity;
    self->count--;
    self->evicted++;
    Py_XDECREF(act);
    Py_XDECREF(changes);
}

/* Steals nothing: ``changes`` may be NULL (None). */
static void ring_append(Ring *self, PyObject *act, long line, PyObject *changes, long size)
{
    if (self->count == self->capacity) {
        ring_drop_oldest(self);
    }
    Py_ssize_t i = (self->head + self->count) % self->capacity;
    Py_INCREF(act);
    Py_XINCREF(changes);
    self->acts[i] = act;
    self->changes[i] = changes;
    self->lines[i] = line;
    self->sizes[i] = size;
    self->count++;
    self->bytes += size;
    while (self->bytes > self->max_bytes && self->count > 0) {
        ring_drop_oldest(self);
    }
}

static int ring_init(Ring *self, PyObject *args, PyObject *kwds)
{
    PyObject *ident;
    Py_ssize_t capacity;
    long long max_bytes;
    (void)kwds;
    if (!PyArg_ParseTuple(args, "OnL:ThreadRecording", &ident, &capacity, &max_bytes)) {
        return -1;
    }
    if (self->acts != NULL || capacity < 1) {
        PyErr_SetString(PyExc_ValueError, "a ThreadRecording is made once, with at least one entry");
        return -1;
    }
    self->acts = PyMem_Calloc((size_t)capacity, sizeof(PyObject *));
    self->changes = PyMem_Calloc((size_t)capacity, sizeof(PyObject *));
    self->lines = PyMem_Calloc((size_t)capacity, sizeof(long));
    self->sizes = PyMem_Calloc((size_t)capacity, sizeof(long));
    if (!self->acts || !self->changes || !self->lines || !self->sizes) {
        PyErr_NoMemory();
        return -1;
    }
    Py_INCREF(ident);
    Py_XSETREF(self->ident, ident);
    self->capacity = capacity;
    self->max_bytes = max_bytes;
    return 0;
}

static int ring_traverse(Ring *self, visitproc visit, void *arg)
{
    Py_VISIT(self->ident);
    for (Py_ssize_t n = 0; n < self->count; n++) {
        Py_ssize_t i = (self->head + n) % self->capacity;
        Py_VISIT(self->acts[i]);
        Py_VISIT(self->changes[i]);
    }
    return 0;
}

static int ring_clear(Ring *self)
{
    while (self->count > 0) {
        ring_drop_oldest(self);
    }
    Py_CLEAR(self->ident);
    return 0;
}

static void ring_dealloc(Ring *self)
{
    PyObject_GC_UnTrack(self);
    ring_clear(self);
    PyMem_Free(self->acts);
    PyMem_Free(self->changes);
    PyMem_Free(self->lines);
    PyMem_Free(self->sizes);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *ring_get_entries(Ring *self, void *closure)
{
    (void)closure;
    PyObject *list = PyList_New(self->count);
    if (list == NULL) {
        return NULL;
    }
    for (Py_ssize_t n = 0; n < self->count; n++) {
        Py_ssize_t i = (self->head + n) % self->capacity;
        PyObject *entry = Py_BuildValue("(OlOl)", self->acts[i], self->lines[i],
                                        self->changes[i] ? self->changes[i] : Py_None, self->sizes[i]);
        if (entry == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, n, entry);
    }
    return list;
}

static PyObject *ring_append_method(Ring *self, PyObject *args)
{
    PyObject *act, *changes;
    long line, size;
    if (!PyArg_ParseTuple(args, "OlOl:append", &act, &line, &changes, &size)) {
        return NULL;
    }
    ring_append(self, act, line, changes == Py_None ? NULL : changes, size);
    Py_RETURN_NONE;
}

static PyObject *ring_evict(Ring *self, PyObject *unused)
{
    (void)unused;
    while (self->bytes > self->max_bytes && self->count > 0) {
        ring_drop_oldest(self);
    }
    Py_RETURN_NONE;
}

static PyObject *ring_get_max_entries(Ring *self, void *closure)
{
    (void)closure;
    return PyLong_FromSsize_t(self->capacity);
}

static PyMemberDef ring_members[] = {
    {"ident", T_OBJECT, offsetof(Ring, ident), READONLY, NULL},
    {"bytes", T_LONGLONG, offsetof(Ring, bytes), READONLY, NULL},
    {"max_bytes", T_LONGLONG, offsetof(Ring, max_bytes), 0, NULL},
    {"evicted", T_LONGLONG, offsetof(Ring, evicted), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef ring_getset[] = {
    {"entries", (getter)ring_get_entries, NULL, "The entries, oldest first (a new list).", NULL},
    {"max_entries", (getter)ring_get_max_entries, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef ring_methods[] = {
    {"append", (PyCFunction)ring_append_method, METH_VARARGS, "append(act, line, changes, bytes)"},
    {"evict", (PyCFunction)ring_evict, METH_NOARGS, "Drop the oldest entries while over max_bytes."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject RingType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_bugscope_native.ThreadRecording",
    .tp_doc = "ThreadRecording(ident, max_entries, max_bytes): one thread's ring of recorded lines.",
    .tp_basicsize = sizeof(Ring),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)ring_init,
    .tp_dealloc = (destructor)ring_dealloc,
    .tp_traverse = (traverseproc)ring_traverse,
    .tp_clear = (inquiry)ring_clear,
    .tp_members = ring_members,
    .tp_getset = ring_getset,
    .tp_methods = ring_methods,
};

#endif /* BUGSCOPE_RECORDING_TYPES_H */
