# -*- coding: utf-8 -*-
"""Record routing: one parsed record (or one line that is not a record) in, the right counter told.

The RecordRouter keeps the state of the file being read (its agent, the time of its last
record, whether that record was inside the window and agent filter) and sends each record to
what it means: the request bracket and search lines to the operations, `Error opening URL`
and fetch-failure evidence to the URL errors, exception headers and their lines to the
traceback assembler, model errors to the model counts, agent phrasings to the operations,
server `Issuing search query` lines to the agent's server-side search count, and ERROR /
CRITICAL messages none of these explains to noise or the unclassified groups. Lines from the
main server log (`Plex Media Server.log`) only feed `Issuing search query` and unclassified
errors; the plug-in pipe timeout is a server event, not a fetch error.
"""
from __future__ import absolute_import, division, print_function

import re

from .. import fetch_errors
from . import phrases
from .operations import REQUESTING, W_SEARCHING
from .lines import CRITICAL, ERROR, KIND_SERVER, parse, strip_syslog
from .snapshot import MAX_EXAMPLES, MODEL, agent_entry, example
from .tracebacks import HEADER_END, is_exception_line, is_frame_line
from ..text import decode_bytes

FRAMEWORK_MODULES = frozenset([b'core', b'runtime', b'networking', b'agentkit', b'model', b'datakit', b'services',
                               b'preferences', b'storage', b'agentservice', b'accessor', b'caching',
                               b'socketinterface', b'pms'])
UNKNOWN_AGENT = u'unknown'
SERVER_AGENT = u'pms'

_RESPONSE = re.compile(br'Response: \[(\d+)\]')
_ISSUING = re.compile(br'Issuing search query: \S*?/system/agents/search\?\S*?(?:identifier|agent)=([\w.\-]+)')
_CONTROL = re.compile(br'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')


def _count(counts, key):
    counts[key] = counts.get(key, 0) + 1


