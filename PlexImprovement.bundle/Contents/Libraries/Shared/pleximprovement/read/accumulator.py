# -*- coding: utf-8 -*-
"""Phase 1 counting: turn parsed log records into the metrics snapshot of contracts.md.

Lines are attributed to an *operation* through per-thread context: plug-in requests are
handled one per thread, so every line on thread T between `Handling request GET
.../messaging/function/<fn>/...` and the next `Response: [...]` on T belongs to that call.
`<fn>` `X0FnZW50S2l0OlNlYXJjaA__` is `_AgentKit:Search`, `X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh`
is `_AgentKit:UpdateMetadata`. An operation also ends at the next `Handling request` on T
(its Response was lost) or at the end of the input.

Definitions (per agent = the plug-in log's identifier, or the console form's column):

total_search_ops  search operations. A search operation is opened by the first of its
    witnesses on a thread: `Handling request ... X0FnZW50S2l0OlNlYXJjaA__`, `INFO (agentkit:N)
    - Searching for matches for {...}`, `Exception in the search function of agent named`,
    or an agent start marker (phrases.py kind `start`/`weak`). Further witnesses of a kind
    the open operation has not seen join it (one operation, not several); a repeated one
    starts a new operation. For an agent with no plug-in log lines in the input, the server
    log's `Issuing search query: .../system/agents/search?...identifier=<agent>` lines
    are counted instead (kept apart as search_ops_server).
titles_found      search operations in which the agent logged a found phrase (phrases.py
    kinds `found`, `count` with N > 0: Hama candidate lines, PGMA `Titles Found N`,
    `Found N results`...).
title_failures    search operations without a found phrase that logged a not-found phrase
    (kinds `none`, `count` with N = 0: PGMA `Search Query did not pull any results`,
    `No results`...) or whose search function raised (`Exception in the search function`;
    also counted as search_exceptions).
outcome_unknown   total_search_ops - titles_found - title_failures: searches whose result the
    log does not show (`Response: [200] str, N bytes` is not a result count).
url_errors        failed fetches: `ERROR (networking:N) - Error opening URL '<url>'`, classified
    by the evidence that follows on the same thread before the operation ends
    (`HTTP Error NNN` in an agent message or a traceback's last line -> http + status;
    `timed out` -> timeout; `Errno -2/-3/11001`, `Name or service not known`,
    `getaddrinfo failed` -> dns; `[SSL...]`, `_ssl.c`, `SSLError` -> ssl; `Connection
    refused`, `Errno 111/10061` -> refused; none -> other). Evidence lines without a pending
    `Error opening URL` count as one failed fetch each, unless they repeat a fetch failure
    counted on that thread in the previous 10 seconds. The same URL failing twice in the same
    second on one agent counts once. `.../resourceHashes` at start-up is noise, not counted.
model_errors      `ERROR (model:N) - Cannot read model from <path>`, `Exception serializing
    <Model> with guid`, `Exception deserializing`, `Cannot write model` (any level).
    `Exception writing to <path>` (storage) is a file write, not counted here.
updates_ok        update operations (`Handling request ... X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh`)
    closed by `Response: [2xx|3xx]` without an update exception.
updates_failed    update operations with `Exception in the update function of agent named`
    or closed by `Response: [>=400]`. Updates without a Response are in updates_unfinished.
tracebacks        exception records: a header ending `(most recent call last):` (or holding
    `Traceback (most recent call last):`) with its un-prefixed frame lines, or a bare
    `File "...", line N, in f` run (tail-only pastes). Keyed by (exception type, file and
    line of the last agent frame); the hosted-resource-hashes start-up traceback is noise.
restarts          `Starting framework core` lines (the framework starts; the log also rolls).
success_rate      titles_found / total_search_ops as a float, 0.0 without searches.
unclassified      ERROR/CRITICAL records none of the above explains, grouped by a template with
    numbers, URLs and quoted strings masked; at most MAX_TEMPLATES groups, the rest in one
    `<other templates>` group. Server-log errors land here under agent `pms`.
noise             ERROR lines that are not failures (phrases.NOISE; resourceHashes), counted apart.

Lines from the main server log (`Plex Media Server.log`) only feed `Issuing search query`
and unclassified errors; the plug-in pipe timeout is a server event, not a fetch error.
"""
from __future__ import absolute_import, division, print_function

import base64
import re

from . import phrases, reader as logs
from ..redact import redact

try:
    from urllib.parse import unquote as _unquote  # novermin
except ImportError:  # Python 2.7
    from urllib import unquote as _unquote

SCHEMA = 1
MAX_EXAMPLES = 3
MAX_ITEMS = 5000
MAX_TEMPLATES = 200
MAX_URL_PATTERNS = 50
MAX_TB_ITEMS = 20
MAX_ITEM_LIST = 5
MAX_EXAMPLE_CHARS = 500
PAIR_SECONDS = 10

SEARCH_FN = b'X0FnZW50S2l0OlNlYXJjaA__'
UPDATE_FN = b'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh'

TOTAL_KEYS = ('total_search_ops', 'titles_found', 'title_failures', 'outcome_unknown', 'url_errors',
              'model_errors', 'updates_ok', 'updates_failed', 'tracebacks', 'restarts')
RAW_KEYS = ('search_ops_plugin', 'search_ops_server', 'titles_found', 'title_failures', 'search_exceptions',
            'url_errors', 'model_errors', 'updates_ok', 'updates_failed', 'updates_unfinished', 'tracebacks',
            'restarts', 'candidate_rejects', 'plugin_lines')
ERROR_CLASSES = ('http', 'timeout', 'dns', 'ssl', 'refused', 'other')
FRAMEWORK_MODULES = frozenset([b'core', b'runtime', b'networking', b'agentkit', b'model', b'datakit', b'services',
                               b'preferences', b'storage', b'agentservice', b'accessor', b'caching',
                               b'socketinterface', b'pms'])

W_HANDLING, W_SEARCHING, W_EXCEPTION, W_AGENT = 1, 2, 4, 8
_KIND_SERVER, _ERROR, _CRITICAL = logs.KIND_SERVER, logs.ERROR, logs.CRITICAL

# Hot-path prefilter (feed_lines): framework modules whose DEBUG lines never count, the ones
# whose DEBUG lines count only when they start with Handling/Response/Searching, and the
# keywords that make an agent's DEBUG line worth parsing (phrases.py + fetch evidence): an
# agent DEBUG line is parsed when its message holds any HOT_WORDS as a substring.
_BORING_FW = frozenset([b'networking', b'caching', b'storage', b'datakit', b'services', b'preferences',
                        b'accessor', b'socketinterface', b'model', b'messaging', b'localekit', b'objectkit'])
