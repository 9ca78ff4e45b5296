# -*- coding: utf-8 -*-
"""Log files: a folder in, the files to read (oldest rotation first) and their lines out.

Why it looks like this:
* The framework keeps ~6 MiB per plug-in and rotates on every start, so files are read
  oldest first (`.log.5` .. `.log.1`, `.log`) to keep each thread's request context in order.
* Logs are bytes. They are read in 128 KiB chunks and split in C; a line longer than
  MAX_LINE is skipped (counted) without ever being held whole, so memory stays constant.
  NUL bytes and CRs are dropped per chunk, invalid UTF-8 lines are counted, and each of
  these is counted in `skipped` with its reason.
* Incremental reading: a cursor is (device, inode, fingerprint of the first FP_LEN bytes,
  offset). A rotated file keeps inode and first bytes, so `<id>.log` becoming `<id>.log.1` is
  recognised and only its unread tail is read; a new first line means a replacement, a size
  below the offset means truncation.
Line shapes and record times are lines.py's.
"""
from __future__ import absolute_import, division, print_function

import io
import os
import re
import stat
import zlib

from ..runtime.paths import PLUGIN_LOGS
from .lines import parse

CHUNK = 1 << 17   # 128 KiB: below glibc's mmap threshold, so freed buffers do not fragment the heap
MAX_LINE = 1 << 20
FP_LEN = 64
TAIL_BYTES = 256 * 1024


# --------------------------------------------------------------------------- discovery

_PLUGIN_NAME = re.compile(r'^(?P<id>.+?)\.log(?:\.(?P<n>\d+))?$')
# Hama's own log files (its DataItems/_Logs/<library>/): `<series folder>.agent-search.log`,
# `.agent-update.log` and the library's `_root_.agent.log`. They are Hama's lines, kind
# 'private' (the accumulator counts their searches apart: docs/counts.md).
_PRIVATE_NAME = re.compile(r'^(?:.+\.agent-(?:search|update)|_root_\.agent)\.log(?:\.(?P<n>\d+))?$')
PRIVATE_LOG_AGENT = 'com.plexapp.agents.hama'

_SERVER_NAME = re.compile(r'^Plex Media Server(?:\.(?P<n>\d+))?\.log$')
_TEXT_EXT = ('.log', '.txt', '.out', '')


class LogsNotFound(IOError):
    """The logs folder is missing or unreadable."""


class LogFile(object):
    """One file to read: its path, the agent it belongs to (None for the server log), rotation."""

    __slots__ = ('path', 'agent', 'kind', 'rotation', 'size')

    def __init__(self, path, agent, kind, rotation, size):
        self.path = path
        self.agent = agent
        self.kind = kind
        self.rotation = rotation
        self.size = size

    def __repr__(self):
        return 'LogFile(%r, %r, %r, %r)' % (self.path, self.agent, self.kind, self.rotation)


def classify_name(name):
    """(agent_or_None, kind, rotation) for a file name, or None when it is not a log we read;
    kind is 'server', 'plugin' (a plug-in log), 'private' (an agent's own log) or 'other'."""
    m = _SERVER_NAME.match(name)
    if m is not None:
        return (None, 'server', int(m.group('n') or 0))
    m = _PRIVATE_NAME.match(name)
    if m is not None:
        return (PRIVATE_LOG_AGENT, 'private', int(m.group('n') or 0))
    m = _PLUGIN_NAME.match(name)
    if m is not None:
        return (m.group('id'), 'plugin', int(m.group('n') or 0))
    if name.startswith('Plex Media Server') and name.endswith('.txt'):
        return (None, 'server', 0)
    ext = os.path.splitext(name)[1].lower()
    if ext in _TEXT_EXT and not name.startswith('.'):
        return (os.path.splitext(name)[0] or name, 'other', 0)
    return None


