# -*- coding: utf-8 -*-
"""Agent calls per thread: search and update operations in, search/update counters and items out.

Plug-in requests are handled one per thread, so every line on thread T between `Handling
request GET .../messaging/function/<fn>/...` and the next `Response: [...]` on T belongs to
that call (SEARCH_FN is `_AgentKit:Search`, UPDATE_FN `_AgentKit:UpdateMetadata`). An
operation also ends at the next `Handling request` on T (its Response was lost) or at the
end of the input. A search is opened by the first of its witnesses (W_*: the request, the
`Searching for matches` line, a search exception, an agent start phrase); a witness of a
kind the open search has not seen joins it, a repeated one starts a new search.

A closed search has exactly one outcome (docs/counts.md): `error` when its function raised
(search_exceptions), else `found` / `failed` from the agent's phrases (a verdict phrase
decides over the others), else `unknown`. Searches read from an agent's own log files
(`private`) are counted apart from the plug-in log's (search_ops_private).

Each operation may name an item (the searched title or the updated guid); ItemBudget bounds
how many item records are kept (they dominate the memory); the counters never depend on it.
"""
from __future__ import absolute_import, division, print_function

import base64
import re

from ..redact import redact
from ..text import decode_bytes
from .lines import ts_text
from .snapshot import ITEM, MAX_ITEM_LIST, MAX_ITEMS, agent_entry, note_seen

try:
    from urllib.parse import unquote as _unquote  # novermin
except ImportError:  # Python 2.7: urlparse's unquote is urllib's (the same code), without the
    from urlparse import unquote as _unquote    # socket and ssl urllib loads (5 MB resident)

SEARCH_FN = b'X0FnZW50S2l0OlNlYXJjaA__'
UPDATE_FN = b'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh'
W_HANDLING, W_SEARCHING, W_EXCEPTION, W_AGENT = 1, 2, 4, 8
MAX_QUERY_CHARS = 200

# A quoted value is written as the unrolled `[^'\\]*(?:\\.[^'\\]*)*` rather than `(?:[^'\\]|\\.)*`: the
# same strings and the same groups (a backslash always starts a two-byte escape, so there is
# one way to read a value), without an alternation per byte (search_kwargs runs per search).
_KW_NAMES = dict((name, name.decode('ascii')) for name in (b'name', b'year', b'id', b'filename', b'show', b'title',
                                                           b'album', b'artist'))
_KW_FIELD = re.compile(br"""['"](name|year|id|filename|show|title|album|artist)['"]: u?"""
                       br"""(?:'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"|(\d+))""")
_GUID = re.compile(br"([a-z][\w.\-]*://[^\s'\"\x00-\x1f?]+(?:\?lang=\w+)?)")
_GUID_IN_HEADER = re.compile(br"called with guid '([^']*)'")
# A URL an operation requested (networking DEBUG lines; kept in items.requests).
REQUESTING = re.compile(br"(?:Requesting|Fetching|Requesting URL) '?(https?://[^'\s]+)")


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


class Operation(object):
    """One agent call (search or update) on one thread."""
    __slots__ = ('kind', 'agent', 'witness', 'found', 'none', 'verdict', 'exception', 'private', 'item', 'item_info',
                 'ts', 'urls', 'queries', 'url_errors', 'excs', 'guid', 'seq')

    def __init__(self, kind, agent, ts, private=False, seq=0):
        self.seq = seq           # the order operations were opened in
        self.kind = kind
        self.agent = agent
        self.witness = 0
        self.found = False
        self.none = False
        self.verdict = None      # True / False: the agent's own last word on the search
        self.exception = False
        self.private = private   # read from the agent's own log files, not its plug-in log
        self.item = None
        self.item_info = None
        self.ts = ts
        self.urls = []
        self.queries = []
        self.url_errors = []
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
            # %XX escapes are UTF-8 bytes: 2.7's unquote() of a unicode string makes each one
            # a code point (mojibake), so 2.7 unquotes the bytes; 3's unquote() decodes them.
            value = info['filename']
            unquoted = _unquote(value.encode('utf-8')) if bytes is str else _unquote(value)
            info['filename'] = redact(decode_bytes(unquoted))
        except Exception:  # noqa: keep the raw value
            pass
    return info