_BRACKET_FW = frozenset([b'runtime', b'agentkit', b'core'])
HOT_WORDS = (b'Score: ', b'score: ', b'Found', b'found', b'Result', b'result', b'Match', b'match', b'SEARCH::',
             b'Search', b'search', b'rror', b'timed out', b'efused', b'SSL', b'rrno', b'nreachable', b'urlopen',
             b'eset by', b'imeout', b'IncompleteRead', b'BadStatus', b'getaddrinfo', b'resolution',
             b'most recent call last', b'Starting framework')
# Bytes that are rare in log text, rarest first (where _anchored_any enters each word).
_RARE_BYTES = b':kvSLjxqzFfbpyIBgwMmcu'


def _anchored_any(words, rare):
    """A regex that finds any of `words` (bytes literals), built so that `re` can scan for it fast.

    re's search skips, in C, every position whose byte cannot start a match, but only when each
    alternative of the pattern starts with a plain literal, and it tries every alternative at
    each position it does not skip. A plain `[Ss]core: |[Ff]ound|...` starts with a class, so
    all ~20 alternatives ran at every byte of every agent DEBUG message (the costliest step of
    the prefilter). Here each word is entered at its rarest byte (a literal, see `rare`), the
    bytes before it are checked by a fixed-width lookbehind, and words entered at the same byte
    share one branch: most positions are skipped and the rest try one or two alternatives.

    It matches exactly where one of `words` occurs, except that a lookbehind may read bytes
    before the `pos` given to search(): a word that starts before `pos` and ends after it is
    found too. feed_lines searches from just after `) - `, so such a word would start with the
    space or hold the `-`; none does, and there it is `any(w in message for w in words)`.
    """
    def rank(byte):
        at = rare.find(byte)
        return at if at != -1 else len(rare)

    order = []
    tails = {}
    for word in words:
        at = min(range(len(word)), key=lambda j: rank(word[j:j + 1]))
        anchor = word[at:at + 1]
        tail = re.escape(word[at + 1:])
        if at:
            tail = b'(?<=' + re.escape(word[:at + 1]) + b')' + tail
        if anchor not in tails:
            order.append(anchor)
            tails[anchor] = []
        tails[anchor].append(tail)
    branches = []
    for anchor in order:
        alts = tails[anchor]
        branches.append(re.escape(anchor) + (alts[0] if len(alts) == 1 else b'(?:' + b'|'.join(alts) + b')'))
    return re.compile(b'|'.join(branches))


_HOT = _anchored_any(HOT_WORDS, _RARE_BYTES)
_ABOVE_SKIPPED = b'\xff' * 80    # sorts after any line feed_lines skips (see there)

_URL_IN_QUOTES = re.compile(br"Error opening URL '([^']*)'")
_RESPONSE = re.compile(br'Response: \[(\d+)\]')
# A quoted value is written as the unrolled `[^'\\]*(?:\\.[^'\\]*)*` rather than `(?:[^'\\]|\\.)*`: the
# same strings and the same groups (a backslash always starts a two-byte escape, so there is
# one way to read a value), without an alternation per byte (_search_kwargs runs per search).
_KW_NAMES = dict((name, name.decode('ascii')) for name in (b'name', b'year', b'id', b'filename', b'show', b'title',
                                                           b'album', b'artist'))
_KW_FIELD = re.compile(br"""['"](name|year|id|filename|show|title|album|artist)['"]: u?"""
                       br"""(?:'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"|(\d+))""")
_GUID = re.compile(br"([a-z][\w.\-]*://[^\s'\"\x00-\x1f?]+(?:\?lang=\w+)?)")
_GUID_IN_HEADER = re.compile(br"called with guid '([^']*)'")
_ISSUING = re.compile(br'Issuing search query: \S*?/system/agents/search\?\S*?(?:identifier|agent)=([\w.\-]+)')
_HTTP_STATUS = re.compile(br'HTTP Error (\d{3})')
_EVIDENCE = re.compile(
    br'(?P<http>HTTP Error (?P<status>\d{3}))'
    br'|(?P<timeout>timed out|TimeoutError|socket\.timeout|ReadTimeout|ConnectTimeout)'
    br'|(?P<dns>Errno -[235]\]|Errno 1100[14]\]|Errno 8\] nodename|Name or service not known'
    br'|getaddrinfo failed|nodename nor servname|failure in name resolution|No address associated with hostname)'
    br'|(?P<ssl>\[SSL[:\]]|_ssl\.c|SSLError|CERTIFICATE_VERIFY_FAILED|sslv3 alert)'
    br'|(?P<refused>Connection refused|Errno 111\]|Errno 10061\]|Errno 61\])'
    br'|(?P<other>Network is unreachable|Connection reset by peer|BadStatusLine|IncompleteRead)')
# A bare `<urlopen error ...>` without a more specific cause above is class `other`.
_EVIDENCE_OTHER = re.compile(br'(?P<other><urlopen error)')
_EVIDENCE_HINT = (b'rror', b'timed out', b'efused', b'SSL', b'rrno', b'nreachable', b'urlopen', b'eset by', b'imeout',
                  b'ncomplete', b'BadStatus', b'getaddrinfo', b'ame resolution')
# _evidence_in runs the regexes above only on a message holding one of these (a substring).
_EVIDENCE_HINTED = _anchored_any(_EVIDENCE_HINT, _RARE_BYTES).search
_FRAME = re.compile(br'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)')
_FRAME_ANY = re.compile(br'File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)')
_EXC_LINE = re.compile(br'^(?P<type>[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)|[A-Z]\w+)'
                       br'(?:: (?P<msg>.*))?$')
