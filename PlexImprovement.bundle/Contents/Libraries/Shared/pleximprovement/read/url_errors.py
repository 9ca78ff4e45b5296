# -*- coding: utf-8 -*-
"""Failed fetches: `Requesting`, `Error opening URL` and fetch-failure evidence in, URL error counts out.

One failed request is one URL error (docs/counts.md "url_errors"). The framework logs
`DEBUG (networking:N) - Requesting '<url>'` before every request it sends and, only when
the request raised an HTTPError, `ERROR (networking:N) - Error opening URL '<url>'`
(Framework components/networking.py); a timeout, DNS, refused or SSL failure shows only as
evidence afterwards (fetch_errors.py: `URLError: <urlopen error timed out>` ending a
traceback, an agent's own `... <urlopen error timed out>` line...). So, per thread:
* `Error opening URL` is one failed request, class http; it waits (`pending`) for the
  evidence that gives its status (`HTTP Error 403` in an agent message or a traceback's last
  line). Another failure, the operation's end or the end of input count it without one.
* evidence with no pending failure is a failed request of its class when the thread sent a
  request since the last failure counted on it (`requested`), or when no failure was counted
  on it in the previous PAIR_SECONDS (logs without the DEBUG `Requesting` lines); otherwise
  it repeats a failure already counted (the agent's warning, then the traceback's last line).
A failure on a thread with no open search or update (framework start: resource hashes, an
agent's start-up downloads, background threads) is counted too, and also apart, per agent,
as `url_errors_outside_calls` (by class, by status), so a reader can set it aside.

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
OPENING_CLASS = 'http'  # the framework logs `Error opening URL` for an HTTPError only

_URL_IN_QUOTES = re.compile(br"Error opening URL '([^']*)'")
_ANY_URL = re.compile(br'(https?://[^\s\'"<>)]+)')


def _count(counts, key):
    counts[key] = counts.get(key, 0) + 1


class UrlErrors(object):
    """Counts failed fetches into `agents` (per-agent counters) and `records` (per class).

    A thread (operations.ThreadState) carries `requested` (the line of its last request no
    failure was counted for), `pending` ([ts, url, line, op, agent] of an `Error opening URL`
    waiting for its status) and `last_url_secs` (when a failure was last counted).
    """

    def __init__(self, agents):
        self.agents = agents
        self.records = {}

    def failed_open(self, agent, th, ts, msg):
        """An `Error opening URL '<url>'` record: held on the thread until its status is known."""
        if th.pending is not None:
            self.flush(th)
        m = _URL_IN_QUOTES.search(msg)
        th.requested = None
        th.pending = [ts, m.group(1) if m else b'', msg, th.op, agent]

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
        requested = th.requested
        if requested is None and th.last_url_secs is not None and secs is not None and \
                0 <= secs - th.last_url_secs <= PAIR_SECONDS:
            return
        url = _ANY_URL.search(line) or (_ANY_URL.search(requested) if requested is not None else None)
        self._count(agent, th.op, cls, status, url.group(1) if url else None, line)
        th.requested = None
        th.last_url_secs = secs

    def flush(self, th, cls=OPENING_CLASS, status=None):
        """Count the thread's pending failure as `cls` (with `status` for http); without
        evidence, as what `Error opening URL` alone says: http, status unknown."""
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
        if op is None:
            entry['url_errors_outside_calls'] += 1
            _count(entry['outside_calls_by_class'], cls)
            if status:
                _count(entry['outside_calls_statuses'], status)
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