def search_outcome(op):
    """The one outcome of a closed search (docs/counts.md): 'errors' when its function raised,
    else 'found' / 'failed' (the agent's verdict phrase first, then its found / not-found
    phrases, found winning), else 'unknown'. The names are the item record's counters."""
    if op.exception:
        return 'errors'
    if op.verdict is not None:
        return 'found' if op.verdict else 'failed'
    if op.found:
        return 'found'
    if op.none:
        return 'failed'
    return 'unknown'


class ThreadState(object):
    """What one (agent, thread) is doing: its open operation, its last request not known to
    have failed, and its pending failed fetch (url_errors.py)."""
    __slots__ = ('op', 'requested', 'pending', 'last_url_secs')

    def __init__(self):
        self.op = None
        self.requested = None        # the line (bytes) of the last `Requesting` no failure was counted for
        self.pending = None          # [ts, url, line, op, agent] of an unclassified Error opening URL
        self.last_url_secs = None    # when a fetch failure was last counted here


class ItemBudget(object):
    """How many more per-item records may be kept (they dominate an accumulator's memory).

    Each accumulator has its own budget of MAX_ITEMS by default. The collector gives all the
    per-day accumulators of one tick a shared one, so a tick spanning several days keeps no
    more item records (and needs no more memory) than one aggregation does.
    """

    def __init__(self, limit=MAX_ITEMS):
        self.left = limit


