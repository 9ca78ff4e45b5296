# -*- coding: utf-8 -*-
"""Phase 1 counting: batches of log lines in, the metrics snapshot of contracts.md out.

MetricsAccumulator is the front: it skips DEBUG chatter without parsing it (prefilter.py),
parses the rest (reader.py) and hands each record to the RecordRouter (routing.py), which
tells the operations (operations.py), URL errors (url_errors.py), traceback assembler
(tracebacks.py) and unclassified groups (unclassified.py); snapshot.py builds the result.

What each count means, and what counts as one on each kind of source, is defined once in
docs/counts.md; the modules named there implement it.
"""
from __future__ import absolute_import, division, print_function

from .operations import REQUESTING, SEARCH_FN, ItemBudget, Operations
from .prefilter import ABOVE_SKIPPED, BORING_MODULES, BRACKET_MODULES, HOT
from .lines import FRAMEWORK_MATCH, KIND_PLUGIN, parse_other, strip_txn, ts_text
from .routing import RecordRouter
from .snapshot import FILE, LOST, agent_entry, build
from .tracebacks import TracebackAssembler
from .unclassified import Unclassified
from .url_errors import UrlErrors
from ..text import decode_bytes


class MetricsAccumulator(object):
    """Feed it lines file by file (`begin_file`, `feed_lines`, `end_file`); read `snapshot()`.

    `window_start` (bytes `YYYY-MM-DD HH:MM:SS`) drops records older than it, with their
    continuation lines. `agent_filter` keeps only that agent's records. `item_budget`: an
    ItemBudget shared with other accumulators (default: one of MAX_ITEMS for this one).
    """

    def __init__(self, window_start=None, agent_filter=None, item_budget=None):
        self.prefilter = True   # tests turn it off to prove the hot path changes no count
        self.agents = {}
        self.noise = {}
        self.skipped = {}
        self.files = []
        self.url_errors = UrlErrors(self.agents)
        self.operations = Operations(self.agents, self.url_errors,
                                     item_budget if item_budget is not None else ItemBudget())
        self.tracebacks = TracebackAssembler(self.agents, self.url_errors.evidence)
        self.unclassified = Unclassified()
        self.router = RecordRouter(window_start, agent_filter, self.agents, self.noise, self.skipped,
                                   self.operations, self.url_errors, self.tracebacks, self.unclassified)

    # ------------------------------------------------------------------ files

    def begin_file(self, agent, private=False):
        """Lines of another file come next (`agent`: its agent id, None for the server log;
        `private`: the agent's own log file, e.g. Hama's, not its plug-in log). A traceback
        left open by the previous file goes on in this one when it is the same agent's (a log
        rotated mid-traceback); a record or another agent's file closes it."""
        agent = decode_bytes(agent)
        if agent != self.router.agent:
            self.tracebacks.close()
        self.router.begin(agent, private)

    def end_file(self, path=None, bytes_read=0, lines=0):
        """The current file's lines are done; with `path`, it is listed in the snapshot's files."""
        if path is not None:
            self.add_file(path, bytes_read, lines)

    def add_file(self, path, bytes_read, lines):
        """List a file read in the snapshot's `files`."""
        self.files.append(dict(FILE.new(path=path), bytes_read=bytes_read, lines=lines))

    def finish(self):
        """End of input: close the open traceback and every open operation."""
        self.tracebacks.close()
        self.operations.finish()

    def skip(self, reason, n=1):
        self.skipped[reason] = self.skipped.get(reason, 0) + n

    def last_time(self):
        """The time (bytes) of the current file's last record, or None; a skipped server line's
        time is not parsed for it."""
        return self.router.stream_ts

    # ------------------------------------------------------------------ lines

    def feed_lines(self, lines):
        """Parse and count a batch of lines of the current file.

        Hot path: most lines of a busy log are DEBUG chatter (`Requesting ...`, cache hits,
        the agent's own debug text). They are recognised with a few bytes.find calls and
        skipped before any regex, unless a traceback is open (a record closes it), a window
        is set (their time matters), or the agent text holds a phrase/evidence keyword (HOT).

        What a skipped line changes (the stream's time, has_record/in_window, the window's
        first and last time) is kept in locals and written to the router before any other
        line is handled and at the end, so skipping a line writes no attribute. The window's
        first/last time is the min/max of the skipped lines' `line[:19]`, which is the first
        19 bytes of the min/max of the lines themselves (bytes order by their prefix first),
        so whole lines are compared and cut once at the end.
        """
        router = self.router
        fw_match = FRAMEWORK_MATCH
        other_shape = parse_other
        strip = strip_txn
        plugin = KIND_PLUGIN
        record = router.record
        continuation = router.continuation
        find = bytes.find
        boring_fw = BORING_MODULES
        bracket = BRACKET_MODULES
        hot = HOT.search
        requesting = REQUESTING.match
        thread_of = self.operations.threads.get
        new_thread = self.operations.thread
        search_fn = SEARCH_FN
        server_witness = router.server_searches.line
        wants_urls = self.operations.wants_urls
        tracebacks = self.tracebacks
        agent = router.agent
        skipped_lines = 0
        skipping = self.prefilter and router.window_start is None and router.agent_filter is None
        fast = skipping and tracebacks.open is None
        time_line = None    # the last skipped framework line, when its time is not written yet
        lazy = None         # lazy_line as the skipped lines left it
        dirty = False       # a skipped line is not written yet (has_record, in_window, lazy_line)
        # Below every line (b'') and above every line that reaches the comparison (it has a
        # space within its first 72 bytes, so it sorts before 80 bytes of 0xff).
        last = b''
        first = ABOVE_SKIPPED
        for line in lines:
            if not line:
                continue
            if fast:
                i = find(line, b' :  DEBUG (', 24, 72)
                # (the framework shape: `YYYY-MM-DD HH:MM:SS,mmm (thread) :  DEBUG (`; a line
                # with something before its time is parsed, so its time and thread are read)
                if i != -1 and line[24:25] == b'(':
                    k = i + 11
                    e = find(line, b') - ', k, k + 64)
                    if e != -1:
                        time_line = line
                        lazy = None
                        dirty = True
                        if line > last:
                            last = line
                        if line < first:
                            first = line
                        mod = line[k:find(line, b':', k, e)]
                        if mod in boring_fw:
                            skipped_lines += 1
                            if mod == b'networking' and line[e + 4:e + 14] == b'Requesting':
                                # A request sent (url_errors.py pairs failures with it), and the
                                # first URLs an operation requested (items.requests).
                                th = thread_of((agent, line[25:i - 1]))
                                if th is None:
                                    th = new_thread(agent, line[25:i - 1])
                                th.requested = line
                                if th.op is not None and wants_urls(th.op):
                                    m = requesting(line, e + 4)
                                    if m is not None:
                                        th.op.urls.append(decode_bytes(m.group(1)))
                            continue
                        if mod in bracket:
                            if line[e + 4:e + 5] not in b'HRS':
                                skipped_lines += 1
                                continue
                        elif hot(line, e + 4) is None:
                            skipped_lines += 1
                            continue
                elif line[:1].isalpha():
                    j = find(line, b'] DEBUG - ', 20, 96)
                    if j != -1:
                        if search_fn in line or b'agents/search?' in line:
                            server_witness(line[j + 10:])     # (read as _server would read it)
                        lazy = line
                        dirty = True
                        continue
            if dirty:
                if time_line is not None:
                    router.stream_ts = time_line[:19]
                    time_line = None
                router.lazy_line = lazy
                router.has_record = router.in_window = True
                dirty = False
            m = fw_match(line)
            if m is not None:
                # reader.parse() inline for its first and most common shape.
                msg = line[m.end():]
                if msg[:3] == b'[T:':
                    msg = strip(msg)
                ts, thread, level, module = m.group(1, 2, 3, 4)
                record(ts, thread, level, module, msg, None, plugin)
            else:
                rec = other_shape(line)
                if rec is None:
                    continuation(line)
                else:
                    record(*rec)
            fast = skipping and tracebacks.open is None
        if dirty:
            if time_line is not None:
                router.stream_ts = time_line[:19]
            router.lazy_line = lazy
            router.has_record = router.in_window = True
        if last:
            last = last[:19]
            first = first[:19]
            if router.last_ts is None or last > router.last_ts:
                router.last_ts = last
            if router.first_ts is None or first < router.first_ts:
                router.first_ts = first
        if skipped_lines and agent is not None:
            agent_entry(self.agents, agent)['plugin_lines'] += skipped_lines

    # ------------------------------------------------------------------ output

    def snapshot(self, final=False):
        """The contracts.md snapshot (a fresh JSON-able dict; accumulation may continue).

        `final`: the snapshot is made of the accumulator's own records, which it gives up (feed
        it nothing more): a read's largest moment then holds the records once, not twice."""
        router = self.router
        router.server_searches.write(self.agents)
        return build((ts_text(router.first_ts), ts_text(router.last_ts)), self.agents, self.url_errors.records,
                     self.tracebacks.records.values(), self.operations.items, self.operations.items_dropped,
                     self.unclassified.groups.values(), self.noise, router.model, self.files, self.skipped,
                     LOST.new(), copy=not final)
