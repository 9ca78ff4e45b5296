# -*- coding: utf-8 -*-
"""trial/intents.py: an intent is recorded before a refresh with its marks and expiry, answers which
refresh a line of an agent about an item at a time belongs to, and goes when closed or expired."""
from __future__ import absolute_import, division, print_function

from pleximprovement.names import INTENTS_ITEM
from pleximprovement.runtime.store import FileStore
from pleximprovement.trial.evidence import LogMark
from pleximprovement.trial.intents import Intents


class Clock(object):
    def __init__(self):
        self.now = 500.0

    def __call__(self):
        return self.now


def test_open_attribute_close_and_expire(tmpdir):
    clock = Clock()
    store = FileStore(str(tmpdir))
    intents = Intents(store, clock)
    log = tmpdir.join('agent.log')
    log.write('line\n')
    first = intents.open('com.example.agent', 12, 'before', 30.0, fix='browser_headers', title=u'Film',
                         marks={'agent': LogMark(str(log))})
    assert first['marks']['agent']['offset'] == 5 and first['rating_key'] == u'12'
    assert store.load_json(INTENTS_ITEM)[0]['id'] == first['id']
    assert intents.attributed('com.example.agent', '12', 510.0) == first
    assert intents.attributed('com.example.agent', '13', 510.0) is None
    assert intents.attributed('com.other.agent', '12', 510.0) is None
    assert intents.attributed('com.example.agent', '12', 531.0) is None
    clock.now = 520.0
    second = intents.open('com.example.agent', 13, 'after', 30.0)
    intents.close(first)
    assert [i['id'] for i in intents.active()] == [second['id']]
    clock.now = 600.0
    assert intents.active() == []
    third = intents.open('com.example.agent', 14, 'after', 1.0)
    assert [i['id'] for i in store.load_json(INTENTS_ITEM)] == [third['id']]    # the expired one dropped
