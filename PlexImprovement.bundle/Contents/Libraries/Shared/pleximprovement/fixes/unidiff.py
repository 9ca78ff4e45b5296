# -*- coding: utf-8 -*-
"""Unified diffs parsed, applied to bytes and reversed, in plain Python (no patch program needed).

In: the bytes of a unified diff (``diff -u``, ``git diff``) and the bytes of the files it names.
Out: a ``Patch`` (the free text before the first file, and one ``FilePatch`` per file: its path
inside a bundle, 'Contents/...', and its hunks), each file's new bytes (None: deleted), or
ValueError naming the hunk and the line that does not match. Custom fixes (entries/custom.py)
use it, so a diff an owner drops in is checked and applied the same way on every platform.

Rules: strict, no fuzz: a hunk applies where its old lines match exactly, at the line it states
or moved (the same offset as the hunk before, then the nearest exact match). Lines compare
without their endings, so a diff made on LF text applies to a CRLF file; an added line takes the
ending of the file's first line (a new file, or one line without an ending: the diff's own);
"\\ No newline at end of file" is honoured.
Paths: everything before the first 'Contents' part is dropped ('a/', 'Hama.bundle/', an absolute
folder); a path without one, or with '..', '.', an empty part or a backslash, is refused, and so
are binary diffs, renames, copies, mode changes and two sections for one file.
"""
from __future__ import absolute_import, division, print_function

import re

DEV_NULL = u'/dev/null'
CONTENTS = u'Contents'
HUNK_RE = re.compile(br'^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@')
REFUSED = ((b'GIT binary patch', 'a binary diff'), (b'Binary files ', 'a binary diff'),
           (b'rename from ', 'a rename'), (b'rename to ', 'a rename'), (b'copy from ', 'a copy'),
           (b'copy to ', 'a copy'), (b'old mode ', 'a mode change'), (b'new mode ', 'a mode change'))
CONTEXT, REMOVED, ADDED, MARKER = b' ', b'-', b'+', b'\\'


def split_lines(data):
    """[(text, ending)] of bytes; ending is b'\\r\\n', b'\\n' or b'' (a last line without one)."""
    lines = []
    start = 0
    while start < len(data):
        end = data.find(b'\n', start)
        if end < 0:
            lines.append((data[start:], b''))
            break
        if end > start and data[end - 1:end] == b'\r':
            lines.append((data[start:end - 1], b'\r\n'))
        else:
            lines.append((data[start:end], b'\n'))
        start = end + 1
    return lines


def shown(text):
    return text.decode('utf-8', 'replace')


class Hunk(object):
    """One @@ section: where it starts and its lines as (tag, text, ending)."""

    def __init__(self, number, old_start, old_count, new_start, new_count, lines):
        self.number = number
        self.old_start = old_start
        self.old_count = old_count
        self.new_start = new_start
        self.new_count = new_count
        self.lines = lines

    def header(self):
        return '@@ -%d,%d +%d,%d @@' % (self.old_start, self.old_count, self.new_start, self.new_count)

    def old_side(self):
        return [(text, ending) for tag, text, ending in self.lines if tag != ADDED]

    def reversed(self):
        swap = {ADDED: REMOVED, REMOVED: ADDED, CONTEXT: CONTEXT}
        return Hunk(self.number, self.new_start, self.new_count, self.old_start, self.old_count,
                    [(swap[tag], text, ending) for tag, text, ending in self.lines])


class FilePatch(object):
    """The changes to one file. ``old_path``/``new_path`` None stands for /dev/null (new / deleted)."""

    def __init__(self, old_path, new_path, hunks):
        self.old_path = old_path
        self.new_path = new_path
        self.hunks = hunks
        self.path = new_path if new_path is not None else old_path

    def is_new(self):
        return self.old_path is None

    def is_deleted(self):
        return self.new_path is None

    def reversed(self):
        return FilePatch(self.new_path, self.old_path, [h.reversed() for h in self.hunks])


