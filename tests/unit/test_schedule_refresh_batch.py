# -*- coding: utf-8 -*-
"""Plex's own refresh batches, seen by the contributing agent: diagnosed once a batch goes quiet,
small batches forgotten, the plug-in's own trial refreshes not counted."""
from __future__ import absolute_import, division, print_function

import threading

from test_schedule_daily import make_app


def test_a_quiet_batch_of_plex_refreshes_is_collected_and_diagnosed_once(tmpdir):
    application, timers = make_app(tmpdir)
    started = []
    application.batch.start_phases = lambda: started.append('phases') or True
    for _number in range(4):
        application.refreshed({'guid': 'x'})
    assert application.batch.quiet_now() is False and started == []        # a batch of 4: too small
    for _number in range(6):
        application.refreshed({'guid': 'x'})
    assert [name for name, _fn in timers].count('refresh-batch') == 10
    assert application.batch.quiet_now() is True and started == ['phases']
    assert application.state.read()['tasks']['refresh_batch']['refreshes'] == 6
    release = threading.Event()
    assert application.jobs.start('trial', lambda job: release.wait(10))
    try:
        application.refreshed({'guid': 'x'})       # the plug-in's own trial refresh: not counted
    finally:
        release.set()
    assert application.batch.seen == 0
