# -*- coding: utf-8 -*-
"""Refreshing in the simulated server: the job queue, its workers and each outcome.

A refresh is what PlexImprovement exists to improve: PMS queues it, several items at once,
and only the logs, /activities and the item tell how it went. This module queues item and
section refreshes, shows them as Activities (or late, or not at all: assumption S5), runs
them in `parallel_refreshes` workers (S8), decides per item whether to search (S1) before
the update -- the search and update themselves are System's (system.py) -- and records one
outcome per item (the figures summarize() reports), naming failures.
"""
from __future__ import absolute_import, division, print_function

import threading
import time
import uuid

from . import http

# Seconds between two item refreshes PMS starts (dispatch through System, database writes),
# whatever the number of parallel refreshes: a full refresh starts about 20 items/s, so the
# fake site's rate limit bites the way it does for a real server, not a tight loop; items
# whose agent work takes longer (slow pages, timeouts) overlap.
DEFAULT_PACE = 0.05


class Job(object):
    """One refresh request: a single item or a whole section; an Activity while running unless
    `activity` is 'hidden'. Nothing of it starts (or shows) before `start_at`."""

    def __init__(self, kind, section, items, force, title, activity='shown', start_at=None):
        self.uuid = str(uuid.uuid4())
        self.kind = kind
        self.section = section
        self.items = items
        self.force = force
        self.title = title
        self.activity = activity
        self.start_at = start_at or time.time()
        self.total = len(items)
        self.done = 0
        self.cancelled = False
        self.current = None
        self.finished = threading.Event()
        if not items:
            self.finished.set()

    def visible(self, now):
        return self.activity != 'hidden' and now >= self.start_at


class RefreshQueue(object):
    """SimServer's refresh side (a mixin): queue jobs, run them in workers, record outcomes."""

    def enqueue(self, kind, section, items, force, title, activity='shown', start_at=None):
        job = Job(kind, section, items, force, title, activity, start_at)
        with self.lock:
            self.jobs.append(job)
        for item in items:
            self.queue.put((job, item))
        return job

    def refresh_item(self, rating_key, force=True):
        """An item refresh; whether and when it shows in /activities is assumption S5."""
        item = self.items[rating_key]
        with self.lock:
            self.item_refreshes += 1
            number = self.item_refreshes
        activity = self.assumptions.activity_for(self.seed, number)
        start_at = time.time() + (self.assumptions.activity_delay if activity == 'late' else 0)
        return self.enqueue('item', item.section, [item], force, item.title, activity, start_at)

    def refresh_section(self, section_id, force=True):
        """force: every item; otherwise a scan, whose items are assumption S2."""
        section = self.sections[section_id]
        if force:
            items = list(section.items)
        elif self.assumptions.unforced_scan == 'unmatched':
            items = [i for i in section.items if not i.matched]
        else:
            items = []
        self.server_log.debug(u'Scanning section %d "%s" (force=%d): %d item(s) to refresh.'
                              % (section.id, section.title, 1 if force else 0, len(items)))
        return self.enqueue('section', section, items, force, section.title)

    def cancel_section(self, section_id):
        with self.lock:
            for job in self.jobs:
                if job.section.id == section_id and not job.finished.is_set():
                    job.cancelled = True

    def active_jobs(self):
        with self.lock:
            self.jobs = [job for job in self.jobs if not job.finished.is_set()]
            return list(self.jobs)

    def visible_jobs(self):
        """The jobs /activities lists now (a hidden or not yet started one is not there)."""
        now = time.time()
        return [job for job in self.active_jobs() if job.visible(now)]

    def wait_idle(self, timeout=None):
        """Block until no refresh is queued or running (for tests and the CLI)."""
        deadline = None if timeout is None else time.time() + timeout
        while True:
            jobs = self.active_jobs()
            if not jobs:
                return True
            remaining = None if deadline is None else deadline - time.time()
            if remaining is not None and remaining <= 0:
                return False
            jobs[0].finished.wait(0.5 if remaining is None else min(0.5, remaining))

    def work(self):
        while True:
            task = self.queue.get()
            if task is None:
                return
            job, item = task
            try:
                delay = job.start_at - time.time()
                if delay > 0:
                    self.stopping.wait(delay)
                if not job.cancelled and not self.stopping.is_set():
                    self.wait_dispatch_slot()
                    job.current = item
                    self.process(item, job.force)
            except Exception as exc:  # pragma: no cover - a sim bug must not kill the worker
                self.server_log.error(u'Exception refreshing item %d: %r' % (item.rating_key, exc))
            finally:
                with self.lock:
                    job.done += 1
                    if job.done >= job.total:
                        job.current = None
                        job.finished.set()

    def wait_dispatch_slot(self):
        """Start at most one item every `pace` seconds across all workers."""
        if not self.pace:
            return
        with self.lock:
            slot = max(time.time(), self.next_dispatch)
            self.next_dispatch = slot + self.pace
        delay = slot - time.time()
        if delay > 0:
            self.stopping.wait(delay)

    def process(self, item, force):
        """What PMS + System do for one item: search when due (S1), accept (S3), then update."""
        outcome = {'ratingKey': item.rating_key, 'agent': item.section.agent, 'searched': False,
                   'results': 0, 'score': None, 'matched': item.matched, 'updated': False,
                   'error': None, 'phase': None, 'started': time.time()}
        log = self.server_log
        log.debug(u'Refreshing metadata for item %d "%s" (force=%d).'
                  % (item.rating_key, item.title, 1 if force else 0))
        host = self.host(item.section.agent)
        if host is None:
            outcome['error'] = 'agent %s is not installed' % item.section.agent
            log.error(u"Request for plug-in [%s] but it doesn't exist." % item.section.agent)
            return self.finish(item, outcome)
        try:
            host.ensure()
        except Exception as exc:
            outcome['error'], outcome['phase'] = repr(exc), 'start'
            log.error(u'Error starting plug-in %s: %s' % (host.identifier, exc))
            return self.finish(item, outcome)
        if not item.matched or self.assumptions.matched_refresh == 'search_again':
            accepted = self.system_search(item, host, outcome)
            if accepted is not None:
                identifier, best = accepted
                item.guid = u'%s://%s?lang=%s' % (identifier, best.get('id'), best.get('lang') or 'en')
                item.agent_id = identifier
                outcome['matched'] = True
            elif not item.matched:
                log.debug(u'No match found for item %d "%s" with agent %s.'
                          % (item.rating_key, item.title, host.identifier))
                return self.finish(item, outcome)
        self.system_update(item, force, outcome)
        return self.finish(item, outcome)

    def finish(self, item, outcome):
        outcome['finished'] = time.time()
        outcome['guid'] = item.guid
        with self.lock:
            item.history.append(outcome)
            self.outcomes.append(outcome)
        return outcome


def error_class(error):
    """Buckets for the reasons a refresh failed ('HTTPError: HTTP Error 403: ...' -> 'HTTP 403')."""
    if not error:
        return None
    text = http.to_text(error)
    for code in ('403', '404', '429', '500', '503'):
        if 'HTTP Error %s' % code in text:
            return 'HTTP %s' % code
    lowered = text.lower()
    if 'timed out' in lowered or 'timeout' in lowered:
        return 'timeout'
    return text.split(':', 1)[0]
