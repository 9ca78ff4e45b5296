# -*- coding: utf-8 -*-
"""Log line shapes: one line (bytes) in, a record tuple out; and the record time helpers.

One parser per shape in log-formats.md §2; `parse()` tries the common framework line first
(one anchored regex) and the rarer shapes only when that fails. Lines stay bytes: invalid
UTF-8 is decoded (with U+FFFD) only when a message is shown.

Record tuple from `parse()`: (ts, thread, level, module, msg, ident, kind) with ts as bytes
`YYYY-MM-DD HH:MM:SS` or None, level one of LEVELS (bytes), kind KIND_PLUGIN or KIND_SERVER.
"""
from __future__ import absolute_import, division, print_function

import datetime
import re

KIND_PLUGIN = 0
KIND_SERVER = 1

DEBUG, INFO, WARNING, ERROR, CRITICAL = b'DEBUG', b'INFO', b'WARNING', b'ERROR', b'CRITICAL'
LEVELS = (DEBUG, INFO, WARNING, ERROR, CRITICAL)

_LVL = br'(DEBUG|INFO|WARNING|ERROR|CRITICAL)'
_TS = br'(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)[,.]\d+'
_MOD = br'\(([^()\s:]+):(\d+)\) -(?: |$)'

# 2.1 framework: `2020-06-08 17:07:32,866 (7f4caeffd700) :  ERROR (networking:196) - msg`
_FRAMEWORK = re.compile(_TS + br' \((-?[0-9A-Fa-f]+)\) :\s+' + _LVL + br' ' + _MOD)
# 2.2 console: `2015-11-02 19:38:00,787 - com.plexapp.agents.subzero   (-c2bb470) :  INFO (logger:31) - msg`
_CONSOLE = re.compile(_TS + br' - ([\w.\-]+)\s+\((-?[0-9A-Fa-f]+)\) :\s+' + _LVL + br' ' + _MOD)
# 2.2 padded verbose: `2017-03-12 13:30:46,226 (    +1784/logkit    /Info   /  16) INFO     msg`
_PADDED = re.compile(_TS + br' \(\s*([+-]?[0-9A-Za-z]+)\s*/\s*([^/()]*?)\s*/\s*([^/()]*?)\s*/\s*(\d+)\) '
                     + _LVL + br'\s+')
# 2.2 Hama private: `2019-10-14 12:00:53,014 - 70000919d000 - Handling request GET ...`
_HAMA = re.compile(_TS + br' - ([0-9A-Fa-f]+) - ')
# 2.2 syslog/journald wrapper: `Mar 25 15:01:56 HOST sh[24490]: <line>`
_SYSLOG = re.compile(br'[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [^\s:]+: ')
# 2.2 prefix-less paste / any damaged prefix: the level+module part is the anchor.
_ANCHOR = re.compile(br'(?:^|[\s:$|])' + _LVL + br' ' + _MOD)
_ANY_TS = re.compile(_TS)
_ANY_THREAD = re.compile(br'\((-?[0-9A-Fa-f]{3,16})\)')
_ANY_IDENT = re.compile(br' - ([a-z][\w\-]*(?:\.[\w\-]+)+)\s+\(')
# 2.3 server: `Feb 22, 2019 09:52:44.277 [6740] DEBUG - msg` / `... [0x8106] Debug — msg`
_SERVER = re.compile(br'([A-Z][a-z]{2}) (\d\d), (\d{4}) (\d\d:\d\d:\d\d)[.,]\d+ \[(0x[0-9A-Fa-f]+|\d+)\] '
                     br'(?:\[[^\]]*\] )*(\S+) (?:-|\xe2\x80\x94) ')

_MONTHS = dict((m, ('%02d' % (i + 1)).encode('ascii'))
               for i, m in enumerate([b'Jan', b'Feb', b'Mar', b'Apr', b'May', b'Jun', b'Jul', b'Aug',
                                      b'Sep', b'Oct', b'Nov', b'Dec']))

