"""What a stop suspends, and the order stops are shown in (a part of ``engine.Engine``).

The suspend policy of a stop is its breakpoint's (``suspendPolicy`` of a source or function breakpoint) or the
session's default (attach argument ``suspendPolicy``): "all" (the default, as in debugpy and PyCharm) or "thread".

Under "all", the first stop is *announced* (a stopped event with allThreadsStopped) and every other thread is
*halted*: it pauses at its next line without an event of its own (a *silent* stop). A breakpoint or exception that
another thread reaches while a stop is announced is *queued*: that thread stays suspended where it stopped, and its
stop is announced once the announced ones are continued (a continue of all threads resumes the announced and the
silent stops, not the queued ones). So every hit is reported, one at a time, and none is lost. A step's end, the
entry stop and an explicit pause are always announced.

Under "thread" only the stopping thread suspends; its stop is announced at once and the others run on.
A ``continue`` or step with DAP's ``singleThread`` resumes only its thread, whatever the policy; such a step ends
stopping only its thread (the threads the user left running run on).
"""
import itertools
import threading

from bugscope.suspension import EngineError, Resume

ALL, THREAD = "all", "thread"
POLICIES = (ALL, THREAD)
ANNOUNCED, QUEUED, SILENT = "announced", "queued", "silent"
# Stops the program reaches by itself; the others (steps, pauses, the entry stop) answer the user's request.
_QUEUEABLE = frozenset(("breakpoint", "function breakpoint", "exception", "data breakpoint"))


