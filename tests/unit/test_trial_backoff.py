# -*- coding: utf-8 -*-
"""trial/backoff.py: failures open a window per site that doubles with each failing refresh up to its
kind's cap, a clean refresh closes it, the windows persist in the store, and a reset closes them."""
from __future__ import absolute_import, division, print_function

from pleximprovement.names import BACKOFF_ITEM
from pleximprovement.runtime.store import FileStore
from pleximprovement.trial import backoff


class Clock(object):
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def registry(tmpdir, **kwargs):
    clock = Clock()
    return backoff.BackoffRegistry(FileStore(str(tmpdir)), clock, **kwargs), clock


def test_worst_class_decides_the_window():
    assert backoff.worst(['http 403', 'http 429']) == 'http 429'
    assert backoff.worst(['timeout', 'http 403']) == 'timeout'
    assert backoff.worst(['http 404', 'IndexError']) is None


def test_windows_double_up_to_the_cap_and_close_after_a_clean_refresh(tmpdir):
    sites, clock = registry(tmpdir)
    assert sites.note({'site:80': ['http 429']}) == {'site:80': 30.0}
    assert sites.wait_for(['site:80']) == 30.0
    assert sites.note({'site:80': ['http 503']}) == {'site:80': 60.0}
    for _number in range(10):
        sites.note({'site:80': ['http 429']})
    assert sites.wait_for(['site:80']) == backoff.CAP['http 429']
    clock.now += 10
    assert sites.wait_for(['site:80', 'other:80']) == backoff.CAP['http 429'] - 10
    assert sites.wait_for(['other:80']) == 0.0
    assert sites.note({'site:80': ['http 404']}) == {}
    assert sites.wait_for(None) == 0.0 and sites.open_windows() == []


def test_a_403_wall_only_spaces_refreshes_out(tmpdir):
    sites, _clock = registry(tmpdir)
    seconds = [sites.note({'wall:443': ['http 403']})['wall:443'] for _number in range(6)]
    assert seconds == [2.0] * 6


def test_windows_persist_and_reset(tmpdir):
    sites, clock = registry(tmpdir, base={'timeout': 1.0}, cap={'timeout': 1.5})
    sites.note({'a:1': ['timeout'], 'b:2': ['http 403']})
    again = backoff.BackoffRegistry(FileStore(str(tmpdir)), clock)
    shown = again.open_windows()
    assert [(w['site'], w['kind'], w['streak'], w['seconds_left']) for w in shown] == [
        ('a:1', 'timeout', 1, 1.0), ('b:2', 'http 403', 1, 2.0)]
    assert shown[0]['failures'] == {'timeout': 1}
    assert again.reset('a:1') == 1 and again.reset('a:1') == 0
    assert [w['site'] for w in again.open_windows()] == ['b:2']
    assert again.reset() == 1 and FileStore(str(tmpdir)).load_json(BACKOFF_ITEM) == {}
    clock.now += 100
    assert sites.open_windows() == []


def test_a_damaged_item_counts_as_no_windows(tmpdir):
    store = FileStore(str(tmpdir))
    store.save(BACKOFF_ITEM, b'[1, 2]')
    assert backoff.BackoffRegistry(store).open_windows() == []
