# -*- coding: utf-8 -*-
"""Intents: before each refresh a trial says which item it is about to refresh, for which agent, until when.

In: the store (the plug-in's Data items), the agent, the item, the trial phase and the log
marks the evidence will be read from (trial/evidence.py LogMark). Out: the Data item
names.INTENTS_ITEM, a list of open intents

    {'id', 'agent', 'rating_key', 'title', 'fix', 'phase' ('before' | 'after'), 'started',
     'expires', 'marks': {log name: {'path', 'offset', 'inode'}}}

and `attributed(agent, rating_key, when)`: the intent a log line of that agent about that item
at that time belongs to. The trial reads the lines after its marks; the intent written first
lets anything else reading the same logs (the background collector, the next trial after a
crash) tell a trial's refreshes from the owner's, and the expiry ends an intent whose trial
died without closing it. Closing removes it; every write drops the expired ones.
"""
from __future__ import absolute_import, division, print_function

import binascii
import os
import threading
import time

from ..names import INTENTS_ITEM


class Intents(object):
    def __init__(self, store, clock=time.time):
        self.store = store
        self.clock = clock
        self.lock = threading.Lock()

    def load(self):
        found = self.store.load_json(INTENTS_ITEM, [])
        return [i for i in found if isinstance(i, dict)] if isinstance(found, list) else []

    def current(self, intents):
        now = self.clock()
        return [i for i in intents if (i.get('expires') or 0) > now]

    def open(self, agent, rating_key, phase, seconds, fix=None, title=None, marks=None):
        """Record and return a new intent valid for `seconds`."""
        now = self.clock()
        intent = {'id': binascii.hexlify(os.urandom(4)).decode('ascii'), 'agent': agent,
                  'rating_key': u'%s' % (rating_key,), 'title': title, 'fix': fix, 'phase': phase,
                  'started': now, 'expires': now + seconds,
                  'marks': dict((name, mark.as_dict()) for name, mark in (marks or {}).items())}
        with self.lock:
            intents = self.current(self.load())
            intents.append(intent)
            self.store.save_json(INTENTS_ITEM, intents)
        return intent

    def close(self, intent):
        with self.lock:
            intents = [i for i in self.current(self.load()) if i.get('id') != intent['id']]
            self.store.save_json(INTENTS_ITEM, intents)

    def active(self):
        return self.current(self.load())

    def attributed(self, agent, rating_key, when):
        """The open intent for this agent and item whose time span holds `when`, or None."""
        key = u'%s' % (rating_key,)
        for intent in self.load():
            if intent.get('agent') == agent and intent.get('rating_key') == key and \
                    intent.get('started', 0) <= when <= intent.get('expires', 0):
                return intent
        return None