class Operations(object):
    """The open operation of every (agent, thread), and the items the closed ones named.

    agents: the accumulator's per-agent counters; url_errors: its UrlErrors (a failed fetch
    still pending when an operation ends is counted without its status).
    """

    def __init__(self, agents, url_errors, item_budget):
        self.agents = agents
        self.url_errors = url_errors
        self.item_budget = item_budget
        self.threads = {}       # (agent, thread id or None) -> ThreadState
        self.items = {}
        self.items_dropped = 0
        self.private = False    # the file being read is an agent's own log (operations opened now are)
        self.opened = 0

    def _open(self, th, kind, agent, ts):
        """A new operation on the thread (numbered: finish() closes the open ones in this order)."""
        self.opened += 1
        op = th.op = Operation(kind, agent, ts, self.private, self.opened)
        return op

    def thread(self, agent, thread):
        key = (agent, thread)
        th = self.threads.get(key)
        if th is None:
            th = self.threads[key] = ThreadState()
        return th

    def finish(self):
        """End of input: close every open operation (no more lines will come for them), in the
        order they were opened, so the items kept within the budget do not depend on when a
        thread was first seen."""
        threads = list(self.threads.values())
        threads.sort(key=lambda th: th.op.seq if th.op is not None else 0)
        for th in threads:
            self.end(th)
        self.threads.clear()

    def wants_urls(self, op):
        """False when no URL of `op` can reach a report: its item is full or will be dropped."""
        if len(op.urls) >= MAX_ITEM_LIST:
            return False
        if op.item is None:
            return True     # an exception header may still name the item
        item = self.items.get(op.item)
        if item is not None:
            return len(item['requests']) < MAX_ITEM_LIST
        return self.item_budget.left > 0

    def handling(self, agent, th, ts, msg):
        """A `Handling request` line: a search witness, or the start of another call."""
        if SEARCH_FN in msg:
            self.witness(agent, th, ts, W_HANDLING)
            return
        if th.op is not None:
            self.end(th)
        if UPDATE_FN in msg:
            op = self._open(th, 'update', agent, ts)
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
        op.guid = decode_bytes(guid)
        ident = op.guid.split('://', 1)[-1].split('?', 1)[0]
        op.item = u'%s|%s' % (op.agent, ident)
        op.item_info = {'id': ident}

    def witness(self, agent, th, ts, bit):
        """The search a witness of kind `bit` belongs to (opened when it starts a new one)."""
        op = th.op
        if op is not None and op.kind == 'search' and not (op.witness & bit):
            op.witness |= bit
            return op
        if op is not None:
            self.end(th, keep_pending=True)
        op = self._open(th, 'search', agent, ts)
        op.witness = bit
        return op

    def search_exception(self, agent, th, ts, msg):
        """`Exception in the search function`: the search failed; returns it."""
        op = self.witness(agent, th, ts, W_EXCEPTION)
        op.exception = True
        if op.item is None:
            self.search_kwargs(op, msg)
        return op

    def update_exception(self, agent, th, ts, msg):
        """`Exception in the update function`: the update failed; returns it."""
        op = th.op
        if op is None or op.kind != 'update':
            if op is not None:
                self.end(th, keep_pending=True)
            op = self._open(th, 'update', agent, ts)
        op.exception = True
        m = _GUID_IN_HEADER.search(msg)
        if m is not None and op.item is None:
            self._set_guid(op, m.group(1))
        return op

    def search_kwargs(self, op, msg):
        """The searched item from the `{'name': ..., 'year': ...}` the line shows."""
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

    def phrases(self, agent, entry, th, ts, hits):
        """An agent's own phrasings (phrases.match_phrases hits) on a thread."""
        for name, kind, m in hits:
            if kind == 'start':
                op = th.op
                if op is not None and op.kind == 'search' and not (op.witness & W_AGENT):
                    op.witness |= W_AGENT
                else:
                    self.witness(agent, th, ts, W_AGENT)
            elif kind == 'weak':
                if th.op is None:
                    self.witness(agent, th, ts, W_AGENT)
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
            elif kind == 'verdict_found':
                op.verdict = True
            elif kind == 'verdict_none':
                op.verdict = False
            elif kind == 'end':
                if not op.found and op.verdict is None:
                    op.verdict = False
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
                op.queries.append(decode_bytes(m.group(1))[:MAX_QUERY_CHARS])

    def end(self, th, status=None, keep_pending=False):
        """Close the thread's operation (`status`: its Response code) and count it."""
        if th.pending is not None and not keep_pending:
            self.url_errors.flush(th)
        op = th.op
        th.op = None
        if op is None:
            return
        entry = agent_entry(self.agents, op.agent)
        item = self._item(op)
        if op.kind == 'search':
            entry['search_ops_private' if op.private else 'search_ops_plugin'] += 1
            outcome = search_outcome(op)
            if outcome == 'errors':
                entry['search_exceptions'] += 1
            elif outcome == 'found':
                entry['titles_found'] += 1
            elif outcome == 'failed':
                entry['title_failures'] += 1
                if op.url_errors or op.excs:
                    entry['title_failures_with_errors'] += 1
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
            self._add_to_item(item, op)

    def _add_to_item(self, item, op):
        for cls, st in op.url_errors:
            item['url_errors'][cls] = item['url_errors'].get(cls, 0) + 1
            if st:
                item['statuses'][st] = item['statuses'].get(st, 0) + 1
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
        """The item record the operation names (created within the budget), or None."""
        if op.item is None:
            return None
        item = self.items.get(op.item)
        if item is None:
            if self.item_budget.left <= 0:
                self.items_dropped += 1
                return None
            self.item_budget.left -= 1
            info = _item_info(op)
            when = ts_text(op.ts)
            item = self.items[op.item] = ITEM.new(
                agent=op.agent, name=info.get('name'), year=info.get('year'), id=info.get('id'),
                filename=info.get('filename'), first_seen=when, last_seen=when)
        else:
            for key, value in _item_info(op).items():
                if value and key in item and not item[key]:
                    item[key] = value
            note_seen(item, ts_text(op.ts))
        return item