def discover(root, skipped=None, max_depth=3):
    """Every log file under `root`, grouped per agent, oldest rotation first.

    `root` is a server's Logs folder (holding `PMS Plugin Logs/` and the main server logs),
    the `PMS Plugin Logs` folder itself, any folder of logs someone sent, or one log file.
    Other Plex logs beside the main one (Scanner, DLNA, Transcoder) are not read in a Logs
    folder. Only regular files are read (a FIFO, a device or a link to one never ends); each
    file or folder left out for that or because it could not be read is named in `skipped`
    as `'<reason>: <path> (<why>)'` (see UNREAD_REASONS and unread()).
    """
    if skipped is None:
        skipped = {}
    if not root or not os.path.exists(root):
        raise LogsNotFound('logs folder not found: %s' % (root,))
    if not os.path.isdir(root):
        if not os.path.isfile(root):
            raise LogsNotFound('not a folder or a regular file: %s' % (root,))
        name = os.path.basename(root)
        found = []
        _add(found, root, name, skipped, info=classify_name(name) or (os.path.splitext(name)[0] or name, 'other', 0))
        return found
    try:
        os.listdir(root)
    except OSError as error:
        raise LogsNotFound('logs folder not readable: %s (%s)' % (root, error))
    found = []
    plugin_dir = os.path.join(root, PLUGIN_LOGS)
    if os.path.isdir(plugin_dir):
        for name in _listdir(plugin_dir, skipped):
            _add(found, os.path.join(plugin_dir, name), name, skipped, plugins_only=True)
        for name in _listdir(root, skipped):
            if _SERVER_NAME.match(name):
                _add(found, os.path.join(root, name), name, skipped)
    else:
        _walk(found, root, skipped, max_depth)
    found.sort(key=lambda f: (f.kind != 'server', f.agent or '', f.path.count(os.sep), -f.rotation, f.path))
    return found


# `skipped` reasons saying that a folder or a file could not be read: the results are incomplete.
UNREAD_REASONS = ('unreadable_folder', 'unreadable_file', 'read_error')
_NOT_REGULAR = ((stat.S_ISFIFO, 'a FIFO'), (stat.S_ISCHR, 'a character device'), (stat.S_ISBLK, 'a block device'),
                (stat.S_ISSOCK, 'a socket'), (stat.S_ISDIR, 'a folder'))


def unread(skipped):
    """The entries of `skipped` that name (or count) folders and files that could not be read."""
    return sorted(key for key in skipped if key.split(':', 1)[0] in UNREAD_REASONS)


def _skip_named(skipped, reason, path, why):
    skipped['%s: %s (%s)' % (reason, path, why)] = 1


def _listdir(path, skipped):
    try:
        return sorted(os.listdir(path))
    except OSError as error:
        _skip_named(skipped, 'unreadable_folder', path, error.strerror or error)
        return []


def _walk(found, folder, skipped, depth):
    for name in _listdir(folder, skipped):
        path = os.path.join(folder, name)
        if os.path.isdir(path):
            if depth > 0 and not name.startswith('.'):
                _walk(found, path, skipped, depth - 1)
        else:
            _add(found, path, name, skipped)


def _add(found, path, name, skipped, plugins_only=False, info=None):
    info = info or classify_name(name)
    if info is None or (plugins_only and info[1] != 'plugin'):
        if not name.startswith('.'):
            skipped['not_a_log_file'] = skipped.get('not_a_log_file', 0) + 1
        return
    try:
        file_stat = os.stat(path)
    except OSError as error:
        _skip_named(skipped, 'unreadable_file', path, error.strerror or error)
        return
    if not stat.S_ISREG(file_stat.st_mode):
        why = [text for test, text in _NOT_REGULAR if test(file_stat.st_mode)]
        _skip_named(skipped, 'not_a_regular_file', path, why[0] if why else 'not a regular file')
        return
    found.append(LogFile(path, info[0], info[1], info[2], file_stat.st_size))


# --------------------------------------------------------------------------- reading

