# -*- coding: utf-8 -*-
"""Record routing: one parsed record (or one line that is not a record) in, the right counter told.

The RecordRouter keeps the state of the file being read (its agent, whether it is the
agent's own log file, the time of its last record, whether that record was inside the window
and agent filter) and sends each record to what it means (docs/counts.md): the request
bracket and search lines to the operations, `Requesting`, `Error opening URL` and
fetch-failure evidence to the URL errors, exception headers and their lines to the traceback
assembler, model errors to the model counts, agent phrasings to the operations, the System
plug-in's `Searching for <type> in <agent>` to that agent's search_ops_system, and ERROR /
CRITICAL messages none of these explains to noise or the unclassified groups. Lines from the
main server log (`Plex Media Server.log`) only feed the server-side searches
(server_searches.py) and unclassified errors; the plug-in pipe timeout is a server event,
not a fetch error.

A line that is not a record (`continuation`) is read without what a paste put before it
(lines.strip_paste_prefix): it continues the open traceback, or starts one (a frame, a
`Traceback (most recent call last):`, an exception line alone), or is an agent message
without a prefix (Hama's own per-series logs hold only the message): its fetch-failure
evidence counts, and so do its phrases in a file where no record was read. The evidence in
an agent's own file of bare messages does not count: Hama writes each of those error lines
to its timestamped `_root_.agent.log` (and its plug-in log) too.
"""
from __future__ import absolute_import, division, print_function

import re

from . import phrases
from .operations import REQUESTING, W_SEARCHING
from .lines import CRITICAL, ERROR, KIND_SERVER, parse, strip_paste_prefix
from .server_searches import ServerSearches
from .snapshot import MAX_EXAMPLES, MODEL, agent_entry, example
from .tracebacks import HEADER_END, is_frame_line, is_lone_exception
from ..text import decode_bytes

FRAMEWORK_MODULES = frozenset([b'core', b'runtime', b'networking', b'agentkit', b'model', b'datakit', b'services',
                               b'preferences', b'storage', b'agentservice', b'accessor', b'caching',
                               b'socketinterface', b'pms'])
UNKNOWN_AGENT = u'unknown'
SERVER_AGENT = u'pms'

_RESPONSE = re.compile(br'Response: \[(\d+)\]')
_SYSTEM_SEARCH = re.compile(br'Searching for \w+ in ([a-z][\w\-]*(?:\.[\w\-]+)+) \(')
_CONTROL = re.compile(br'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
# Model lines that are failures (docs/counts.md "model_errors"). `Cannot read model from
# <path>` is not one: the framework logs it whenever the item has no model folder yet, that
# is on the first update of every item (modelling/model.py _read); it is counted as noise.
MODEL_FAILURES = (b'Exception serializing', b'Exception deserializing', b'Unable to deserialize object',
                  b'Cannot serialize at', b"Can't write unidentified", b'Cannot write model')
MODEL_NOT_CREATED = b'Cannot read model from'


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
        self.server_searches = ServerSearches()
        self.first_ts = None
        self.last_ts = None
        # the file being read
        self.agent = None
        self.in_window = True
        self.has_record = False
        self.stream_ts = None
        self.lazy_line = None   # a skipped server line whose time is parsed only if needed

    def begin(self, agent, private=False):
        """A new file of `agent` (text, or None for the server log and unknown files);
        `private`: the agent's own log file, not its plug-in log."""
        self.agent = agent
        self.operations.private = private
        if private:
            # An agent's own file of bare messages holds one call (Hama: one per series file):
            # what the previous one left open on the thread without an id ends here.
            th = self.threads.get((agent, None))
            if th is not None and th.op is not None:
                self.operations.end(th)
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
            if module == b'networking' and msg.startswith(b'Requesting'):
                th.requested = msg
                m = REQUESTING.search(msg) if th.op is not None and self.operations.wants_urls(th.op) else None
                if m is not None:
                    th.op.urls.append(decode_bytes(m.group(1)))
            elif module == b'agentservice' and first == b'S':
                m = _SYSTEM_SEARCH.match(msg)
                if m is not None:
                    searched = decode_bytes(m.group(1))
                    if self.agent_filter is None or searched == self.agent_filter:
                        agent_entry(self.agents, searched)['search_ops_system'] += 1
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
        if MODEL_NOT_CREATED in msg:
            _count(self.noise, 'model_not_created_yet')
            return True
        for failure in MODEL_FAILURES:
            if failure in msg:
                entry['model_errors'] += 1
                model = self.model
                model['count'] += 1
                _count(model['agents'], agent)
                if len(model['examples']) < MAX_EXAMPLES:
                    model['examples'].append(example(msg))
                if HEADER_END in msg:
                    self.tracebacks.start(agent, th, ts, 'other', th.op, msg)
                return True
        if b'Exception in the search function' in msg:
            op = self.operations.search_exception(agent, th, ts, msg)
            self.tracebacks.start(agent, th, ts, 'search', op, msg)
            return True
        if b'Exception in the update function' in msg:
            op = self.operations.update_exception(agent, th, ts, msg)
            self.tracebacks.start(agent, th, ts, 'update', op, msg)
            return True
        if HEADER_END in msg:
            phase = th.op.kind if th.op is not None else 'other'
            self.tracebacks.start(agent, th, ts, phase, th.op, msg)
            return True
        return False

    def _server(self, ts, level, msg):
        if ts is not None:
            if self.first_ts is None or ts < self.first_ts:
                self.first_ts = ts
            if self.last_ts is None or ts > self.last_ts:
                self.last_ts = ts
        if self.server_searches.line(msg, self.agent_filter):
            return
        if level == ERROR or level == CRITICAL:
            if self.agent_filter is None:
                self.unclassified.add(SERVER_AGENT, level, msg, ts)

    def continuation(self, line):
        """A line that is not a record: a traceback's, a tail-only paste's, a message's next
        line, or an agent message without a prefix (see the module docstring)."""
        self.stream_time()
        if not self.in_window:
            _count(self.skipped, 'outside_window')
            return
        line = strip_paste_prefix(line)
        tracebacks = self.tracebacks
        if tracebacks.open is not None:
            tracebacks.line(line)
            return
        if _CONTROL.search(line) is not None:
            _count(self.skipped, 'binary')
            return
        agent = self.agent or UNKNOWN_AGENT
        th = self.operations.thread(agent, None)
        if (b'File "' in line and is_frame_line(line)) or is_lone_exception(line):
            tracebacks.start(agent, th, self.stream_ts, th.op.kind if th.op is not None else 'other', th.op, b'')
            tracebacks.line(line)
            return
        if line.startswith(b'Traceback (most recent call last):'):
            tracebacks.start(agent, th, self.stream_ts, th.op.kind if th.op is not None else 'other', th.op, line)
            return
        message = line.strip()
        # Phrases only in a file of bare messages (no record read yet): a record's further
        # lines may be a page or a data dump, not the agent's words.
        bare = not self.has_record
        own_file = bare and self.operations.private
        hits = phrases.match_phrases(message, agent) if bare and message else None
        if hits:
            entry = agent_entry(self.agents, agent)
            entry['plugin_lines'] += 1
            self.operations.phrases(agent, entry, th, self.stream_ts, hits)
        evidence = not own_file and self.url_errors.evidence_in(agent, th, self.stream_ts, message)
        if bare and not own_file and not hits and not evidence:
            _count(self.skipped, 'unparsed')