_GITHUB_GUTTER = re.compile(br'^\s*\|\s*\d+\s*\|\s?')
_CONTROL = re.compile(br'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
_AGENT_FRAME = re.compile(br'(?:/|\\)Plug-ins(?:/|\\)[^/\\]+\.bundle(?:/|\\)Contents(?:/|\\)(?:Code|Libraries)'
                          br'|\.bundle(?:/|\\)Contents(?:/|\\)Libraries(?:/|\\)Shared')
_FRAMEWORK_FRAME = re.compile(br'Framework\.bundle|System\.bundle|urllib2_new\.py|python27\.zip|'
                              br'(?:/|\\)Framework(?:/|\\)code(?:/|\\)sandbox\.py|Python(?:/|\\)Framework(?:/|\\)')
_REQUESTING = re.compile(br"(?:Requesting|Fetching|Requesting URL) '?(https?://[^'\s]+)")
_ANY_URL = re.compile(br'(https?://[^\s\'"<>)]+)')

# Template masking for unclassified errors.
_MASK_URL = re.compile(u'[a-zA-Z][\\w+.-]*://[^\\s\'"]+')
_MASK_QUOTED = re.compile(u'\'[^\']*\'|"[^"]*"')
_MASK_PATH = re.compile(u'(?:[A-Za-z]:)?(?:[\\\\/][^\\\\/\\s]+){2,}')
_MASK_HEX = re.compile(u'\\b(?:0x)?[0-9a-fA-F]*\\d[0-9a-fA-F]*\\b')
_MASK_NUM = re.compile(u'\\d+')


def mask_template(text):
    """The template an unclassified message is grouped by: variable parts masked."""
    text = _MASK_URL.sub(u'<url>', text)
    text = _MASK_QUOTED.sub(u"'<*>'", text)
    text = _MASK_PATH.sub(u'<path>', text)
    text = _MASK_HEX.sub(u'<n>', text)
    text = _MASK_NUM.sub(u'<n>', text)
    return u' '.join(text.split())[:200]


def url_pattern(url):
    """scheme://host/path with digits masked and the query dropped (tokens never reach reports)."""
    if isinstance(url, bytes):
        url = url.decode('utf-8', 'replace')
    url = url.split('?', 1)[0].split('#', 1)[0]
    return re.sub(u'\\d+', u'<n>', url)[:200]


def text(value):
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return value


def example(line):
    return redact(line)[:MAX_EXAMPLE_CHARS]


def _blob_table():
    table = bytearray(range(256))
    for packed, plain in ((b'@', b'/'), (b'*', b'+'), (b'_', b'=')):
        table[ord(packed)] = ord(plain)
    for byte in range(128, 256):
        table[byte] = ord(b'?')
    return bytes(table)


# Packed base64 to plain in one pass: @*_ to /+=, and a non-ASCII byte to `?` as its ASCII
# decode-then-encode with 'replace' would make it.
_BLOB_TABLE = _blob_table()


def decode_blob(segment):
    """Decode a framework-packed (base64 with @*_ for /+=, URL-quoted) path segment, best effort."""
    try:
        if b'%' in segment:     # without one, unquote() returns its argument
            segment = _unquote(segment.decode('ascii', 'replace')).encode('ascii', 'replace')
        seg = segment.translate(_BLOB_TABLE)
        seg = seg + b'=' * (-len(seg) % 4)
        return base64.b64decode(seg)
    except Exception:  # noqa: a damaged blob is just not informative
        return b''


def _count(d, key, n=1):
    d[key] = d.get(key, 0) + n


class _Op(object):
    """One agent call (search or update) on one thread."""
    __slots__ = ('kind', 'agent', 'witness', 'found', 'none', 'exception', 'item', 'item_info', 'ts', 'urls',
                 'queries', 'url_errors', 'statuses', 'excs', 'guid')

    def __init__(self, kind, agent, ts):
        self.kind = kind
        self.agent = agent
        self.witness = 0
        self.found = False
        self.none = False
        self.exception = False
        self.item = None
        self.item_info = None
        self.ts = ts
        self.urls = []
        self.queries = []
        self.url_errors = []
        self.statuses = []
        self.excs = []
        self.guid = None


def _item_info(op):
    """The op's item fields for a report; the file name is unquoted and redacted only here
    (most searched items never reach the report once MAX_ITEMS is reached)."""
    info = op.item_info
    if not info:
        return {}
    if info.pop('_raw_filename', False):
        try:
            info['filename'] = redact(_unquote(info['filename']))
        except Exception:  # noqa: keep the raw value
            pass
    return info


class _Thread(object):
    __slots__ = ('op', 'pending', 'last_url_secs')

    def __init__(self):
        self.op = None
        self.pending = None          # [ts, url, line, op] of an unclassified Error opening URL
        self.last_url_secs = None    # when a fetch failure was last counted here


class _Traceback(object):
    __slots__ = ('agent', 'thread', 'ts', 'phase', 'noise', 'frames', 'agent_frame', 'last_frame', 'code',
                 'expect_code', 'exception', 'message', 'lines', 'op', 'item')

    def __init__(self, agent, thread, ts, phase, noise, op):
        self.agent = agent
        self.thread = thread
        self.ts = ts
        self.phase = phase
        self.noise = noise
        self.frames = 0
        self.agent_frame = None
        self.last_frame = None
        self.code = None
        self.expect_code = False
        self.exception = None
        self.message = None
        self.lines = []
        self.op = op
        self.item = op.item if op is not None else None


def _new_agent():
    entry = dict((k, 0) for k in RAW_KEYS)
    entry['url_errors_by_class'] = {}
    entry['statuses'] = {}
    return entry


def traceback_order(tb):
    """How merged snapshots order their tracebacks: most frequent first, then by exception,
    agent and place, so the order is the same on Python 2.7 (unordered dicts) and 3."""
    return (-tb['count'], tb['exception'] or '', tb['agent'] or '', tb['file'] or '', str(tb['line'] or ''))


def unclassified_order(group):
    """Most frequent template first, then by template text (a stable order on 2.7 and 3)."""
    return (-group['count'], group['template'])


class ItemBudget(object):
    """How many more per-item records may be kept (they dominate an accumulator's memory).

    Each accumulator has its own budget of MAX_ITEMS by default. The collector gives all the
    per-day accumulators of one tick a shared one, so a tick spanning several days keeps no
    more item records (and needs no more memory) than one aggregation does.
    """

    def __init__(self, limit=MAX_ITEMS):
        self.left = limit


class MetricsAccumulator(object):
    """Feed it lines file by file (`begin_file`, `feed_lines`, `end_file`); read `snapshot()`.

    `window_start` (bytes `YYYY-MM-DD HH:MM:SS`) drops records older than it, with their
    continuation lines. `agent_filter` keeps only that agent's records. `item_budget`: an
    ItemBudget shared with other accumulators (default: one of MAX_ITEMS for this one).
    """

    def __init__(self, window_start=None, agent_filter=None, item_budget=None):
        self.window_start = window_start
        self.agent_filter = agent_filter
        self.item_budget = item_budget if item_budget is not None else ItemBudget()
        self.prefilter = True   # tests turn it off to prove the hot path changes no count
        self.agents = {}
        self.errors = {}
        self.tb_index = {}
        self.items = {}
        self.items_dropped = 0
        self.templates = {}
        self.noise = {}
        self.model = {'count': 0, 'agents': {}, 'examples': []}
        self.files = []
        self.skipped = {}
        self.lost = {'bytes_estimated': 0, 'files': []}
        self.first_ts = None
        self.last_ts = None
        self.threads = {}
        self.recent_urls = {}
        # per-stream state
        self.agent = None
        self.tb = None
        self.in_window = True
        self.has_record = False
        self.stream_ts = None
        self.lazy_line = None   # a skipped server line whose time is parsed only if needed

    # ------------------------------------------------------------------ streams

    def begin_file(self, agent):
        self.agent = text(agent)
        self.tb = None
        self.in_window = True
        self.has_record = False
        self.stream_ts = None
        self.lazy_line = None

    def end_file(self, path=None, bytes_read=0, lines=0):
        self._close_tb()
        if path is not None:
            self.files.append({'path': path, 'bytes_read': bytes_read, 'lines': lines})

    def finish(self):
        """End of input: close every open operation (no more lines will come for them)."""
        self._close_tb()
        for key in list(self.threads):
            self._end_thread(self.threads[key])
        self.threads = {}

    def skip(self, reason, n=1):
        _count(self.skipped, reason, n)

    # ------------------------------------------------------------------ lines

    def feed_lines(self, lines):
        """Parse and count a batch of lines of the current file.

        Hot path: most lines of a busy log are DEBUG chatter (`Requesting ...`, cache hits,
        the agent's own debug text). They are recognised with a few bytes.find calls and
        skipped before any regex, unless a traceback is open (a record closes it), a window
        is set (their time matters), or the agent text holds a phrase/evidence keyword (HOT).

        What a skipped line changes (the stream's time, has_record/in_window, the window's
        first and last time) is kept in locals and written to the accumulator before any
        other line is handled and at the end, so skipping a line writes no attribute. The
        window's first/last time is the min/max of the skipped lines' `line[:19]`, which is
        the first 19 bytes of the min/max of the lines themselves (bytes order by their
        prefix first), so whole lines are compared and cut once at the end.
        """
        fw_match = logs.FRAMEWORK_MATCH
        parse_other = logs.parse_other
        strip_txn = logs.strip_txn
        plugin = logs.KIND_PLUGIN
        record = self._record
        find = bytes.find
        boring_fw = _BORING_FW
        bracket = _BRACKET_FW
        hot = _HOT.search
        requesting = _REQUESTING.match
        thread_of = self.threads.get
        wants_urls = self._wants_urls
        agent = self.agent
        skipped_lines = 0
        skipping = self.prefilter and self.window_start is None and self.agent_filter is None
        fast = skipping and self.tb is None
        time_line = None    # the last skipped framework line, when its time is not written yet
        lazy = None         # lazy_line as the skipped lines left it
        dirty = False       # a skipped line is not written yet (has_record, in_window, lazy_line)
        # Below every line (b'') and above every line that reaches the comparison (it has a
        # space within its first 72 bytes, so it sorts before 80 bytes of 0xff).
        last = b''
        first = _ABOVE_SKIPPED
        for line in lines:
            if not line:
                continue
            if fast:
                i = find(line, b' :  DEBUG (', 24, 72)
                if i != -1:
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
                                # Keep the first URLs an operation requested (items.requests).
                                th = thread_of((agent, line[25:i - 1]))
                                if th is not None and th.op is not None and wants_urls(th.op):
                                    m = requesting(line, e + 4)
                                    if m is not None:
                                        th.op.urls.append(text(m.group(1)))
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
                    if j != -1 and line[j + 10:j + 17] != b'Issuing':
                        lazy = line
                        dirty = True
                        continue
            if dirty:
                if time_line is not None:
                    self.stream_ts = time_line[:19]
                    time_line = None
                self.lazy_line = lazy
                self.has_record = self.in_window = True
                dirty = False
            m = fw_match(line)
            if m is not None:
                # logs.parse() inline for its first and most common shape.
                msg = line[m.end():]
                if msg[:3] == b'[T:':
                    msg = strip_txn(msg)
                ts, thread, level, module = m.group(1, 2, 3, 4)
                record(ts, thread, level, module, msg, None, plugin)
            else:
                rec = parse_other(line)
                if rec is None:
                    self._continuation(line)
                else:
                    record(*rec)
            fast = skipping and self.tb is None
        if dirty:
            if time_line is not None:
                self.stream_ts = time_line[:19]
            self.lazy_line = lazy
            self.has_record = self.in_window = True
        if last:
            last = last[:19]
            first = first[:19]
            if self.last_ts is None or last > self.last_ts:
                self.last_ts = last
            if self.first_ts is None or first < self.first_ts:
                self.first_ts = first
        if skipped_lines and agent is not None:
            self._agent_entry(agent)['plugin_lines'] += skipped_lines

    def _wants_urls(self, op):
        """False when no URL of `op` can reach a report: its item is full or will be dropped."""
        if len(op.urls) >= MAX_ITEM_LIST:
            return False
        if op.item is None:
            return True     # an exception header may still name the item
        item = self.items.get(op.item)
        if item is not None:
            return len(item['requests']) < MAX_ITEM_LIST
        return self.item_budget.left > 0

    def _agent_entry(self, agent):
        entry = self.agents.get(agent)
        if entry is None:
            entry = self.agents[agent] = _new_agent()
        return entry

    def _record(self, ts, thread, level, module, msg, ident, kind):
        """One parsed record (the fields of a logs.parse() tuple)."""
        if self.tb is not None:
            self._close_tb()
        window = self.window_start
        if ts is None:
            ts = self._stream_ts()
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
        if kind == _KIND_SERVER:
            self._server(ts, level, msg)
            return
        agent = ident.decode('utf-8', 'replace') if ident is not None else self.agent
        if agent is None:
            agent = u'unknown'
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
            entry = self.agents[agent] = _new_agent()
        entry['plugin_lines'] += 1
        key = (agent, thread)
        th = self.threads.get(key)
        if th is None:
            th = self.threads[key] = _Thread()
        first = msg[:1]
        # Framework request bracket lines: cheap literal checks first.
        if first == b'H' and msg.startswith(b'Handling request'):
            self._handling(agent, th, ts, msg)
            return
        if first == b'R' and msg.startswith(b'Response: ['):
            m = _RESPONSE.match(msg)
            self._end_thread(th, int(m.group(1)) if m else None)
            return
        if first == b'S':
            if msg.startswith(b'Searching for matches for'):
                op = self._witness(agent, th, ts, W_SEARCHING)
                self._search_kwargs(op, msg)
                return
            if msg.startswith(b'Starting framework core'):
                entry['restarts'] += 1
                return
        high = level == _ERROR or level == _CRITICAL
        # (a header that ends with `(most recent call last):` is one that holds it)
        if high or b'most recent call last):' in msg:
            if self._special(agent, entry, th, ts, level, module, msg, high):
                return
        if module in FRAMEWORK_MODULES:
            if th.op is not None and module == b'networking':
                m = _REQUESTING.search(msg) if self._wants_urls(th.op) else None
                if m is not None:
                    th.op.urls.append(text(m.group(1)))
            if high and not self._evidence_in(agent, th, ts, msg):
                noise = phrases.match_noise(msg, agent)
                if noise is not None:
                    _count(self.noise, noise)
                else:
                    self._unclassified(agent, level, msg, ts)
            return
        # Agent's own text: url-error evidence and search phrasings.
        evidence = self._evidence_in(agent, th, ts, msg)
        hits = phrases.match_phrases(msg, agent)
        if hits:
            self._phrases(agent, entry, th, ts, hits)
        if high and not evidence:
            noise = phrases.match_noise(msg, agent)
            if noise is not None:
                _count(self.noise, noise)
            else:
                self._unclassified(agent, level, msg, ts)

    # ------------------------------------------------------------------ operations

    def _handling(self, agent, th, ts, msg):
        if SEARCH_FN in msg:
            self._witness(agent, th, ts, W_HANDLING)
            return
        if th.op is not None:
            self._end_thread(th)
        if UPDATE_FN in msg:
            op = th.op = _Op('update', agent, ts)
            tail = msg.split(UPDATE_FN, 1)[1]
            for segment in tail.split(b'/')[1:3]:
                segment = segment.split(b'?', 1)[0].split(b' ', 1)[0]
                blob = decode_blob(segment)
                # _GUID needs `://`: most blobs have none, and the regex would try every letter.
                m = _GUID.search(blob) if b'://' in blob else None
                if m is not None:
                    self._set_guid(op, m.group(1))
                    break

    def _set_guid(self, op, guid):
        op.guid = text(guid)
        ident = op.guid.split('://', 1)[-1].split('?', 1)[0]
        op.item = u'%s|%s' % (op.agent, ident)
        op.item_info = {'id': ident}

    def _witness(self, agent, th, ts, bit):
        op = th.op
        if op is not None and op.kind == 'search' and not (op.witness & bit):
            op.witness |= bit
            return op
        if op is not None:
            self._end_thread(th, keep_pending=True)
        op = th.op = _Op('search', agent, ts)
        op.witness = bit
        return op

    def _search_kwargs(self, op, msg):
        info = {}
        # findall gives b'' for the two value groups that did not take part: the one that did
        # (possibly empty itself) is `single or double or number`.
        for field, single, double, number in _KW_FIELD.findall(msg):
            field = _KW_NAMES[field]
            if field not in info:
                info[field] = (single or double or number).decode('utf-8', 'replace')
        name = info.get('name') or info.get('show') or info.get('title') or info.get('album')
        if name:
            info['name'] = name
        ident = info.get('id') or name
        if ident:
            if 'filename' in info:
                info['_raw_filename'] = True
            op.item = u'%s|%s' % (op.agent, ident)
            op.item_info = info

    def _phrases(self, agent, entry, th, ts, hits):
        for name, kind, m in hits:
            if kind == 'start':
                op = th.op
                if op is not None and op.kind == 'search' and not (op.witness & W_AGENT):
                    op.witness |= W_AGENT
                else:
                    self._witness(agent, th, ts, W_AGENT)
            elif kind == 'weak':
                if th.op is None:
                    self._witness(agent, th, ts, W_AGENT)
        op = th.op
        for name, kind, m in hits:
            if kind == 'reject':
                entry['candidate_rejects'] += 1
            if op is None or op.kind != 'search':
                continue
            if kind == 'found':
                op.found = True
            elif kind == 'none':
                op.none = True
            elif kind == 'count':
                try:
                    n = int(m.group(1))
                except (ValueError, IndexError):
                    continue
                if n > 0:
                    op.found = True
                else:
                    op.none = True
            elif kind == 'query' and len(op.queries) < MAX_ITEM_LIST:
                op.queries.append(text(m.group(1))[:200])

    def _end_thread(self, th, status=None, keep_pending=False):
        if th.pending is not None and not keep_pending:
            self._flush_pending(th, 'other', None)
        op = th.op
        th.op = None
        if op is None:
            return
        entry = self._agent_entry(op.agent)
        item = self._item(op)
        if op.kind == 'search':
            entry['search_ops_plugin'] += 1
            if op.exception:
                entry['search_exceptions'] += 1
            if op.found:
                entry['titles_found'] += 1
                outcome = 'found'
            elif op.none or op.exception:
                entry['title_failures'] += 1
                outcome = 'failed'
            else:
                outcome = 'unknown'
            if item is not None:
                item['searches'] += 1
                item[outcome] += 1
        else:
            if op.exception or (status is not None and status >= 400):
                entry['updates_failed'] += 1
                key = 'updates_failed'
            elif status is None:
                entry['updates_unfinished'] += 1
                key = None
            else:
                entry['updates_ok'] += 1
                key = 'updates_ok'
            if item is not None and key is not None:
                item[key] += 1
        if item is not None:
            for cls, st in op.url_errors:
                _count(item['url_errors'], cls)
                if st:
                    _count(item['statuses'], st)
            for exc in op.excs:
                if exc not in item['tracebacks'] and len(item['tracebacks']) < MAX_ITEM_LIST * 2:
                    item['tracebacks'].append(exc)
            for url in op.urls:
                if len(item['requests']) < MAX_ITEM_LIST and url not in item['requests']:
                    item['requests'].append(redact(url))
            for q in op.queries:
                if len(item['queries']) < MAX_ITEM_LIST and q not in item['queries']:
                    item['queries'].append(redact(q))

    def _item(self, op):
        if op.item is None:
            return None
        item = self.items.get(op.item)
        if item is None:
            if self.item_budget.left <= 0:
                self.items_dropped += 1
                return None
            self.item_budget.left -= 1
            info = _item_info(op)
            item = self.items[op.item] = {
                'agent': op.agent, 'name': info.get('name'), 'year': info.get('year'), 'id': info.get('id'),
                'filename': info.get('filename'), 'searches': 0, 'found': 0, 'failed': 0, 'unknown': 0,
                'url_errors': {}, 'statuses': {}, 'tracebacks': [], 'updates_ok': 0, 'updates_failed': 0,
                'requests': [], 'queries': [], 'first_seen': logs.ts_text(op.ts), 'last_seen': logs.ts_text(op.ts)}
        else:
            for key, value in _item_info(op).items():
                if value and key in item and not item[key]:
                    item[key] = value
            ts = logs.ts_text(op.ts)
            if ts is not None:
                if item['first_seen'] is None or ts < item['first_seen']:
                    item['first_seen'] = ts
                if item['last_seen'] is None or ts > item['last_seen']:
                    item['last_seen'] = ts
        return item

    # ------------------------------------------------------------------ errors

    def _special(self, agent, entry, th, ts, level, module, msg, high):
        """ERROR/CRITICAL records and traceback headers that have a meaning. True if consumed."""
        if b'Error opening URL' in msg:
            m = _URL_IN_QUOTES.search(msg)
            url = m.group(1) if m else b''
            self._url_failure(agent, th, ts, url, msg)
            return True
        if (b'Cannot read model' in msg or b'Exception serializing' in msg or b'Exception deserializing' in msg
                or b'Cannot write model' in msg):
            entry['model_errors'] += 1
            model = self.model
            model['count'] += 1
            _count(model['agents'], agent)
            if len(model['examples']) < MAX_EXAMPLES:
                model['examples'].append(example(msg))
            self._maybe_tb(agent, th, ts, msg, 'other', False)
            return True
        if b'Exception in the search function' in msg:
            op = self._witness(agent, th, ts, W_EXCEPTION)
            op.exception = True
            if op.item is None:
                self._search_kwargs(op, msg)
            self._start_tb(agent, th, ts, 'search', False, op, msg)
            return True
        if b'Exception in the update function' in msg:
            op = th.op
            if op is None or op.kind != 'update':
                if op is not None:
                    self._end_thread(th, keep_pending=True)
                op = th.op = _Op('update', agent, ts)
            op.exception = True
            m = _GUID_IN_HEADER.search(msg)
            if m is not None and op.item is None:
                self._set_guid(op, m.group(1))
            self._start_tb(agent, th, ts, 'update', False, op, msg)
            return True
        if b'hosted resource hashes' in msg:
            _count(self.noise, 'resource_hashes')
            self._maybe_tb(agent, th, ts, msg, 'other', True)
            return True
        if msg.endswith(b'(most recent call last):') or b'most recent call last):' in msg:
            phase = th.op.kind if th.op is not None else 'other'
            self._start_tb(agent, th, ts, phase, False, th.op, msg)
            return True
        return False

    def _maybe_tb(self, agent, th, ts, msg, phase, noise):
        if b'most recent call last):' in msg:
            self._start_tb(agent, th, ts, phase, noise, th.op, msg)

    def _url_failure(self, agent, th, ts, url, line):
        if th.pending is not None:
            self._flush_pending(th, 'other', None)
        if b'resourceHashes' in url:
            _count(self.noise, 'resource_hashes')
            return
        key = (agent, url)
        if self.recent_urls.get(key) == ts:
            _count(self.noise, 'duplicate_url_error')
            return
        if len(self.recent_urls) > 4096:
            self.recent_urls = {}
        self.recent_urls[key] = ts
        th.pending = [ts, url, line, th.op, agent]

    def _evidence_in(self, agent, th, ts, msg):
        """Look for fetch-failure evidence in an agent message; True when it was one."""
        if _EVIDENCE_HINTED(msg) is None:
            return False
        m = _EVIDENCE.search(msg) or _EVIDENCE_OTHER.search(msg)
        if m is None:
            return False
        self._evidence(agent, th, ts, m, msg)
        return True

    def _evidence(self, agent, th, ts, m, line):
        cls = m.lastgroup
        if cls == 'status':
            cls = 'http'
        status = m.group('status') if cls == 'http' else None
        status = text(status)
        if th.pending is not None:
            self._flush_pending(th, cls, status)
            return
        secs = logs.ts_seconds(ts) if ts is not None else None
        if th.last_url_secs is not None and secs is not None and 0 <= secs - th.last_url_secs <= PAIR_SECONDS:
            return
        url = _ANY_URL.search(line)
        self._count_url_error(agent, th.op, cls, status, url.group(1) if url else None, line)
        th.last_url_secs = secs

    def _flush_pending(self, th, cls, status):
        ts, url, line, op, agent = th.pending
        th.pending = None
        self._count_url_error(agent, op, cls, status, url, line)
        th.last_url_secs = logs.ts_seconds(ts) if ts is not None else None

    def _count_url_error(self, agent, op, cls, status, url, line):
        entry = self._agent_entry(agent)
        entry['url_errors'] += 1
        _count(entry['url_errors_by_class'], cls)
        if status:
            _count(entry['statuses'], status)
        err = self._class_example(cls, agent, line)
        if status:
            _count(err['statuses'], status)
        if url:
            pattern = url_pattern(url)
            if pattern in err['urls'] or len(err['urls']) < MAX_URL_PATTERNS:
                _count(err['urls'], pattern)
        if op is not None:
            op.url_errors.append((cls, status))

    def _class_example(self, cls, agent, line):
        err = self.errors.get(cls)
        if err is None:
            err = self.errors[cls] = {'count': 0, 'statuses': {}, 'examples': [], 'agents': {}, 'urls': {}}
        err['count'] += 1
        _count(err['agents'], agent)
        if len(err['examples']) < MAX_EXAMPLES:
            err['examples'].append(example(line))
        return err

    def _unclassified(self, agent, level, msg, ts):
        template = mask_template(redact(msg))
        group = self.templates.get(template)
        if group is None:
            if len(self.templates) >= MAX_TEMPLATES:
                template = u'<other templates>'
                group = self.templates.get(template)
            if group is None:
                group = self.templates[template] = {
                    'template': template, 'count': 0, 'level': text(level), 'agents': {}, 'examples': [],
                    'first_seen': logs.ts_text(ts), 'last_seen': logs.ts_text(ts)}
        group['count'] += 1
        _count(group['agents'], agent)
        if len(group['examples']) < MAX_EXAMPLES:
            group['examples'].append(example(msg))
        tstext = logs.ts_text(ts)
        if tstext is not None:
            if group['first_seen'] is None or tstext < group['first_seen']:
                group['first_seen'] = tstext
            if group['last_seen'] is None or tstext > group['last_seen']:
                group['last_seen'] = tstext

    def _server(self, ts, level, msg):
        if ts is not None:
            if self.first_ts is None or ts < self.first_ts:
                self.first_ts = ts
            if self.last_ts is None or ts > self.last_ts:
                self.last_ts = ts
        if b'Issuing search query' in msg:
            m = _ISSUING.search(msg)
            if m is not None:
                agent = text(m.group(1))
                if self.agent_filter is None or agent == self.agent_filter:
                    self._agent_entry(agent)['search_ops_server'] += 1
            return
        if level == logs.ERROR or level == logs.CRITICAL:
            if self.agent_filter is None:
                self._unclassified(u'pms', level, msg, ts)

    # ------------------------------------------------------------------ tracebacks

    def _start_tb(self, agent, th, ts, phase, noise, op, msg):
        self._close_tb()
        tb = self.tb = _Traceback(agent, th, ts, phase, noise, op)
        tb.lines.append(msg)
        glued = msg.split(b'most recent call last):', 1)
        if len(glued) == 2 and glued[1].strip():
            self._tb_line(tb, glued[1])

    def _stream_ts(self):
        if self.lazy_line is not None:
            rec = logs.parse(self.lazy_line)
            self.lazy_line = None
            if rec is not None and rec[0] is not None:
                self.stream_ts = rec[0]
        return self.stream_ts

    def _continuation(self, line):
        self._stream_ts()
        if not self.in_window:
            _count(self.skipped, 'outside_window')
            return
        if line[:1].isalpha() and b': ' in line[:40]:
            line = logs.strip_syslog(line)
        tb = self.tb
        if tb is not None:
            self._tb_line(tb, line)
            return
        if _CONTROL.search(line) is not None:
            _count(self.skipped, 'binary')
            return
        if b'File "' in line:
            m = _FRAME.match(_GITHUB_GUTTER.sub(b'', line, 1))
            if m is not None:
                key = (self.agent or u'unknown', None)
                th = self.threads.get(key)
                if th is None:
                    th = self.threads[key] = _Thread()
                self._start_tb(self.agent or u'unknown', th, self.stream_ts, 'other', False, None, b'')
                self._tb_line(self.tb, line)
                return
        if line.startswith(b'Traceback (most recent call last):'):
            key = (self.agent or u'unknown', None)
            th = self.threads.get(key)
            if th is None:
                th = self.threads[key] = _Thread()
            self._start_tb(self.agent or u'unknown', th, self.stream_ts, 'other', False, th.op, line)
            return
        if not self.has_record:
            _count(self.skipped, 'unparsed')
            return
        # A multi-line message or a tail-only paste: an exception line may prove a failed fetch.
        if _EXC_LINE.match(line) is not None or (b'Error' in line and _HTTP_STATUS.search(line)):
            agent = self.agent or u'unknown'
            th = self.threads.get((agent, None))
            if th is None:
                th = self.threads[(agent, None)] = _Thread()
            self._evidence_in(agent, th, self.stream_ts, line)

    def _tb_line(self, tb, line):
        if len(tb.lines) < 40:
            tb.lines.append(line)
        stripped = line
        if b'|' in line[:12]:
            stripped = _GITHUB_GUTTER.sub(b'', line, 1)
        m = _FRAME.match(stripped)
        if m is None and b'File "' in stripped:
            m = _FRAME_ANY.search(stripped)
        if m is not None:
            tb.frames += 1
            frame = (m.group('file'), m.group('line'), m.group('func'))
            tb.last_frame = frame
            is_agent = _AGENT_FRAME.search(frame[0]) is not None and _FRAMEWORK_FRAME.search(frame[0]) is None
            if is_agent:
                tb.agent_frame = frame
                tb.code = None
            tb.expect_code = is_agent
            return
        if not stripped.strip():
            return
        if tb.expect_code and (stripped[:1] in (b' ', b'\t') or stripped is not line):
            tb.code = stripped.strip()
            tb.expect_code = False
            return
        tb.expect_code = False
        if stripped[:1] in (b' ', b'\t'):
            return
        m = _EXC_LINE.match(stripped.rstrip())
        if m is not None and (tb.frames > 0 or len(tb.lines) <= 2):
            tb.exception = m.group('type')
            tb.message = m.group('msg')
            if not tb.noise:
                ev = _EVIDENCE.search(stripped) or _EVIDENCE_OTHER.search(stripped)
                if ev is not None:
                    self._evidence(tb.agent, tb.thread, tb.ts, ev, stripped)
            self._close_tb()

    def _close_tb(self):
        tb = self.tb
        if tb is None:
            return
        self.tb = None
        if tb.noise:
            _count(self.noise, 'resource_hashes_traceback')
            return
        if tb.frames == 0 and tb.exception is None:
            # A header whose frames were cut off entirely still proves an exception.
            pass
        entry = self._agent_entry(tb.agent)
        entry['tracebacks'] += 1
        frame = tb.agent_frame or tb.last_frame
        exc = text(tb.exception) if tb.exception else u'(truncated)'
        f_file = redact(frame[0]) if frame else u''
        f_line = int(frame[1]) if frame else 0
        key = (tb.agent, exc, f_file, f_line)
        item = self.tb_index.get(key)
        tstext = logs.ts_text(tb.ts)
        if item is None:
            item = self.tb_index[key] = {
                'exception': exc, 'message': example(tb.message) if tb.message else u'', 'file': f_file,
                'line': f_line, 'function': text(frame[2]) if frame else u'',
                'code': example(tb.code) if (tb.code and tb.agent_frame) else u'', 'agent': tb.agent,
                'phase': tb.phase, 'count': 0, 'first_seen': tstext, 'last_seen': tstext, 'items': [],
                'examples': []}
        item['count'] += 1
        if tstext is not None:
            if item['first_seen'] is None or tstext < item['first_seen']:
                item['first_seen'] = tstext
            if item['last_seen'] is None or tstext > item['last_seen']:
                item['last_seen'] = tstext
        op_item = tb.op.item if tb.op is not None else tb.item
        if op_item and op_item not in item['items'] and len(item['items']) < MAX_TB_ITEMS:
            item['items'].append(op_item)
        if len(item['examples']) < 1:
            item['examples'].append(example(b'\n'.join(tb.lines[:12])))
        if tb.op is not None:
            tb.op.excs.append(exc)

    # ------------------------------------------------------------------ output

    def snapshot(self):
        """The contracts.md snapshot (a fresh JSON-able dict; accumulation may continue)."""
        agents = {}
        for agent, raw in self.agents.items():
            entry = dict(raw)
            entry['url_errors_by_class'] = dict(raw['url_errors_by_class'])
            entry['statuses'] = dict(raw['statuses'])
            agents[agent] = entry
        tracebacks = sorted((dict(v, items=list(v['items']), examples=list(v['examples']))
                             for v in self.tb_index.values()), key=traceback_order)
        snap = {
            'schema': SCHEMA,
            'window': {'start': logs.ts_text(self.first_ts), 'end': logs.ts_text(self.last_ts)},
            'agents': agents,
            'errors': _copy_errors(self.errors),
            'tracebacks': tracebacks,
            'items': dict((k, _copy_item(v)) for k, v in self.items.items()),
            'items_dropped': self.items_dropped,
            'unclassified': sorted((dict(v, agents=dict(v['agents']), examples=list(v['examples']))
                                    for v in self.templates.values()), key=unclassified_order),
            'noise': dict(self.noise),
            'model': {'count': self.model['count'], 'agents': dict(self.model['agents']),
                      'examples': list(self.model['examples'])},
            'files': [dict(f) for f in self.files],
            'skipped': dict(self.skipped),
            'lost': {'bytes_estimated': self.lost['bytes_estimated'], 'files': list(self.lost['files'])},
        }
        return derive(snap)


def _copy_errors(errors):
    out = {}
    for cls, err in errors.items():
        out[cls] = {'count': err['count'], 'statuses': dict(err['statuses']), 'examples': list(err['examples']),
                    'agents': dict(err['agents']), 'urls': dict(err['urls'])}
    return out


def _copy_item(item):
    out = dict(item)
    for key in ('url_errors', 'statuses'):
        out[key] = dict(item[key])
    for key in ('tracebacks', 'requests', 'queries'):
        out[key] = list(item[key])
    return out


def derive(snap):
    """Compute the derived keys (total_search_ops, outcome_unknown, success_rate, totals) in place."""
    totals = dict((k, 0) for k in TOTAL_KEYS)
    extra = dict((k, 0) for k in RAW_KEYS if k not in TOTAL_KEYS)
    for agent, entry in snap['agents'].items():
        for key in RAW_KEYS:
            entry.setdefault(key, 0)
        if entry['plugin_lines'] > 0:
            total = entry['search_ops_plugin']
        else:
            total = entry['search_ops_server']
        entry['total_search_ops'] = total
        entry['outcome_unknown'] = max(0, total - entry['titles_found'] - entry['title_failures'])
        entry['success_rate'] = (entry['titles_found'] / float(total)) if total else 0.0
        for key in TOTAL_KEYS:
            totals[key] += entry[key]
        for key in extra:
            extra[key] += entry[key]
    totals.update(extra)
    totals['success_rate'] = (totals['titles_found'] / float(totals['total_search_ops'])
                              if totals['total_search_ops'] else 0.0)
    snap['totals'] = totals
    return snap


def empty_snapshot():
    return MetricsAccumulator().snapshot()


def merge(base, add):
    """Sum two snapshots (e.g. per-day collector files); bounded lists stay bounded."""
    out = {'schema': SCHEMA}
    starts = [w for w in (base['window']['start'], add['window']['start']) if w]
    ends = [w for w in (base['window']['end'], add['window']['end']) if w]
    out['window'] = {'start': min(starts) if starts else None, 'end': max(ends) if ends else None}
    out['agents'] = merge_agents(base['agents'], add['agents'])
    errors = _copy_errors(base['errors'])
    for cls, err in add['errors'].items():
        target = errors.setdefault(cls, {'count': 0, 'statuses': {}, 'examples': [], 'agents': {}, 'urls': {}})
        target['count'] += err['count']
        for key in ('statuses', 'agents', 'urls'):
            for k, n in err[key].items():
                if key != 'urls' or k in target[key] or len(target[key]) < MAX_URL_PATTERNS:
                    _count(target[key], k, n)
        for ex in err['examples']:
            if len(target['examples']) < MAX_EXAMPLES:
                target['examples'].append(ex)
    out['errors'] = errors
    tbs = {}
    for tb in list(base['tracebacks']) + list(add['tracebacks']):
        key = (tb['agent'], tb['exception'], tb['file'], tb['line'])
        if key not in tbs:
            tbs[key] = dict(tb, items=list(tb['items']), examples=list(tb['examples']))
            continue
        target = tbs[key]
        target['count'] += tb['count']
        _merge_seen(target, tb)
        for it in tb['items']:
            if it not in target['items'] and len(target['items']) < MAX_TB_ITEMS:
                target['items'].append(it)
    out['tracebacks'] = sorted(tbs.values(), key=traceback_order)
    items = dict((k, _copy_item(v)) for k, v in base['items'].items())
    dropped = base.get('items_dropped', 0) + add.get('items_dropped', 0)
    for key, item in add['items'].items():
        if key not in items:
            if len(items) >= MAX_ITEMS:
                dropped += 1
                continue
            items[key] = _copy_item(item)
            continue
        target = items[key]
        for k in ('searches', 'found', 'failed', 'unknown', 'updates_ok', 'updates_failed'):
            target[k] += item[k]
        for k in ('url_errors', 'statuses'):
            for kk, n in item[k].items():
                _count(target[k], kk, n)
        for k in ('tracebacks', 'requests', 'queries'):
            for v in item[k]:
                if v not in target[k] and len(target[k]) < MAX_ITEM_LIST * 2:
                    target[k].append(v)
        for k in ('name', 'year', 'id', 'filename'):
            if not target.get(k):
                target[k] = item.get(k)
        _merge_seen(target, item)
    out['items'] = items
    out['items_dropped'] = dropped
    groups = {}
    for group in list(base['unclassified']) + list(add['unclassified']):
        key = group['template']
        if key not in groups:
            if len(groups) >= MAX_TEMPLATES:
                key = u'<other templates>'
            if key not in groups:
                groups[key] = dict(group, template=key, agents=dict(group['agents']), examples=list(group['examples']))
                continue
        target = groups[key]
        target['count'] += group['count']
        for k, n in group['agents'].items():
            _count(target['agents'], k, n)
        for ex in group['examples']:
            if len(target['examples']) < MAX_EXAMPLES:
                target['examples'].append(ex)
        _merge_seen(target, group)
    out['unclassified'] = sorted(groups.values(), key=unclassified_order)
    model = base.get('model') or {'count': 0, 'agents': {}, 'examples': []}
    other = add.get('model') or {'count': 0, 'agents': {}, 'examples': []}
    out['model'] = {'count': model['count'] + other['count'], 'agents': dict(model['agents']),
                    'examples': (list(model['examples']) + list(other['examples']))[:MAX_EXAMPLES]}
    for k, n in other['agents'].items():
        _count(out['model']['agents'], k, n)
    out['noise'] = dict(base.get('noise', {}))
    for k, n in add.get('noise', {}).items():
        _count(out['noise'], k, n)
    files = {}
    order = []
    for f in list(base['files']) + list(add['files']):
        if f['path'] not in files:
            files[f['path']] = dict(f)
            order.append(f['path'])
        else:
            files[f['path']]['bytes_read'] += f['bytes_read']
            files[f['path']]['lines'] += f['lines']
    out['files'] = [files[p] for p in order]
    out['skipped'] = dict(base['skipped'])
    for k, n in add['skipped'].items():
        _count(out['skipped'], k, n)
    out['lost'] = {'bytes_estimated': base['lost']['bytes_estimated'] + add['lost']['bytes_estimated'],
                   'files': list(base['lost']['files']) + list(add['lost']['files'])}
    return derive(out)


def merge_agents(base, add):
    """Per-agent raw counts of two snapshots summed, in a fresh dict (derive() computes the rest)."""
    agents = dict((k, _copy_agent(v)) for k, v in base.items())
    for agent, entry in add.items():
        target = agents.setdefault(agent, _copy_agent(dict(_new_agent())))
        for key in RAW_KEYS:
            target[key] = target.get(key, 0) + entry.get(key, 0)
        for key in ('url_errors_by_class', 'statuses'):
            for k, n in entry.get(key, {}).items():
                _count(target[key], k, n)
    return agents


def totals_of(agents):
    """The `totals` block derive() computes for snapshots with these per-agent counts."""
    return derive({'agents': merge_agents({}, agents)})['totals']


def _copy_agent(entry):
    out = dict(entry)
    out['url_errors_by_class'] = dict(entry.get('url_errors_by_class', {}))
    out['statuses'] = dict(entry.get('statuses', {}))
    return out


def _merge_seen(target, other):
    for key, pick in (('first_seen', min), ('last_seen', max)):
        values = [v for v in (target.get(key), other.get(key)) if v]
        target[key] = pick(values) if values else None
