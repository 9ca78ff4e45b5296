# -*- coding: utf-8 -*-
"""The fix journal: what was about to change, what changed, what was undone; append-only.

In: records (dicts) from the installer. Out: DATA/fix_journal.jsonl, one JSON object per
line, each appended, flushed and fsynced before the installer goes on (the intent before the
first byte of an agent changes), and the records read back in order. A last line torn by a
crash is skipped when read and ended before the next append. The lock file beside it keeps
the plug-in and the CLI from changing agents at the same time (the operating system drops
the lock when its process dies, so a crash never leaves it held).

Record kinds (``event``):
    intent   change, action ('apply' | 'rollback' | 'forget': the journal stops tracking the
             target, which someone else changed), fix, params, removes (fix ids the
             change takes off), target (identifier), bundle (folder name), files [{root, path,
             old, new, companion (only when true: a compiled file Python wrote for a .py file
             a fix created)}] (SHA-256, null = absent), dirs_made / dirs_removed [[root, path]],
             cache_dirs [[root, path]] (__pycache__ folders absent beside the .py files it
             creates), restoring (every file goes back to its bytes just before), reason, time
    done     change, action, hashes {label: SHA-256 after the change}, compiled [paths],
             unchecked [paths], note, time
    undone   change, action, reason, time
"""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import time

from .. import names
from .errors import Busy

FORMAT = 1
LOCK_WAIT_SECONDS = 10.0

try:
    import fcntl
except ImportError:  # Windows: msvcrt below
    fcntl = None
try:
    import msvcrt
except ImportError:  # POSIX: fcntl above
    msvcrt = None


def utc_now(clock=time.time):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(clock()))


def encode(record):
    return json.dumps(record, sort_keys=True, separators=(',', ':')).encode('ascii')


class Journal(object):
    """The journal file of one data folder."""

    def __init__(self, data_dir, ops):
        self.data_dir = data_dir
        self.path = os.path.join(data_dir, names.FIX_JOURNAL)
        self.ops = ops

    def append(self, record):
        """Write one record durably (through ``ops``: a counted operation)."""
        record = dict(record, v=FORMAT)
        if not os.path.isdir(self.data_dir):
            os.makedirs(self.data_dir)
        self.ops.append(self.path, encode(record))
        return record

    def records(self):
        """Every readable record in order; (records, number of unreadable lines)."""
        try:
            with io.open(self.path, 'rb') as handle:
                lines = handle.read().split(b'\n')
        except (IOError, OSError):
            return [], 0
        records, skipped = [], 0
        for line in lines:
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode('utf-8'))
            except ValueError:
                skipped += 1
                continue
            if isinstance(record, dict) and 'event' in record and 'change' in record:
                records.append(record)
            else:
                skipped += 1
        return records, skipped

    def lock(self, wait=LOCK_WAIT_SECONDS, sleep=time.sleep):
        return JournalLock(os.path.join(self.data_dir, names.FIX_JOURNAL_LOCK), wait, sleep)


class JournalLock(object):
    """An exclusive lock on the lock file for the length of a ``with`` block."""

    def __init__(self, path, wait, sleep):
        self.path = path
        self.wait = wait
        self.sleep = sleep
        self.handle = None

    def __enter__(self):
        folder = os.path.dirname(self.path)
        if not os.path.isdir(folder):
            os.makedirs(folder)
        self.handle = io.open(self.path, 'ab+')
        waited = 0.0
        while not self.try_lock():
            if waited >= self.wait:
                self.handle.close()
                raise Busy('another fix operation is running on %s (the plug-in or another command); '
                           'try again when it has finished' % (folder,))
            self.sleep(0.2)
            waited += 0.2
        return self

    def try_lock(self):
        fd = self.handle.fileno()
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            elif msvcrt is not None:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except (IOError, OSError):
            return False
        return True

    def __exit__(self, *exc_info):
        fd = self.handle.fileno()
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            elif msvcrt is not None:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except (IOError, OSError):
            pass
        self.handle.close()
        return False
