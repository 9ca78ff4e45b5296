# -*- coding: utf-8 -*-
"""The plug-in's persisted state: one JSON document, saved after every step.

Why one document: the loop, the menu and the scheduler must agree on what happened, and a
crash at any point must leave either the old or the new state on disk, never a mix. Every
change goes through `update()`, which bumps `generation`, appends to the bounded audit trail
and writes the whole document atomically (FileStore). A corrupt or newer-schema file is
kept aside under another name, never overwritten.
"""
from __future__ import absolute_import, division, print_function

import copy
import threading
import time

from .names import STATE_ASIDE, STATE_ITEM

SCHEMA = 1
AUDIT_LIMIT = 500
HISTORY_LIMIT = 200


def empty_state(now):
    return {
        'schema': SCHEMA,
        'generation': 0,
        'created': now,
        'jobs': {},
        'counters': {'aggregate': 0, 'diagnose': 0},
        'history': {'aggregate': [], 'diagnose': []},
        'audit': [],
        'audit_dropped': 0,
        'collector': {},
        'tasks': {},
    }


def migrate(state):
    """Bring an older document up to SCHEMA (there is only version 1 so far)."""
    fresh = empty_state(state.get('created'))
    for key, value in fresh.items():
        if key not in state:
            state[key] = value
        elif isinstance(value, dict):
            for sub, default in value.items():
                state[key].setdefault(sub, default)
    return state


class StateStore(object):
    def __init__(self, store, clock=None):
        self.store = store
        self.now = clock.now if clock is not None else time.time
        self.lock = threading.RLock()
        self.state = self.load()

    def load(self):
        raw = self.store.load(STATE_ITEM)
        if raw is None:
            return empty_state(self.now())
        state = self.store.load_json(STATE_ITEM, None)
        if not isinstance(state, dict):
            self.set_aside(raw, 'corrupt')
            return self.note_reset(empty_state(self.now()), 'state_corrupt')
        if state.get('schema', 0) > SCHEMA:
            self.set_aside(raw, 'schema%s' % state.get('schema'))
            return self.note_reset(empty_state(self.now()), 'state_newer_schema')
        return migrate(state)

    def set_aside(self, raw, why):
        name = STATE_ASIDE % (why, int(self.now()))
        self.store.save(name, raw)

    def note_reset(self, state, event):
        state['audit'].append({'time': self.now(), 'event': event})
        return state

    def read(self):
        """A deep copy: callers can look without holding the lock."""
        with self.lock:
            return copy.deepcopy(self.state)

    def update(self, change, event=None, **details):
        """Apply `change(state)` and save; optionally record an audit event."""
        with self.lock:
            result = change(self.state) if change is not None else None
            if event:
                self.append_audit(event, details)
            self.state['generation'] += 1
            self.store.save_json(STATE_ITEM, self.state)
            return result

    def audit(self, event, **details):
        self.update(None, event, **details)

    def append_audit(self, event, details):
        entry = {'time': self.now(), 'event': event}
        entry.update(details)
        trail = self.state['audit']
        trail.append(entry)
        if len(trail) > AUDIT_LIMIT:
            drop = len(trail) - AUDIT_LIMIT
            del trail[:drop]
            self.state['audit_dropped'] += drop

    def next_counter(self, name):
        """Reserve the next iteration number for `name` (saved before the work starts)."""
        def bump(state):
            state['counters'][name] = state['counters'].get(name, 0) + 1
            return state['counters'][name]
        return self.update(bump)

    def add_history(self, name, entry):
        def append(state):
            items = state['history'].setdefault(name, [])
            items.append(entry)
            del items[:-HISTORY_LIMIT]
        self.update(append, name + '_done', **dict((k, v) for k, v in entry.items() if k in ('iteration', 'items')))
