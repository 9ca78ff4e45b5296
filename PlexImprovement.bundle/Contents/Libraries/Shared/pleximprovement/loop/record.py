# -*- coding: utf-8 -*-
"""The loop's three documents: the state, the decision log and the audit trail.

In: the store (the plug-in's Data items, or DATA/DataItems offline) and a clock. Out: a
LoopRecord whose `state`, `decisions` and `audit` dicts the coordinator changes, and save()
that writes all three (files.py: generations) after every step. The state keeps the
specification's keys with their meaning (iteration, max_iterations, baseline_metrics,
current_metrics, iteration_history, fixes_attempted, fixes_successful, fixes_failed,
exit_condition, session_start) and adds what resuming needs: `step` (the step running or next),
`status`, `work` (the running iteration's diagnosis and fix), `retest`, `fixes_monitored`.
Every document has `schema`; a document with another schema is not read (a newer plug-in's
state is left alone and a new session starts).
"""
from __future__ import absolute_import, division, print_function

import time

from . import files
from ..names import DECISION_LOG, LOOP_AUDIT, LOOP_STATE

SCHEMA = 1
RUNNING = 'running'
FINISHED = 'finished'
STOPPED = 'stopped'


def iso_utc(seconds):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(seconds))


def new_state(now, trigger, apply_fixes, max_iterations, limits):
    return {
        'schema': SCHEMA, 'generation': 0, 'session_start': iso_utc(now), 'started': now, 'finished': None,
        'status': RUNNING, 'trigger': trigger, 'apply_fixes': bool(apply_fixes), 'limits': limits,
        'iteration': 0, 'max_iterations': max_iterations, 'step': None, 'work': {},
        'baseline_metrics': None, 'current_metrics': None, 'iteration_history': [],
        'fixes_attempted': [], 'fixes_successful': [], 'fixes_failed': [], 'fixes_monitored': [], 'retest_queue': [],
        'exit_condition': None, 'exit_text': None, 'last_diagnosis': None, 'report': None,
    }


class LoopRecord(object):
    """The documents of one loop session (see the module docstring)."""

    def __init__(self, store, clock=time.time):
        self.store = store
        self.clock = clock
        self.state = None
        self.decisions = None
        self.audit = None
        self.damaged = []

    def load(self):
        """Read the newest readable generations; returns the state or None."""
        self.state, damaged_state = files.load_newest(self.store, LOOP_STATE, SCHEMA)
        self.decisions, damaged_log = files.load_newest(self.store, DECISION_LOG, SCHEMA)
        self.audit, damaged_audit = files.load_newest(self.store, LOOP_AUDIT, SCHEMA)
        self.damaged = damaged_state + damaged_log + damaged_audit
        if self.state is not None:
            self.decisions = self.decisions or {'schema': SCHEMA, 'generation': 0, 'decisions': []}
            self.audit = self.audit or {'schema': SCHEMA, 'generation': 0, 'events': []}
        return self.state

    def resumable(self):
        """The loaded state when it belongs to a session that did not finish."""
        return self.state if self.state is not None and self.state.get('status') != FINISHED else None

    def begin(self, trigger, apply_fixes, max_iterations, limits):
        """A new session: a fresh state, decision log and audit trail (the old generations are
        overwritten as the new ones are saved; the reports of old sessions stay)."""
        now = self.clock()
        generation = self.state.get('generation', 0) if self.state else 0
        self.state = new_state(now, trigger, apply_fixes, max_iterations, limits)
        self.state['generation'] = generation
        self.decisions = {'schema': SCHEMA, 'generation': (self.decisions or {}).get('generation', 0),
                          'session_start': self.state['session_start'], 'decisions': []}
        self.audit = {'schema': SCHEMA, 'generation': (self.audit or {}).get('generation', 0),
                      'session_start': self.state['session_start'], 'events': []}
        self.save()
        return self.state

    def save(self):
        files.save(self.store, LOOP_STATE, self.state)
        files.save(self.store, DECISION_LOG, self.decisions)
        files.save(self.store, LOOP_AUDIT, self.audit)

    def decide(self, step, decision, reason, next_action=None, **inputs):
        entry = {'time': self.clock(), 'iteration': self.state['iteration'], 'step': step, 'decision': decision,
                 'next_action': next_action, 'inputs': inputs, 'reason': reason}
        self.decisions['decisions'].append(entry)
        return entry

    def event(self, kind, what, **details):
        """An audit entry: kind 'file_change' or 'server_call'."""
        self.audit['events'].append({'time': self.clock(), 'iteration': self.state['iteration'], 'kind': kind,
                                     'what': what, 'details': details})

    def history(self):
        """The running iteration's entry of iteration_history."""
        return self.state['iteration_history'][-1]