class SuspendPolicy(object):
    suspend_policy = ALL
    _stop_order = itertools.count(1)

    # -- deciding, when a thread stops (called with the engine's lock held) ------------------------------------
    def _stop_state(self, ts, reason, policy):
        if reason == "pause":
            if ts.pause_requested:
                return ANNOUNCED
            return SILENT if ts.halted or self._announced(exclude=ts) is not None else ANNOUNCED
        if policy == ALL and reason in _QUEUEABLE and self._announced(exclude=ts) is not None:
            return QUEUED
        return ANNOUNCED

    def _announced(self, exclude=None):
        """An announced stop that is not resuming, or None."""
        for ts in self._by_id.values():
            susp = ts.suspension
            if ts is not exclude and susp is not None and not susp.resuming and susp.state == ANNOUNCED:
                return susp
        return None

    def _halt_others(self, ts):
        """Every other program thread pauses silently: at its next line, or right after the stop it is leaving.
        Returns the running ones, for ``backend.pause`` once the lock is released."""
        running = []
        for other in self._by_id.values():
            if other is ts:
                continue
            susp = other.suspension
            if susp is None:
                other.mode, other.step_frame, other.halted = "pause", None, True
                running.append(other)
            elif susp.resuming:
                other.pause_after_resume = other.halted = True
        return running

    def _register_all(self):
        """Threads that have not run traced code yet (blocked since before the tracer started, C threads) are
        registered so that a stop of all threads reaches them too."""
        for thread in threading.enumerate():
            ident = thread.ident
            if ident is not None and ident not in self._by_ident and ident not in self._internal:
                self.threads()
                return

    # -- announcing ------------------------------------------------------------------------------------------
    def _suspended(self, ts, susp, reason, bp_ids, description, text, policy):
        """``ts`` has just stopped in ``susp``: decides whether its stop is announced, queued or silent, halts the
        other threads for an announced stop of policy "all", and sends the stopped event. Returns False when
        the stop is called off: a pause that a continue cancelled while the thread was getting there."""
        if policy == ALL:
            self._register_all()
        with self._lock:
            if reason == "pause" and ts.mode != "pause":
                return False
            ts.mode, ts.step_frame, ts.suspension = None, None, susp
            susp.state = self._stop_state(ts, reason, policy)
            ts.halted = ts.pause_requested = ts.single_step = False
            susp.reason = "pause" if susp.state == SILENT else reason
            susp.event = (reason, bp_ids, description, text, policy == ALL)
            susp.order = next(self._stop_order)
            halted = self._halt_others(ts) if susp.state == ANNOUNCED and policy == ALL else ()
        self.backend.run_control_changed()
        for other in halted:
            self.backend.pause(other)
        if susp.state == ANNOUNCED:
            self._announce(susp)
        return True

    def _announce(self, susp):
        reason, ids, description, text, all_threads = susp.event
        self.listener.stopped(susp.ts.id, reason, ids, description, text, all_threads)

    def thread_halted_at_start(self, ts):
        """A thread seen for the first time while a stop of all threads is announced pauses too."""
        with self._lock:
            susp = self._announced()
            if susp is None or not susp.event[4] or ts.suspension is not None:
                return
            ts.mode, ts.step_frame, ts.halted = "pause", None, True
        self.backend.pause(ts)

    # -- resuming (server thread) ----------------------------------------------------------------------------
    def resume(self, tid, mode="continue", target=None, single_thread=False):
        """Resumes thread ``tid`` (``mode``: continue or a step). Without ``single_thread``, the announced and the
        silent stops of the other threads continue too, pauses on their way are called off, and the first queued
        stop is then announced (halting the others again)."""
        ts = self._thread(tid)
        with self._lock:
            susp = ts.suspension
            if susp is None or susp.resuming:
                raise EngineError("bugscope: thread %s is not stopped" % tid)
            resumed = [ts]
            ts.single_step = single_thread and mode != "continue"
            self._release(ts, Resume(mode, target))
            if not single_thread:
                for other in self._by_id.values():
                    if other is ts:
                        continue
                    if other.suspension is None:  # pauses on their way are called off (see _suspended)
                        other.halted = other.pause_requested = False
                        if other.mode == "pause":
                            other.mode = None
                    elif other.halted:
                        other.halted = other.pause_after_resume = False
                    other_susp = other.suspension
                    # Stops of policy "thread" are each resumed by their own request.
                    if (other_susp is not None and not other_susp.resuming and other_susp.state != QUEUED
                            and (other_susp.state == SILENT or other_susp.event[4])):
                        self._release(other, Resume("continue"))
                        resumed.append(other)
            next_stop, halted = None, ()
            if self._announced() is None:
                queued = [o.suspension for o in self._by_id.values()
                          if o.suspension is not None and not o.suspension.resuming and o.suspension.state == QUEUED]
                if queued:
                    next_stop = min(queued, key=lambda s: s.order)
                    next_stop.state = ANNOUNCED
                    halted = self._halt_others(next_stop.ts) if next_stop.event[4] else ()
        self.backend.run_control_changed()
        for other in halted:
            self.backend.pause(other)
        for other in resumed:
            self.listener.continued(other.id, not single_thread)
        if next_stop is not None:
            self._announce(next_stop)
        return len(resumed) > 1 or not single_thread

    @staticmethod
    def _release(ts, resume):
        ts.suspension.resuming = True
        ts.commands.put(resume)

    def pause(self, tid):
        """Pauses thread ``tid``; under policy "all" every thread pauses (the first to get there is announced,
        ``tid`` is announced too when it gets there)."""
        ts = self._thread(tid)
        pausing = [ts]
        with self._lock:
            susp = ts.suspension
            if susp is not None:
                if susp.resuming:  # it is on its way out of this stop: pause it again right after
                    ts.pause_after_resume = ts.pause_requested = True
                return
            ts.mode, ts.step_frame, ts.pause_requested = "pause", None, True
            if self.suspend_policy == ALL:
                for other in self._by_id.values():
                    if other is not ts and other.suspension is None and other.mode != "pause":
                        other.mode, other.step_frame = "pause", None
                        pausing.append(other)
        for other in pausing:
            self.backend.pause(other)

    # -- what the threads view shows ---------------------------------------------------------------------------
    @staticmethod
    def thread_status(ts):
        """("running", None) or ("stopped", reason) of a program thread."""
        susp = ts.suspension
        if susp is None or susp.resuming:
            return "running", None
        return "stopped", getattr(susp, "reason", "pause")