class Patch(object):
    def __init__(self, header, files):
        self.header = header    # text lines before the first file (title, addresses, agent ...)
        self.files = files


def contents_path(raw, number):
    """The path as 'Contents/...' (parts before the first 'Contents' dropped); None for /dev/null."""
    try:
        text = raw.split(b'\t')[0].decode('utf-8').rstrip(u'\r')
    except UnicodeError:
        raise ValueError('line %d: the path is not UTF-8' % number)
    if text == DEV_NULL:
        return None
    if text.startswith(u'"') or u'\\' in text:
        raise ValueError('line %d: quoted or backslash paths are not supported (%s)' % (number, text))
    parts = text.split(u'/')
    if u'..' in parts:
        raise ValueError('line %d: path %s leaves its folder (..)' % (number, text))
    if CONTENTS not in parts:
        raise ValueError("line %d: path %s is not inside a bundle's Contents/" % (number, text))
    parts = parts[parts.index(CONTENTS):]
    if len(parts) < 2 or any(part in (u'', u'.') for part in parts):
        raise ValueError('line %d: path %s is not a file inside Contents/' % (number, text))
    return u'/'.join(parts)


def hunk_at(lines, index, number):
    """(Hunk, index of the line after it) for the @@ line at ``index``."""
    found = HUNK_RE.match(lines[index][0])
    if not found:
        raise ValueError('line %d: not a hunk header: %s' % (index + 1, shown(lines[index][0])))
    old_start, new_start = int(found.group(1)), int(found.group(3))
    old_count = int(found.group(2)) if found.group(2) is not None else 1
    new_count = int(found.group(4)) if found.group(4) is not None else 1
    old_left, new_left = old_count, new_count
    body = []
    index += 1
    while old_left > 0 or new_left > 0:
        if index >= len(lines):
            raise ValueError('hunk %d ends before its %d old and %d new lines' % (number, old_count, new_count))
        text, ending = lines[index]
        if text.startswith(MARKER) and body:
            body[-1] = body[-1][:2] + (b'',)
            index += 1
            continue
        tag, text = (CONTEXT, b'') if text == b'' else (text[:1], text[1:])
        if tag not in (CONTEXT, REMOVED, ADDED):
            raise ValueError('line %d: %s is not a hunk line (hunk %d is short)' % (index + 1, shown(text), number))
        old_left -= 0 if tag == ADDED else 1
        new_left -= 0 if tag == REMOVED else 1
        if old_left < 0 or new_left < 0:
            raise ValueError('line %d: hunk %d has more lines than its header says' % (index + 1, number))
        body.append((tag, text, ending or b'\n'))
        index += 1
    if index < len(lines) and lines[index][0].startswith(MARKER) and body:
        body[-1] = body[-1][:2] + (b'',)
        index += 1
    return Hunk(number, old_start, old_count, new_start, new_count, body), index


def parse(data):
    """The Patch in ``data`` (bytes); ValueError saying what is wrong and where."""
    lines = split_lines(data)
    header, files, index = [], [], 0
    while index < len(lines):
        text = lines[index][0]
        if text.startswith(b'--- ') and index + 1 < len(lines) and lines[index + 1][0].startswith(b'+++ '):
            old = contents_path(text[4:], index + 1)
            new = contents_path(lines[index + 1][0][4:], index + 2)
            if old is not None and new is not None and old != new:
                raise ValueError('line %d: %s -> %s is a rename; renames are not supported' % (index + 1, old, new))
            if old is None and new is None:
                raise ValueError('line %d: both paths are /dev/null' % (index + 1))
            index += 2
            hunks = []
            while index < len(lines) and lines[index][0].startswith(b'@@'):
                hunk, index = hunk_at(lines, index, len(hunks) + 1)
                hunks.append(hunk)
            if not hunks:
                raise ValueError('line %d: %s has no hunks' % (index, new or old))
            files.append(FilePatch(old, new, hunks))
            continue
        for marker, what in REFUSED:
            if text.startswith(marker):
                raise ValueError('line %d: %s is not supported' % (index + 1, what))
        if not files:
            header.append(shown(text))
        index += 1
    if not files:
        raise ValueError('no file in the diff (no "--- " and "+++ " lines)')
    paths = [f.path for f in files]
    twice = sorted(set(p for p in paths if paths.count(p) > 1))
    if twice:
        raise ValueError('%s appears more than once' % ', '.join(twice))
    return Patch(header, files)