class RecordRouter(object):
    """Routes the records of one file after another (see the module docstring).

    window_start (bytes `YYYY-MM-DD HH:MM:SS`) drops older records with their continuation
    lines; agent_filter keeps one agent's records. agents, noise, skipped: the accumulator's
    counters; operations, url_errors, tracebacks, unclassified: the parts told.
    """

    def __init__(self, window_start, agent_filter, agents, noise, skipped, operations, url_errors, tracebacks,
                 unclassified):
        self.window_start = window_start
        self.agent_filter = agent_filter
        self.agents = agents
        self.noise = noise
        self.skipped = skipped
        self.operations = operations
        self.threads = operations.threads
        self.url_errors = url_errors
        self.tracebacks = tracebacks
        self.unclassified = unclassified
        self.model = MODEL.new()
        self.first_ts = None
        self.last_ts = None
        # the file being read
        self.agent = None
        self.in_window = True
        self.has_record = False
        self.stream_ts = None
        self.lazy_line = None   # a skipped server line whose time is parsed only if needed

    def begin(self, agent):
        """A new file of `agent` (text, or None for the server log and unknown files)."""
        self.agent = agent
        self.in_window = True
        self.has_record = False
        self.stream_ts = None
        self.lazy_line = None

    def stream_time(self):
        """The time of the current file's last record (bytes), or None."""
        if self.lazy_line is not None:
            rec = parse(self.lazy_line)
            self.lazy_line = None
            if rec is not None and rec[0] is not None:
                self.stream_ts = rec[0]
        return self.stream_ts

    def record(self, ts, thread, level, module, msg, ident, kind):
        """One parsed record (the fields of a reader.parse() tuple)."""
        if self.tracebacks.open is not None:
            self.tracebacks.close()
        window = self.window_start
        if ts is None:
            ts = self.stream_time()
            if ts is None and window is not None:
                self.in_window = False
                _count(self.skipped, 'no_timestamp')
                return
        else:
            self.stream_ts = ts
            self.lazy_line = None
        if window is not None and ts < window:
            self.in_window = False
            _count(self.skipped, 'outside_window')
            return
        self.in_window = True
        self.has_record = True
        if kind == KIND_SERVER:
            self._server(ts, level, msg)
            return
        agent = ident.decode('utf-8', 'replace') if ident is not None else self.agent
        if agent is None:
            agent = UNKNOWN_AGENT
        if self.agent_filter is not None and agent != self.agent_filter:
            self.in_window = False
            return
        if ts is not None:
            if self.first_ts is None or ts < self.first_ts:
                self.first_ts = ts
            if self.last_ts is None or ts > self.last_ts:
                self.last_ts = ts
        entry = self.agents.get(agent)
        if entry is None:
            entry = agent_entry(self.agents, agent)
        entry['plugin_lines'] += 1
        key = (agent, thread)
        th = self.threads.get(key)
        if th is None:
            th = self.operations.thread(agent, thread)
        first = msg[:1]
        # Framework request bracket lines: cheap literal checks first.
        if first == b'H' and msg.startswith(b'Handling request'):
            self.operations.handling(agent, th, ts, msg)
            return
        if first == b'R' and msg.startswith(b'Response: ['):
            m = _RESPONSE.match(msg)
            self.operations.end(th, int(m.group(1)) if m else None)
            return
        if first == b'S':
            if msg.startswith(b'Searching for matches for'):
                op = self.operations.witness(agent, th, ts, W_SEARCHING)
                self.operations.search_kwargs(op, msg)
                return
            if msg.startswith(b'Starting framework core'):
                entry['restarts'] += 1
                return
        high = level == ERROR or level == CRITICAL
        # (a header that ends with `(most recent call last):` is one that holds it)
        if high or HEADER_END in msg:
            if self._special(agent, entry, th, ts, msg):
                return
        if module in FRAMEWORK_MODULES:
            if th.op is not None and module == b'networking':
                m = REQUESTING.search(msg) if self.operations.wants_urls(th.op) else None
                if m is not None:
                    th.op.urls.append(decode_bytes(m.group(1)))
            if high and not self.url_errors.evidence_in(agent, th, ts, msg):
                self._unexplained(agent, level, msg, ts)
            return
        # Agent's own text: url-error evidence and search phrasings.
        evidence = self.url_errors.evidence_in(agent, th, ts, msg)
        hits = phrases.match_phrases(msg, agent)
        if hits:
            self.operations.phrases(agent, entry, th, ts, hits)
        if high and not evidence:
            self._unexplained(agent, level, msg, ts)

    def _unexplained(self, agent, level, msg, ts):
        noise = phrases.match_noise(msg, agent)
        if noise is not None:
            _count(self.noise, noise)
        else:
            self.unclassified.add(agent, level, msg, ts)

    def _special(self, agent, entry, th, ts, msg):
        """ERROR/CRITICAL records and traceback headers that have a meaning. True if consumed."""
        if b'Error opening URL' in msg:
            self.url_errors.failed_open(agent, th, ts, msg)
            return True
        if (b'Cannot read model' in msg or b'Exception serializing' in msg or b'Exception deserializing' in msg
                or b'Cannot write model' in msg):
            entry['model_errors'] += 1
            model = self.model
            model['count'] += 1
            _count(model['agents'], agent)
            if len(model['examples']) < MAX_EXAMPLES:
                model['examples'].append(example(msg))
            if HEADER_END in msg:
                self.tracebacks.start(agent, th, ts, 'other', False, th.op, msg)
            return True
        if b'Exception in the search function' in msg:
            op = self.operations.search_exception(agent, th, ts, msg)
            self.tracebacks.start(agent, th, ts, 'search', False, op, msg)
            return True
        if b'Exception in the update function' in msg:
            op = self.operations.update_exception(agent, th, ts, msg)
            self.tracebacks.start(agent, th, ts, 'update', False, op, msg)
            return True
        if b'hosted resource hashes' in msg:
            _count(self.noise, 'resource_hashes')
            if HEADER_END in msg:
                self.tracebacks.start(agent, th, ts, 'other', True, th.op, msg)
            return True
        if HEADER_END in msg:
            phase = th.op.kind if th.op is not None else 'other'
            self.tracebacks.start(agent, th, ts, phase, False, th.op, msg)
            return True
        return False

    def _server(self, ts, level, msg):
        if ts is not None:
            if self.first_ts is None or ts < self.first_ts:
                self.first_ts = ts
            if self.last_ts is None or ts > self.last_ts:
                self.last_ts = ts
        if b'Issuing search query' in msg:
            m = _ISSUING.search(msg)
            if m is not None:
                agent = decode_bytes(m.group(1))
                if self.agent_filter is None or agent == self.agent_filter:
                    agent_entry(self.agents, agent)['search_ops_server'] += 1
            return
        if level == ERROR or level == CRITICAL:
            if self.agent_filter is None:
                self.unclassified.add(SERVER_AGENT, level, msg, ts)

    def continuation(self, line):
        """A line that is not a record: a traceback's, a tail-only paste's, or a message's next line."""
        self.stream_time()
        if not self.in_window:
            _count(self.skipped, 'outside_window')
            return
        if line[:1].isalpha() and b': ' in line[:40]:
            line = strip_syslog(line)
        tracebacks = self.tracebacks
        if tracebacks.open is not None:
            tracebacks.line(line)
            return
        if _CONTROL.search(line) is not None:
            _count(self.skipped, 'binary')
            return
        agent = self.agent or UNKNOWN_AGENT
        if b'File "' in line and is_frame_line(line):
            th = self.operations.thread(agent, None)
            tracebacks.start(agent, th, self.stream_ts, 'other', False, None, b'')
            tracebacks.line(line)
            return
        if line.startswith(b'Traceback (most recent call last):'):
            th = self.operations.thread(agent, None)
            tracebacks.start(agent, th, self.stream_ts, 'other', False, th.op, line)
            return
        if not self.has_record:
            _count(self.skipped, 'unparsed')
            return
        # A multi-line message or a tail-only paste: an exception line may prove a failed fetch.
        if is_exception_line(line) or (b'Error' in line and fetch_errors.HTTP_ERROR.search(line)):
            self.url_errors.evidence_in(agent, self.operations.thread(agent, None), self.stream_ts, line)
