# -*- coding: utf-8 -*-
"""Traceback assembly: header, frame and exception lines in, snapshot `tracebacks` records out.

A traceback (docs/counts.md "tracebacks") is a header ending `(most recent call last):`
with its un-prefixed frame and code lines and the exception line that closes it; or, when
the header is gone (a pasted tail, a log that starts mid-traceback), a bare `File "...",
line N, in f` run, or an exception line alone (`HTTPError: HTTP Error 403: Forbidden`).
`Traceback` reads those lines; `TracebackAssembler` holds the one open on the current file
and, when it closes, files it under (agent, exception type, file and line of the last agent
frame), counts it for the agent, and hands the exception line to the fetch-failure evidence
(a traceback ending `URLError: <urlopen error timed out>` is a failed fetch). The framework's
start-up traceback (`Exception getting hosted resource hashes`) is one like any other.
"""
from __future__ import absolute_import, division, print_function

import re

from .. import fetch_errors
from ..redact import redact
from ..text import decode_bytes
from .lines import ts_text
from .snapshot import MAX_TB_EXAMPLES, MAX_TB_ITEMS, TRACEBACK, agent_entry, example, note_seen

MAX_LINES = 40          # lines of one traceback kept for its example
EXAMPLE_LINES = 12      # of which the example shows the first

FRAME = re.compile(br'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)')
FRAME_ANY = re.compile(br'File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)')
EXCEPTION_LINE = re.compile(br'^(?P<type>[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)|[A-Z]\w+)'
                            br'(?:: (?P<msg>.*))?$')
# An exception line that stands for a whole traceback when nothing precedes it (its type
# must be named like one: `Title: x` is not an exception).
LONE_EXCEPTION = re.compile(br'^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)(?:: .*)?$')
GITHUB_GUTTER = re.compile(br'^\s*\|\s*\d+\s*\|\s?')
AGENT_FRAME = re.compile(br'(?:/|\\)Plug-ins(?:/|\\)[^/\\]+\.bundle(?:/|\\)Contents(?:/|\\)(?:Code|Libraries)'
                         br'|\.bundle(?:/|\\)Contents(?:/|\\)Libraries(?:/|\\)Shared')
# Not the agent's own code: the framework, and PlexImprovement's overlay (fixes/overlay) placed in an
# agent's Libraries/Shared, so a failure keeps its record whether or not an overlay is in between.
FRAMEWORK_FRAME = re.compile(br'Framework\.bundle|System\.bundle|urllib2_new\.py|python27\.zip|'
                             br'(?:/|\\)Framework(?:/|\\)code(?:/|\\)sandbox\.py|Python(?:/|\\)Framework(?:/|\\)|'
                             br'(?:/|\\)Libraries(?:/|\\)Shared(?:/|\\)pleximprovement_overlay(?:/|\\)')
HEADER_END = b'most recent call last):'


def is_frame_line(line):
    """True for a `File "...", line N, in f` line (a GitHub paste's gutter allowed)."""
    return FRAME.match(GITHUB_GUTTER.sub(b'', line, 1)) is not None


def is_lone_exception(line):
    """True for an exception line that is a traceback's tail by itself (`HTTPError: ...`)."""
    return LONE_EXCEPTION.match(line.rstrip()) is not None


class Traceback(object):
    """One traceback being read: where it was opened, its frames, code line and exception
    (TracebackAssembler.line fills it in)."""

    __slots__ = ('agent', 'thread', 'ts', 'phase', 'frames', 'agent_frame', 'last_frame', 'code',
                 'expect_code', 'exception', 'message', 'lines', 'op', 'item')

    def __init__(self, agent, thread, ts, phase, op):
        self.agent = agent
        self.thread = thread
        self.ts = ts
        self.phase = phase
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


class TracebackAssembler(object):
    """The traceback open on the current file, and the snapshot records of those closed.

    agents: the accumulator's per-agent counters (updated here). evidence: called as
    evidence(agent, thread, ts, match, line) for a closing exception line holding
    fetch_errors evidence. An open traceback stays open across the end of a file: the next
    file of the same agent may go on with its lines (a log rotated mid-traceback); a record,
    another agent's file or the end of input closes it.
    """

    def __init__(self, agents, evidence):
        self.agents = agents
        self.evidence = evidence
        self.open = None
        self.records = {}

    def start(self, agent, thread, ts, phase, op, header):
        """Open a traceback at its header line (what follows the header on that line is read
        too); b'' for a traceback whose header is gone (its first line comes next)."""
        self.close()
        tb = self.open = Traceback(agent, thread, ts, phase, op)
        if header:
            tb.lines.append(header)
        glued = header.split(HEADER_END, 1)
        if len(glued) == 2 and glued[1].strip():
            self.line(glued[1])

    def line(self, line):
        """One more line of the open traceback: a frame, its code line, or the exception line
        that closes it (a GitHub paste's `| 12 |` gutter is read through)."""
        tb = self.open
        if len(tb.lines) < MAX_LINES:
            tb.lines.append(line)
        stripped = line
        if b'|' in line[:12]:
            stripped = GITHUB_GUTTER.sub(b'', line, 1)
        m = FRAME.match(stripped)
        if m is None and b'File "' in stripped:
            m = FRAME_ANY.search(stripped)
        if m is not None:
            tb.frames += 1
            frame = (m.group('file'), m.group('line'), m.group('func'))
            tb.last_frame = frame
            is_agent = AGENT_FRAME.search(frame[0]) is not None and FRAMEWORK_FRAME.search(frame[0]) is None
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
        m = EXCEPTION_LINE.match(stripped.rstrip())
        if m is not None and (tb.frames > 0 or len(tb.lines) <= 2):
            tb.exception = m.group('type')
            tb.message = m.group('msg')
            ev = fetch_errors.EVIDENCE.search(stripped) or fetch_errors.URLOPEN.search(stripped)
            if ev is not None:
                self.evidence(tb.agent, tb.thread, tb.ts, ev, stripped)
            self.close()

    def close(self):
        """File the open traceback (a header whose frames were cut off still proves an exception)."""
        tb = self.open
        if tb is None:
            return
        self.open = None
        agent_entry(self.agents, tb.agent)['tracebacks'] += 1
        frame = tb.agent_frame or tb.last_frame
        exc = decode_bytes(tb.exception) if tb.exception else u'(truncated)'
        f_file = redact(frame[0]) if frame else u''
        f_line = int(frame[1]) if frame else 0
        key = (tb.agent, exc, f_file, f_line)
        record = self.records.get(key)
        when = ts_text(tb.ts)
        if record is None:
            record = self.records[key] = TRACEBACK.new(
                exception=exc, message=example(tb.message) if tb.message else u'', file=f_file, line=f_line,
                function=decode_bytes(frame[2]) if frame else u'',
                code=example(tb.code) if (tb.code and tb.agent_frame) else u'', agent=tb.agent, phase=tb.phase,
                first_seen=when, last_seen=when)
        record['count'] += 1
        note_seen(record, when)
        op_item = tb.op.item if tb.op is not None else tb.item
        if op_item and op_item not in record['items'] and len(record['items']) < MAX_TB_ITEMS:
            record['items'].append(op_item)
        if len(record['examples']) < MAX_TB_EXAMPLES:
            record['examples'].append(example(b'\n'.join(tb.lines[:EXAMPLE_LINES])))
        if tb.op is not None:
            tb.op.excs.append(exc)