def matches_at(lines, wanted, at):
    if at < 0 or at + len(wanted) > len(lines):
        return False
    for offset, (text, ending) in enumerate(wanted):
        have_text, have_ending = lines[at + offset]
        if have_text != text or (have_ending == b'') != (ending == b''):
            return False
    return True


def mismatch(path, hunk, lines, wanted, at):
    """Why ``hunk`` does not apply at index ``at``, in words."""
    for offset, (text, _ending) in enumerate(wanted):
        if at + offset >= len(lines):
            return ('hunk %d (%s) of %s does not apply: the file has %d lines, the hunk needs line %d'
                    % (hunk.number, hunk.header(), path, len(lines), at + offset + 1))
        if lines[at + offset][0] != text:
            return ('hunk %d (%s) of %s does not apply: line %d reads "%s" where the diff expects "%s"'
                    % (hunk.number, hunk.header(), path, at + offset + 1, shown(lines[at + offset][0])[:80],
                       shown(text)[:80]))
    return ('hunk %d (%s) of %s does not apply: a line ending ("No newline at end of file") differs'
            % (hunk.number, hunk.header(), path))


def locate(path, hunk, lines, floor, shift):
    """Index in ``lines`` where the hunk's old lines are: the stated line moved by ``shift`` first,
    then the nearest exact match at or after ``floor``; ValueError when there is none."""
    wanted = hunk.old_side()
    stated = hunk.old_start if hunk.old_count == 0 else hunk.old_start - 1
    expected = stated + shift
    if not wanted:
        if floor <= expected <= len(lines):
            return expected
        raise ValueError('hunk %d (%s) of %s does not apply: the file has %d lines'
                         % (hunk.number, hunk.header(), path, len(lines)))
    for distance in range(0, len(lines) + 1):
        for at in ((expected,) if distance == 0 else (expected - distance, expected + distance)):
            if at >= floor and matches_at(lines, wanted, at):
                return at
    raise ValueError(mismatch(path, hunk, lines, wanted, max(floor, min(stated, len(lines)))))


def apply_file(patch, data):
    """The file's bytes after ``patch`` (a FilePatch); None when it deletes the file."""
    if patch.is_new() and data is not None:
        raise ValueError('%s already exists; the diff creates it' % (patch.path,))
    if not patch.is_new() and data is None:
        raise ValueError('%s does not exist; the diff changes it' % (patch.path,))
    lines = split_lines(data or b'')
    eol = lines[0][1] if lines and lines[0][1] else None
    out, at, shift = [], 0, 0
    for hunk in patch.hunks:
        start = locate(patch.path, hunk, lines, at, shift)
        shift = start - (hunk.old_start if hunk.old_count == 0 else hunk.old_start - 1)
        out.extend(lines[at:start])
        at = start
        for tag, text, ending in hunk.lines:
            if tag == CONTEXT:
                out.append(lines[at])
            if tag != ADDED:
                at += 1
            else:
                out.append((text, ending if ending == b'' or eol is None else eol))
    out.extend(lines[at:])
    if patch.is_deleted():
        if out:
            raise ValueError('%s keeps %d line(s) after the hunks that delete it' % (patch.path, len(out)))
        return None
    return b''.join(text + ending for text, ending in out)
