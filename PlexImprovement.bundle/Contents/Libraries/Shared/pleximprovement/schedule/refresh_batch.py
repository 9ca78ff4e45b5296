# -*- coding: utf-8 -*-
"""Plex's own scheduled refreshes: once a batch of them goes quiet, collect and diagnose what it produced.

In: the runtime (clock, timers), the state (state.py `tasks`), the job runner and
`start_phases()` (aggregate then diagnose as one job, -> True when it started). The contributing
agent (contributor/record.py) calls note() after every refresh it sees -- Plex's "refresh metadata
periodically", a library scan, anyone's. Out: after QUIET seconds without a refresh, when at least
MIN_REFRESHES were seen, one aggregate + diagnose job, so the diagnosis reflects the batch; the
task's record (refreshes seen, last run, last error) for Status. Refreshes made while a trial or
the loop runs are this plug-in's own and are not counted; a batch that ends while another job
runs is diagnosed at the next quiet period instead of overlapping it.
"""
from __future__ import absolute_import, division, print_function

import threading

TASK = 'refresh_batch'
QUIET = 300.0
MIN_REFRESHES = 5
OWN_JOBS = ('loop', 'trial')


class RefreshBatch(object):
    def __init__(self, runtime, state, jobs, start_phases, quiet=QUIET, min_refreshes=MIN_REFRESHES):
        self.rt = runtime
        self.state = state
        self.jobs = jobs
        self.start_phases = start_phases
        self.quiet = quiet
        self.min_refreshes = min_refreshes
        self.seen = 0
        self.timer = None
        self.guard = threading.Lock()

    def note(self, record=None):
        """One refresh seen by the contributor: count it (unless it is ours) and restart the quiet timer."""
        if self.jobs.running() in OWN_JOBS:
            return
        with self.guard:
            self.seen += 1
            if self.timer is not None:
                self.timer.cancel()
            self.timer = self.rt.tasks.timer(self.quiet, 'refresh-batch', self.quiet_now)

    def quiet_now(self):
        """The batch went quiet: diagnose it when it was big enough and nothing else runs."""
        with self.guard:
            seen, self.timer = self.seen, None
            if seen < self.min_refreshes:
                self.seen = 0           # a batch too small to judge: forgotten
                return False
            if self.jobs.running() is not None:
                return False            # kept: diagnosed at the next quiet period
            self.seen = 0
        now = self.rt.clock.now()
        started = self.start_phases()

        def change(state):
            state.setdefault('tasks', {}).setdefault(TASK, {}).update(
                last_run=now, refreshes=seen, last_error=None if started else 'skipped: another job had just started')
        self.state.update(change)
        return started