class LineReader(object):
    """Streams complete lines of one file from `offset`, in batches, in constant memory.

    `offset` afterwards is the position just after the last complete line handed out (or
    after the final partial line when `final` is true), which is what a cursor saves.
    Lines come without `\\n`, `\\r` or NUL bytes. `skipped` (a dict) receives the counts.
    """

    def __init__(self, path, offset=0, final=True, skipped=None, chunk_size=CHUNK, max_line=MAX_LINE):
        self.path = path
        self.offset = offset
        self.final = final
        self.skipped = skipped if skipped is not None else {}
        self.chunk_size = chunk_size
        self.max_line = max_line
        self.bytes_read = 0
        self.lines = 0

    def _skip(self, reason, n=1):
        self.skipped[reason] = self.skipped.get(reason, 0) + n

    def batches(self):
        try:
            handle = io.open(self.path, 'rb')
        except (IOError, OSError):
            self._skip('unreadable_file')
            return
        try:
            for batch in self._read(handle):
                yield batch
        finally:
            handle.close()

    def _read(self, handle):
        try:
            handle.seek(self.offset)
        except (IOError, OSError):
            self._skip('read_error')
            return
        pos = self.offset          # absolute position of buf[0]
        carry = b''
        discarding = False
        while True:
            try:
                data = handle.read(self.chunk_size)
            except (IOError, OSError):
                self._skip('read_error')
                break
            if not data:
                break
            self.bytes_read += len(data)
            if discarding:
                nl = data.find(b'\n')
                if nl < 0:
                    pos += len(data)
                    continue
                pos += nl + 1
                self.offset = pos
                data = data[nl + 1:]
                discarding = False
            buf = carry + data if carry else data
            nl = buf.rfind(b'\n')
            if nl < 0:
                if len(buf) > self.max_line:
                    self._skip('line_too_long')
                    discarding = True
                    pos += len(buf)
                    carry = b''
                else:
                    carry = buf
                continue
            body = buf[:nl]
            carry = buf[nl + 1:]
            pos += nl + 1
            self.offset = pos
            if len(carry) > self.max_line:
                self._skip('line_too_long')
                discarding = True
                pos += len(carry)
                carry = b''
            lines = self._clean(body)
            if lines:
                yield lines
        if self.final and discarding:
            self.offset = pos
        if self.final and not discarding and carry:
            self.offset = pos + len(carry)
            lines = self._clean(carry)
            if lines:
                yield lines

    def _clean(self, body):
        if b'\x00' in body:
            self._skip('nul_bytes', body.count(b'\x00'))
            body = body.replace(b'\x00', b'')
        if b'\r' in body:
            body = body.replace(b'\r', b'')
        try:
            body.decode('utf-8')
        except UnicodeDecodeError:
            self._count_invalid(body)
        lines = body.split(b'\n')
        if len(body) > self.max_line:
            keep = [line for line in lines if len(line) <= self.max_line]
            if len(keep) != len(lines):
                self._skip('line_too_long', len(lines) - len(keep))
                lines = keep
        self.lines += len(lines)
        return lines

    def _count_invalid(self, body):
        bad = 0
        for line in body.split(b'\n'):
            try:
                line.decode('utf-8')
            except UnicodeDecodeError:
                bad += 1
        self._skip('invalid_utf8_lines', bad)


def newest_timestamp(path):
    """The timestamp of the last record in a file (reads only its tail), or None."""
    try:
        handle = io.open(path, 'rb')
    except (IOError, OSError):
        return None
    try:
        try:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - TAIL_BYTES))
            data = handle.read(TAIL_BYTES)
        except (IOError, OSError):
            return None
    finally:
        handle.close()
    for line in reversed(data.replace(b'\r', b'').split(b'\n')):
        if not line:
            continue
        rec = parse(line)
        if rec is not None and rec[0] is not None:
            return rec[0]
    return None


# --------------------------------------------------------------------------- cursors

def fingerprint(path, length=FP_LEN):
    """(crc32 of the first `length` bytes, bytes actually hashed) or (None, 0) if unreadable."""
    try:
        handle = io.open(path, 'rb')
    except (IOError, OSError):
        return None, 0
    try:
        data = handle.read(length)
    except (IOError, OSError):
        return None, 0
    finally:
        handle.close()
    return zlib.crc32(data) & 0xffffffff, len(data)


def identity(path):
    """A JSON-able identity of the file now: device, inode, size, fingerprint."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    fp, fp_len = fingerprint(path)
    if fp is None:
        return None
    return {'dev': int(st.st_dev), 'ino': int(st.st_ino), 'size': int(st.st_size), 'fp': fp, 'fp_len': fp_len}


def same_file(cursor, path, ident):
    """True when `path` (with identity `ident`) is the file `cursor` was taken on.

    Inode must agree (unless the platform reports 0) and the first bytes must hash the same;
    a cursor taken when the file was shorter than FP_LEN is re-checked over that length.
    """
    if cursor is None or ident is None:
        return False
    if cursor.get('ino') and ident['ino'] and (cursor['ino'] != ident['ino'] or cursor.get('dev') != ident['dev']):
        return False
    length = cursor.get('fp_len', FP_LEN)
    if length == ident['fp_len']:
        return cursor.get('fp') == ident['fp']
    if length > ident['fp_len']:
        return False
    return fingerprint(path, length)[0] == cursor.get('fp')
