# -*- coding: utf-8 -*-
"""The background log collector: a tick every few minutes, its summary kept for Status.

In: the runtime (timers, store, clock, log), the state, the job runner and the current
Settings (`collector_interval_minutes`, `collector_keep_days`, read afresh at each tick).
Out: a read.collector.LogCollector tick on a timer, and the state's `collector` entry (the last
tick, the running per-agent counts, the bytes lost to log rotation) that Status shows.
It exists apart from the menu because a timer, not a user, starts this work. `wake()` brings
the next tick forward after a refresh (the contributor saw one: contributor/record.py).
"""
from __future__ import absolute_import, division, print_function

import threading

from ..read import snapshot
from ..read.collector import LogCollector, collected_snapshot

FIRST_DELAY = 60.0          # seconds after Start(), or after Preferences turn the collector on
WAKE_DELAY = 30.0           # seconds after a refresh before the tick that reads its lines


class CollectorTask(object):
    """Owns the collector's timer and its LogCollector; `tick()` is what the timer calls."""

    def __init__(self, runtime, state, jobs, current_settings):
        self.rt = runtime
        self.state = state
        self.jobs = jobs
        self.current_settings = current_settings    # () -> Settings: prefs can change between ticks
        self.collector = None
        self.timer = None
        self.due = None         # when the pending timer fires
        self.ticking = False
        self.guard = threading.Lock()

    def schedule(self, first=False):
        """Start the timer for the next tick; None when the interval pref is 0 (off)."""
        minutes = self.current_settings().collector_interval_minutes
        if not minutes:
            self.timer = None
            return None
        delay = FIRST_DELAY if first else minutes * 60.0
        with self.guard:
            self.due = self.rt.clock.now() + delay
            self.timer = self.rt.tasks.timer(delay, 'collector', self.tick)
        return self.timer

    def wake(self, delay=WAKE_DELAY):
        """A refresh just ended: tick within `delay` seconds rather than at the next interval. A tick
        due sooner, or running now, is left alone, so a stream of refreshes neither multiplies the
        ticks nor keeps postponing them. Returns the new timer, or None."""
        with self.guard:
            if self.ticking or self.timer is None or not self.current_settings().collector_interval_minutes:
                return None
            if self.due is not None and self.due <= self.rt.clock.now() + delay:
                return None
            self.timer.cancel()
            self.due = self.rt.clock.now() + delay
            self.timer = self.rt.tasks.timer(delay, 'collector', self.tick)
            return self.timer

    def scheduled(self):
        timer = self.timer
        return timer is not None and timer.is_alive()

    def tick(self):
        """One background collection (skipped while a menu job runs), then schedule the next."""
        with self.guard:
            self.ticking = True
        try:
            if self.jobs.running() is None:
                if self.collector is None:
                    self.collector = LogCollector(self.rt)
                self.collector.keep_days = self.current_settings().collector_keep_days
                self.record(self.collector.tick())
        except Exception as error:  # noqa: BLE001 - the collector must keep running
            self.rt.log.error('Background collection failed: %s', error)
        finally:
            with self.guard:
                self.ticking = False
            self.schedule()

    def record(self, summary):
        """Keep the tick's summary (and the loss so far) for Status; audit only losses and errors."""
        lost = (summary.get('lost') or {}).get('bytes_estimated') or 0

        previous = self.state.read().get('collector') or {}
        collected = previous.get('collected_totals')
        agents = previous.get('collected_agents')
        tick = previous.get('tick')
        if not summary.get('error'):
            # Running per-agent counts: each tick adds what it read (the first tick starts them).
            # Every saved day is merged again only when a tick went unrecorded (a crash, a reset
            # state); days the retention pref deleted are then no longer counted.
            tick = summary.get('tick')
            running = None
            if tick == 1:
                running = {}
            elif isinstance(tick, int) and previous.get('tick') == tick - 1:
                running = agents
            if running is not None:
                agents = snapshot.merge_agents(running, summary.get('agents') or {})
            else:
                agents = collected_snapshot(self.rt.store)['agents']
            collected = snapshot.totals_of(agents)

        def keep(state):
            state['collector'] = {'time': self.rt.clock.now(), 'tick': tick,
                                  'files': summary.get('files', 0), 'bytes_read': summary.get('bytes_read', 0),
                                  'error': summary.get('error'), 'collected_totals': collected,
                                  'collected_agents': agents,
                                  'lost_bytes_total': (previous.get('lost_bytes_total') or 0) + lost}
        if lost or summary.get('error'):
            self.state.update(keep, 'collector_loss' if lost else 'collector_error', lost_bytes=lost,
                              error=summary.get('error'))
        else:
            self.state.update(keep)
