# -*- coding: utf-8 -*-
"""Start or resume a loop session: the one entry point the menu job and the command line call.

In: the LoopRecord, the services (services.py), the lock (lock.py), the Settings-like values
(max_iterations, Limits, apply_fixes, allowed(agent)), the job, `say` and the trigger. Out:
run_session(...) -> the final state. resume=True continues a session that did not finish
(stopped, failed, or cut by a restart) with the limits and the automatic-fixes choice it
started with; otherwise (or when there is none) a new session starts. The lock is held for the
whole run and released whatever happens.
"""
from __future__ import absolute_import, division, print_function

from .coordinator import Coordinator
from .exits import Limits
from .record import RUNNING


def run_session(record, services, lock, limits, allowed, apply_fixes, job, say=None, trigger='menu', resume=False):
    lock.acquire()
    try:
        record.load()
        state = record.resumable() if resume else None
        if state is not None:
            was = state.get('exit_condition') or 'a restart'
            state.update(status=RUNNING, exit_condition=None, exit_text=None, finished=None)
            limits = Limits(**state['limits'])
            step = state['step'] or 'next iteration'
            record.decide('resume', 'resume', 'resumed at step %s after %s' % (step, was), trigger=trigger)
            if say:
                say('resuming at iteration %d, step %s' % (state['iteration'], step))
        else:
            record.begin(trigger, apply_fixes, limits.max_iterations, limits.as_dict())
        for name in record.damaged:
            record.event('file_change', 'a damaged generation was skipped: %s' % (name,))
        return Coordinator(record, services, limits, allowed, job, say).run()
    finally:
        lock.release()