# Localized and title-case server levels (log-formats.md 2.3); matched on a lower-case prefix.
_SERVER_LEVELS = (
    (b'verb', DEBUG), (b'deb', DEBUG), (b'dep', DEBUG), (b'trace', DEBUG),
    (b'info', INFO), (b'inf', INFO),
    (b'warn', WARNING), (b'adv', WARNING), (b'avis', WARNING), (b'avert', WARNING),
    (b'att', WARNING), (b'waarsch', WARNING),
    (b'err', ERROR), (b'fehl', ERROR), (b'fout', ERROR), (b'fel', ERROR),
    (b'crit', CRITICAL), (b'fatal', CRITICAL), (b'kritisch', CRITICAL),
)
_PADDED_LEVELS = dict((lv, lv) for lv in LEVELS)
_TXN = re.compile(br'\[T:[^\]]*\] ')


_LEVEL_OF_WORD = {}


def server_level(word):
    """Map `DEBUG`, `Debug`, `Depuración`, `Advertencia`... to one of LEVELS (INFO if unknown)."""
    level = _LEVEL_OF_WORD.get(word)
    if level is None:
        level = INFO
        low = word.lower()
        for prefix, known in _SERVER_LEVELS:
            if low.startswith(prefix):
                level = known
                break
        if len(_LEVEL_OF_WORD) < 256:     # a log has a handful of level words
            _LEVEL_OF_WORD[word] = level
    return level


def strip_txn(msg):
    """A message without its leading `[T:...] ` transaction tag."""
    if msg.startswith(b'[T:'):
        return _TXN.sub(b'', msg, 1)
    return msg


# parse() in two steps, for callers that inline the first one (accumulator.feed_lines): a
# FRAMEWORK_MATCH match m gives the record (m.group(1), m.group(2), m.group(3), m.group(4),
# strip_txn(line[m.end():]), None, KIND_PLUGIN); otherwise parse_other(line) is the record.
FRAMEWORK_MATCH = _FRAMEWORK.match


def parse(line):
    """Parse one line (bytes, no newline) into a record tuple, or None for a non-record line."""
    m = _FRAMEWORK.match(line)
    if m is not None:
        msg = line[m.end():]
        if msg[:3] == b'[T:':
            msg = strip_txn(msg)
        return (m.group(1), m.group(2), m.group(3), m.group(4), msg, None, KIND_PLUGIN)
    return parse_other(line)


def parse_other(line):
    """parse() for a line that is not the common framework shape (FRAMEWORK_MATCH failed)."""
    first = line[:1]
    if first.isdigit():
        m = _CONSOLE.match(line)
        if m is not None:
            return (m.group(1), m.group(3), m.group(4), m.group(5), strip_txn(line[m.end():]),
                    m.group(2), KIND_PLUGIN)
        m = _PADDED.match(line)
        if m is not None:
            return (m.group(1), m.group(2), m.group(6), m.group(3), line[m.end():], None, KIND_PLUGIN)
        m = _HAMA.match(line)
        if m is not None:
            return (m.group(1), m.group(2), INFO, b'hama', line[m.end():], None, KIND_PLUGIN)
    elif first.isalpha():
        m = _SERVER.match(line)
        if m is not None:
            return _server_record(m, line)
        m = _SYSLOG.match(line)
        if m is not None:
            inner = line[m.end():]
            if inner:
                return parse(inner)
            return None
    return _fallback(line)


def _server_record(m, line):
    ts = b''.join((m.group(3), b'-', _MONTHS.get(m.group(1), b'01'), b'-', m.group(2), b' ', m.group(4)))
    return (ts, m.group(5), server_level(m.group(6)), b'pms', line[m.end():], None, KIND_SERVER)


