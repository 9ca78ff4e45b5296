# -*- coding: utf-8 -*-
"""Every change the fix machinery makes on disk, one counted call each.

In: paths and bytes. Out: files written atomically in two steps (``write_temp``: a temporary
file beside the target, flushed and fsynced; ``commit``: renamed over it), files and folders
removed or made, journal lines appended and fsynced, Info.plist touched. Where a rename
cannot replace an existing file (Windows under Python 2) ``commit`` uses MoveFileEx, or
moves the old file aside first; ``settle`` puts an aside file back after a crash. Each
operation calls ``before(count, operation, path)`` first, so a test can stop the machinery
between any two of them (a simulated crash), and ``write`` can be swapped for one that fails
part way (a full disk).
"""
from __future__ import absolute_import, division, print_function

import io
import os
import shutil
import stat

try:
    import ctypes
except ImportError:  # a Python built without ctypes: the aside rename still works
    ctypes = None

TEMP_SUFFIX = '.pleximprovement-new'
ASIDE_SUFFIX = '.pleximprovement-old'
MOVEFILE_REPLACE_EXISTING = 0x1
MOVEFILE_WRITE_THROUGH = 0x8


def temp_name(path):
    return path + TEMP_SUFFIX


def aside_name(path):
    return path + ASIDE_SUFFIX


def write_all(handle, data):
    handle.write(data)


def fsync_dir(path):
    """Make a rename or unlink in ``path`` durable (POSIX); Windows cannot open folders: skipped."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def wide(path):
    """A path as text for the Windows wide-character API (Python 2 gives bytes in the ANSI code page)."""
    return path.decode('mbcs') if isinstance(path, bytes) else path


def move_file_ex(src, dst):
    """MoveFileExW with replace; False where it is not available or fails (then: aside rename)."""
    if ctypes is None or not hasattr(ctypes, 'windll'):
        return False
    flags = MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH
    return bool(ctypes.windll.kernel32.MoveFileExW(wide(src), wide(dst), flags))


def is_read_only(path):
    """No write permission bit at all, or no access for this user (root ignores the bits)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


class FileOps(object):
    """The one door to the disk. ``count`` is the number of operations started so far.

    ``os_replace``, ``windows``, ``rename`` and ``move`` are the platform's; tests pass others
    to run the Windows path on any system.
    """

    def __init__(self, write=None, before=None, os_replace=getattr(os, 'replace', None), windows=os.name == 'nt',
                 rename=os.rename, move=move_file_ex):
        self.count = 0
        self.write = write or write_all
        self.before = before
        self.os_replace = os_replace
        self.windows = windows
        self.rename = rename
        self.move = move

    def step(self, operation, path):
        self.count += 1
        if self.before is not None:
            self.before(self.count, operation, path)

    def write_temp(self, path, data):
        """The new bytes complete on disk beside ``path`` (permissions copied from it)."""
        tmp = temp_name(path)
        self.step('write', tmp)
        try:
            with io.open(tmp, 'wb') as handle:
                self.write(handle, data)
                handle.flush()
                os.fsync(handle.fileno())
            if os.path.exists(path):
                shutil.copymode(path, tmp)
        except EnvironmentError:
            self.discard_quietly(tmp)
            raise

    def commit(self, path):
        """Rename the temporary file over ``path``."""
        tmp = temp_name(path)
        if self.os_replace is not None or not self.windows or not os.path.exists(path):
            self.step('rename', path)
            (self.os_replace or self.rename)(tmp, path)
        elif self.move(tmp, path):
            self.step('rename', path)
        else:
            # The old file goes aside first; after a crash in between, settle() puts it back.
            aside = aside_name(path)
            self.step('aside', path)
            self.rename(path, aside)
            self.step('rename', path)
            self.rename(tmp, path)
            self.step('remove', aside)
            os.remove(aside)
        fsync_dir(os.path.dirname(path))

    def write_atomic(self, path, data):
        self.write_temp(path, data)
        try:
            self.commit(path)
        except EnvironmentError:
            self.discard_quietly(temp_name(path))
            raise

    def settle(self, path):
        """After a crash: an aside file whose original is missing goes back; leftovers go."""
        aside = aside_name(path)
        if os.path.lexists(aside) and not os.path.lexists(path):
            self.step('rename', path)
            self.rename(aside, path)
        self.discard(aside)
        self.discard(temp_name(path))

    def discard_quietly(self, path):
        try:
            os.remove(path)
        except OSError:
            pass

    def remove(self, path):
        self.step('remove', path)
        os.remove(path)
        fsync_dir(os.path.dirname(path))

    def discard(self, path):
        """Remove a leftover file if there is one (an operation only when there is)."""
        if os.path.lexists(path):
            self.remove(path)

    def mkdir(self, path):
        self.step('mkdir', path)
        os.mkdir(path)
        fsync_dir(os.path.dirname(path))

    def makedirs(self, path):
        """Each missing folder is one operation, outermost first."""
        missing = []
        while path and not os.path.isdir(path):
            missing.append(path)
            parent = os.path.dirname(path)
            if parent == path:
                break
            path = parent
        for folder in reversed(missing):
            self.mkdir(folder)

    def rmdir(self, path):
        self.step('rmdir', path)
        os.rmdir(path)
        fsync_dir(os.path.dirname(path))

    def append(self, path, line):
        """Append one line (bytes, no newline) and fsync; a torn last line is ended first."""
        self.step('append', path)
        with io.open(path, 'ab+') as handle:
            handle.seek(0, os.SEEK_END)
            prefix = b''
            if handle.tell():
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b'\n':
                    prefix = b'\n'
                handle.seek(0, os.SEEK_END)
            self.write(handle, prefix + line + b'\n')
            handle.flush()
            os.fsync(handle.fileno())

    def touch(self, path):
        self.step('touch', path)
        os.utime(path, None)
