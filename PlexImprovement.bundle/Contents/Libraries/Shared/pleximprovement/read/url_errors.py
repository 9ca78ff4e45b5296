# -*- coding: utf-8 -*-
"""Failed fetches: `Error opening URL` records and fetch-failure evidence in, URL error counts out.

`ERROR (networking:N) - Error opening URL '<url>'` does not say why; the evidence that
follows on the same thread before its operation ends does (fetch_errors.py: `HTTP Error
NNN` in an agent message or a traceback's last line -> http + status, `timed out` ->
timeout...; none -> other). So the failure waits on its thread (`pending`) until evidence,
another failure or the operation's end classifies it. Evidence with no pending failure
counts as one failed fetch, unless it repeats one counted on that thread in the previous
PAIR_SECONDS. The same URL failing twice in the same second on one agent counts once;
`.../resourceHashes` at start-up is noise.

Out: the per-agent url_errors, url_errors_by_class and statuses counters, the snapshot's
`errors` records (count, statuses, examples, agents, masked URLs per class), and each
operation's (class, status) list for its item.
"""
from __future__ import absolute_import, division, print_function

import re

from .. import fetch_errors
from ..text import mask_url
from .prefilter import EVIDENCE_HINTED
from .lines import ts_seconds
from .snapshot import ERROR_CLASS, MAX_EXAMPLES, MAX_URL_PATTERNS, agent_entry, example

PAIR_SECONDS = 10
MAX_RECENT_URLS = 4096

_URL_IN_QUOTES = re.compile(br"Error opening URL '([^']*)'")
_ANY_URL = re.compile(br'(https?://[^\s\'"<>)]+)')


def _count(counts, key):
    counts[key] = counts.get(key, 0) + 1


class UrlErrors(object):
    """Counts failed fetches into `agents` (per-agent counters) and `records` (per class).

    A thread (operations.ThreadState) carries `pending` ([ts, url, line, op, agent] of an
    unclassified `Error opening URL`) and `last_url_secs` (when a failure was last counted).
    """

    def __init__(self, agents, noise):
        self.agents = agents
        self.noise = noise
        self.records = {}
        self.recent_urls = {}

    def failed_open(self, agent, th, ts, msg):
        """An `Error opening URL '<url>'` record: held on the thread until something classifies it."""
        if th.pending is not None:
            self.flush(th, 'other', None)
        m = _URL_IN_QUOTES.search(msg)
        url = m.group(1) if m else b''
        if b'resourceHashes' in url:
            _count(self.noise, 'resource_hashes')
            return
        key = (agent, url)
        if self.recent_urls.get(key) == ts:
            _count(self.noise, 'duplicate_url_error')
            return
        if len(self.recent_urls) > MAX_RECENT_URLS:
            self.recent_urls = {}
        self.recent_urls[key] = ts
        th.pending = [ts, url, msg, th.op, agent]

    def evidence_in(self, agent, th, ts, msg):
        """Look for fetch-failure evidence in a message; True when it held some."""
        if EVIDENCE_HINTED(msg) is None:
            return False
        m = fetch_errors.EVIDENCE.search(msg) or fetch_errors.URLOPEN.search(msg)
        if m is None:
            return False
        self.evidence(agent, th, ts, m, msg)
        return True

    def evidence(self, agent, th, ts, match, line):
        """Evidence (a fetch_errors match in `line`): classifies the pending failure, or is one."""
        cls, status = fetch_errors.evidence_class(match)
        if th.pending is not None:
            self.flush(th, cls, status)
            return
        secs = ts_seconds(ts) if ts is not None else None
        if th.last_url_secs is not None and secs is not None and 0 <= secs - th.last_url_secs <= PAIR_SECONDS:
            return
        url = _ANY_URL.search(line)
        self._count(agent, th.op, cls, status, url.group(1) if url else None, line)
        th.last_url_secs = secs

    def flush(self, th, cls, status):
        """Count the thread's pending failure as `cls` (with `status` for http)."""
        ts, url, line, op, agent = th.pending
        th.pending = None
        self._count(agent, op, cls, status, url, line)
        th.last_url_secs = ts_seconds(ts) if ts is not None else None

    def _count(self, agent, op, cls, status, url, line):
        entry = agent_entry(self.agents, agent)
        entry['url_errors'] += 1
        _count(entry['url_errors_by_class'], cls)
        if status:
            _count(entry['statuses'], status)
        record = self.records.get(cls)
        if record is None:
            record = self.records[cls] = ERROR_CLASS.new()
        record['count'] += 1
        _count(record['agents'], agent)
        if len(record['examples']) < MAX_EXAMPLES:
            record['examples'].append(example(line))
        if status:
            _count(record['statuses'], status)
        if url:
            pattern = mask_url(url)
            if pattern in record['urls'] or len(record['urls']) < MAX_URL_PATTERNS:
                _count(record['urls'], pattern)
        if op is not None:
            op.url_errors.append((cls, status))
