# -*- coding: utf-8 -*-
"""One honest refresh of one item for a trial, and its judged outcome.

In: the server client, the targeted agent, the server's plug-in logs folder, the agent's Caches
folder, the stores of intents and back-off windows, the contributor's record (or None) and one
item dict (pms/library.py). Out: a refresh record

    {'rating_key', 'phase', 'finished', 'signal', 'seconds', 'before', 'after' (item dicts),
     'evidence' (trial/evidence.py attributed()), 'contributor' (True: the contributor saw the
     refresh; False: it was not called although the item ended matched; None: no record to ask),
     'outcome' (trial/outcome.py judge())}

In order: wait out the back-off windows of the sites this agent uses (longer than `max_wait`
raises BackedOff), drop the HTTP cache entries the item's previous refresh requested, mark the
logs, record the intent, refresh (pms/completion.py) until one of these says it ended:
  - updatedAt moved (completion.py);
  - the contributor recorded the item (System calls contributors after the primary's update);
  - System logged "Bundle with guid <the item's guid> has been updated" (it always does, also
    when the update raised);
  - the agent's search for the item ended and the item is still unmatched, on two polls in a
    row (no update follows a search that matched nothing);
or the deadline passed (finished False: the pair is not judged). Then read the agent's lines
attributed to the item, note the sites' failures in the back-off registry, close the intent.
"""
from __future__ import absolute_import, division, print_function

import os

from ..pms import completion, library
from . import cache, evidence
from .outcome import judge

SYSTEM_LOG_ID = 'com.plexapp.system'
UNMATCHED_POLLS = 2           # polls in a row that must see "searched, still unmatched"
INTENT_MARGIN = 60.0          # seconds an intent outlives the refresh's deadline


class BackedOff(Exception):
    """A site the agent uses is in a back-off window longer than the trial may wait."""

    def __init__(self, seconds, sites):
        Exception.__init__(self, 'the site(s) %s asked for a back-off of %d s (longer than the trial waits)'
                           % (', '.join(sorted(sites)), int(seconds)))
        self.seconds = seconds
        self.sites = sites


class Refresher(object):
    """Refreshes items of one agent for one trial (see the module docstring)."""

    def __init__(self, client, agent, plugin_logs_dir, caches_dir, intents, backoff, contributions=None,
                 fix=None, deadline=completion.DEFAULT_DEADLINE, settle=completion.DEFAULT_SETTLE,
                 waiter=completion.DEFAULT_WAITER, max_wait=1800.0, should_stop=None):
        self.client = client
        self.agent = agent
        # PMS Plugin Logs/<identifier>.log (plex-runtime.md 6.1), as runtime/paths.py spells it.
        self.agent_log = os.path.join(plugin_logs_dir, agent + '.log')
        self.system_log = os.path.join(plugin_logs_dir, SYSTEM_LOG_ID + '.log')
        self.caches_dir = caches_dir
        self.intents = intents
        self.backoff = backoff
        self.contributions = contributions
        self.fix = fix
        self.deadline = deadline
        self.settle = settle
        self.waiter = waiter
        self.max_wait = max_wait
        self.should_stop = should_stop or (lambda: False)
        self.sites = set()            # the sites this agent reached during the trial
        self.requested = {}           # rating_key -> URLs its last refresh requested
        self.waited = 0.0

    # -- before the refresh ----------------------------------------------------------------
    def wait_backoff(self):
        """Sleep out the open windows of this agent's sites; BackedOff when too long."""
        wait = self.backoff.wait_for(self.sites)
        if wait > self.max_wait:
            raise BackedOff(wait, self.sites)
        while wait > 0 and not self.should_stop():
            step = min(wait, 1.0)
            self.waiter.sleep(step)
            self.waited += step
            wait -= step

    def clear_cache(self):
        """Before the trial's first refresh: the agent's whole HTTP cache (trial/cache.py)."""
        return cache.clear(self.caches_dir)

    # -- the refresh -------------------------------------------------------------------------
    def refresh(self, item, phase):
        """The refresh record of one item (see the module docstring); PmsErrors pass through."""
        key = item['rating_key']
        self.wait_backoff()
        cache.forget(self.caches_dir, self.requested.get(key, ()))
        marks = {'agent': evidence.LogMark(self.agent_log), 'system': evidence.LogMark(self.system_log)}
        offset = self.contributions.end() if self.contributions is not None else None
        intent = self.intents.open(self.agent, key, phase, self.deadline + INTENT_MARGIN, fix=self.fix,
                                   title=item.get('title'), marks=marks)
        try:
            done = self.done_check(key, marks, offset)
            result = completion.refresh_and_wait(self.client, key, deadline=self.deadline, log_done=done,
                                                 settle=self.settle, waiter=self.waiter)
        finally:
            self.intents.close(intent)
        after = result['after'] or item
        lines = evidence.lines_since(marks['agent'])
        found = evidence.attributed(lines, self.agent, key, item.get('title'), after.get('guid'))
        self.requested[key] = found['urls']
        self.sites.update(found['sites'])
        self.backoff.note(found['sites'])
        seen = self.contributor_saw(key, offset)
        if not seen and not after.get('matched'):
            seen = None     # System calls contributors only for an item the primary matched
        refresh = {'item': after, 'before': result['before'], 'finished': result['finished'],
                   'update_failed': found['update_failed'], 'errors': found['errors']}
        return {'rating_key': key, 'phase': phase, 'finished': result['finished'], 'signal': result['signal'],
                'seconds': result['seconds'], 'before': result['before'], 'after': after, 'evidence': found,
                'contributor': seen,
                'outcome': judge(refresh, self.agent)}

    def contributor_saw(self, key, offset):
        """True / False whether the contributor recorded the item since `offset`; None without a record."""
        if self.contributions is None:
            return None
        records, _end = self.contributions.read(offset)
        return any(r.get('rating_key') == key for r in records)

    def done_check(self, key, marks, offset):
        """The log predicate of completion.wait_item for this refresh (see the module docstring)."""
        unmatched_polls = [0]

        def done():
            if self.contributor_saw(key, offset):
                return True
            current = library.item(self.client, key)
            if current is None:
                return False
            if current['matched'] and evidence.system_done(evidence.lines_since(marks['system']), current['guid']):
                return True
            if current['matched']:
                unmatched_polls[0] = 0
                return False
            found = evidence.attributed(evidence.lines_since(marks['agent']), self.agent, key, current.get('title'))
            unmatched_polls[0] = unmatched_polls[0] + 1 if found['searched'] else 0
            return unmatched_polls[0] >= UNMATCHED_POLLS
        return done