def _fallback(line):
    """Damaged or prefix-less lines: anchor on `LEVEL (module:line) - ` or the server shape."""
    head = line[:400]
    m = _ANCHOR.search(head)
    if m is not None:
        prefix = head[:m.start(1)]
        ts = _ANY_TS.search(prefix)
        thread = _ANY_THREAD.search(prefix)
        ident = _ANY_IDENT.search(prefix)
        return (ts.group(1) if ts else None, thread.group(1) if thread else None, m.group(1),
                m.group(2), strip_txn(line[m.end():]), ident.group(1) if ident else None, KIND_PLUGIN)
    m = _SERVER.search(head)
    if m is not None:
        return _server_record(m, line)
    return None


# What a paste or a log collector puts before each line (log-formats.md §2.2, §6): a
# syslog/journald wrapper, a `docker compose logs` column (`plex  | `), a grep file name
# (`./x.log:12:`, `x.log-`), an editor's or GitHub's line number (`12: `, `  12 | `, `| 12 |`,
# `12<TAB>`). Records are found through them by _fallback; a continuation line (a traceback's
# frame, code or exception line) is read without them.
_COMPOSE = re.compile(br'[\w.\-]+ *\| ')
_GREP = re.compile(br'(?:\./)?[^\s:]*\.(?:log|txt)(?:\.\d+)?[:\-](?:\d+[:\-])?')
_GUTTER = re.compile(br'\s*\|?\s*\d{1,6}(?: *[|:]|\t) ?')


def strip_syslog(line):
    """Continuation lines of a syslog-wrapped log carry the wrapper too."""
    m = _SYSLOG.match(line)
    if m is not None:
        return line[m.end():]
    return line


def strip_paste_prefix(line):
    """A continuation line without what a paste or a collector put before it (see above)."""
    first = line[:1]
    if first == b' ' and (line[:8] == b'  File "' or (line[:4] == b'    ' and line[4:5].isalpha())):
        return line     # a traceback's frame or code line as the framework writes it (most of them)
    if first.isalpha() or first == b'.':
        if b': ' in line[:80]:
            stripped = strip_syslog(line)
            if stripped is not line:
                return stripped
        m = _GREP.match(line)
        if m is not None and m.end() < len(line):
            return line[m.end():]
        if b'| ' in line[:40]:
            m = _COMPOSE.match(line)
            if m is not None:
                return line[m.end():]
        return line
    rest = line.lstrip()[:1]
    if rest.isdigit() or rest == b'|':
        m = _GUTTER.match(line)
        if m is not None:
            return line[m.end():]
    return line


def ts_text(ts):
    """Record timestamp (bytes) as text for JSON."""
    if ts is None:
        return None
    return ts.decode('ascii', 'replace')


def ts_shift(ts, hours):
    """`ts` (bytes `YYYY-MM-DD HH:MM:SS`) minus `hours`, same format."""
    when = datetime.datetime.strptime(ts.decode('ascii'), '%Y-%m-%d %H:%M:%S')
    start = when - datetime.timedelta(seconds=float(hours) * 3600.0)
    return start.strftime('%Y-%m-%d %H:%M:%S').encode('ascii')


_TS_FIELDS = re.compile(br'(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\Z')
_EPOCH = datetime.datetime(2000, 1, 1)


def ts_seconds(ts):
    """Seconds since 2000-01-01 for a record timestamp (bytes); used for short-gap pairing.

    A plain `YYYY-MM-DD HH:MM:SS` is read field by field (strptime is slow, and on such text
    it accepts and refuses exactly what datetime() does); anything else goes to strptime.
    """
    m = _TS_FIELDS.match(ts) if isinstance(ts, bytes) else None
    try:
        if m is not None:
            when = datetime.datetime(*[int(field) for field in m.groups()])
        else:
            when = datetime.datetime.strptime(ts.decode('ascii'), '%Y-%m-%d %H:%M:%S')
    except (ValueError, AttributeError):
        return None
    delta = when - _EPOCH
    return delta.days * 86400 + delta.seconds
