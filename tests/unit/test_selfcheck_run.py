# -*- coding: utf-8 -*-
"""selfcheck/run.py: every check in order, and the cache: a fresh result is handed out without
computing, a stale one (or a refresh) computes again."""
from __future__ import absolute_import, division, print_function

from pleximprovement.selfcheck.result import OK, PROBLEM, check
from pleximprovement.selfcheck.run import SelfCheckCache, run_checks

from fake_pms import client


class Clock(object):
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_order_of_the_checks(tmpdir):
    checks = run_checks(client({}, refused=True), str(tmpdir), str(tmpdir.join('Logs')), 'com.example.me')
    assert [c['id'] for c in checks] == ['bundle', 'policy', 'server_api', 'logs']


def test_the_cache_computes_only_when_stale_or_asked():
    clock = Clock()
    computed = []

    def compute():
        computed.append(clock.now)
        return [check('x', PROBLEM if len(computed) == 1 else OK, 'KEY')]

    cache = SelfCheckCache(compute, clock, max_age=300.0)
    first = cache.latest()
    assert first['time'] == 1000.0 and first['checks'][0]['status'] == PROBLEM and computed == [1000.0]
    clock.now += 299.0
    assert cache.latest() is first and computed == [1000.0]
    clock.now += 2.0
    assert cache.latest()['checks'][0]['status'] == OK and computed == [1000.0, 1301.0]
    assert cache.latest(refresh=True)['time'] == 1301.0 and len(computed) == 3
    clock.now -= 3600.0                                    # the clock went back: not trusted as fresh
    cache.latest()
    assert len(computed) == 4
