# -*- coding: utf-8 -*-
"""Per-site back-off: a site that answers 403, 429, 503 or times out is left alone for a while.

In: the sites (host[:port]) an agent reached during one refresh, with the failure classes seen
there (trial/evidence.py: 'http 403', 'http 429', 'http 503', 'timeout', ...), and the store
(the plug-in's Data items, shared with the command line). Out: windows saved as the Data item
names.BACKOFF_ITEM, {site: {'until', 'streak', 'kind', 'since', 'failures'}}, and how long a
refresh touching a site must wait.

Why: a trial refreshes the same items twice, quickly; a site that is already refusing or
throttling the agent would see that as an attack, and a ban would make every item fail for
days -- for the owner's own refreshes too. So each refresh whose lines show one of those
failures on a site opens a window (or lengthens it: BASE[kind] * 2**(streak - 1), at most
CAP[kind] seconds); the trial waits it out before its next refresh through that site, and gives
up with MONITOR when the wait would be longer than it may wait. 429 and 503 ask a client to
slow down: up to a quarter of an hour. A timeout may be load: up to a minute. A 403 is
usually a wall that refuses every request alike (what a browser_headers trial measures), so
it only spaces the refreshes out, up to ten seconds. A refresh through the site that
shows none of them closes its window. The owner sees the open windows in Status and can reset
them (a site that was down is back).
"""
from __future__ import absolute_import, division, print_function

import threading
import time

from ..names import BACKOFF_ITEM

BASE = {'http 429': 30.0, 'http 503': 30.0, 'timeout': 5.0, 'http 403': 2.0}
# A 403 is a verdict on the request (a bot check), not on its rate: waiting longer does not change it,
# so its window only spaces refreshes out and never grows (docs/decisions.md).
CAP = {'http 429': 900.0, 'http 503': 900.0, 'timeout': 60.0, 'http 403': 2.0}
# The failure classes the windows are about, most severe first (the window takes its base).
KINDS = ('http 429', 'http 503', 'timeout', 'http 403')


def worst(classes):
    """The failure class among `classes` that opens a window (the most severe), or None."""
    for kind in KINDS:
        if kind in classes:
            return kind
    return None


class BackoffRegistry(object):
    """The windows of every site. `base` and `cap` ({kind: seconds}) override BASE and CAP (tests)."""

    def __init__(self, store, clock=time.time, base=None, cap=None):
        self.store = store
        self.clock = clock
        self.base = dict(BASE)
        self.base.update(base or {})
        self.cap = dict(CAP)
        self.cap.update(cap or {})
        self.lock = threading.Lock()

    def load(self):
        found = self.store.load_json(BACKOFF_ITEM, {})
        return found if isinstance(found, dict) else {}

    def save(self, windows):
        self.store.save_json(BACKOFF_ITEM, windows)

    def note(self, sites):
        """One refresh's {site: failure classes}: open, lengthen or close each site's window.
        Returns {site: seconds} of the windows opened or lengthened."""
        opened = {}
        if not sites:
            return opened
        now = self.clock()
        with self.lock:
            windows = self.load()
            for site, classes in sites.items():
                kind = worst(classes)
                if kind is None:
                    windows.pop(site, None)
                    continue
                entry = windows.get(site) or {'streak': 0, 'since': now, 'failures': {}}
                entry['streak'] = entry.get('streak', 0) + 1
                entry['kind'] = kind
                failures = entry.setdefault('failures', {})
                failures[kind] = failures.get(kind, 0) + 1
                seconds = min(self.cap[kind], self.base[kind] * 2 ** (entry['streak'] - 1))
                entry['until'] = max(entry.get('until') or 0, now + seconds)
                windows[site] = entry
                opened[site] = seconds
            self.save(windows)
        return opened

    def wait_for(self, sites):
        """Seconds until every window of `sites` (any iterable of sites; None: every site) is over."""
        now = self.clock()
        windows = self.load()
        names = windows.keys() if sites is None else [s for s in sites if s in windows]
        return max([0.0] + [windows[s].get('until', 0) - now for s in names])

    def open_windows(self):
        """[{'site', 'until', 'seconds_left', 'streak', 'kind', 'failures'}] of the windows still open."""
        now = self.clock()
        found = []
        for site, entry in sorted(self.load().items()):
            left = (entry.get('until') or 0) - now
            if left > 0:
                found.append(dict(entry, site=site, seconds_left=round(left, 1)))
        return found

    def reset(self, site=None):
        """Close one site's window (every window when `site` is None); returns how many closed."""
        with self.lock:
            windows = self.load()
            if site is None:
                closed = len(windows)
                windows = {}
            else:
                closed = 1 if windows.pop(site, None) is not None else 0
            self.save(windows)
        return closed
