# -*- coding: utf-8 -*-
"""fixes/fileops.py: atomic writes (also where rename cannot replace), counted operations,
a failing write leaving nothing behind, and an aside file put back after a crash."""
from __future__ import absolute_import, division, print_function

import errno
import io
import os
import stat

import pytest

from pleximprovement.fixes.fileops import FileOps, aside_name, is_read_only, temp_name


def read(path):
    with io.open(path, 'rb') as handle:
        return handle.read()


def strict_rename(src, dst):
    if os.path.exists(dst):
        raise OSError(errno.EEXIST, 'File exists', dst)
    os.rename(src, dst)


def test_atomic_write_keeps_permissions_and_counts(tmpdir):
    path = str(tmpdir.join('run.sh'))
    with io.open(path, 'wb') as handle:
        handle.write(b'old')
    os.chmod(path, 0o750)
    seen = []
    ops = FileOps(before=lambda count, operation, where: seen.append((count, operation, os.path.basename(where))))
    ops.write_atomic(path, b'new\r\n')
    assert read(path) == b'new\r\n' and stat.S_IMODE(os.stat(path).st_mode) == 0o750
    assert seen == [(1, 'write', 'run.sh.pleximprovement-new'), (2, 'rename', 'run.sh')]
    assert not os.path.exists(temp_name(path))


def test_windows_without_replace_moves_the_old_file_aside(tmpdir):
    path = str(tmpdir.join('a.py'))
    with io.open(path, 'wb') as handle:
        handle.write(b'old')
    steps = []
    ops = FileOps(before=lambda count, operation, where: steps.append(operation), os_replace=None, windows=True,
                  rename=strict_rename, move=lambda src, dst: False)
    ops.write_atomic(path, b'new')
    assert read(path) == b'new' and steps == ['write', 'aside', 'rename', 'remove']
    assert sorted(os.listdir(str(tmpdir))) == ['a.py']
    moved = []
    ops = FileOps(os_replace=None, windows=True, rename=strict_rename,
                  move=lambda src, dst: moved.append(dst) or os.rename(src, dst) or True)
    ops.write_atomic(path, b'newer')
    assert read(path) == b'newer' and moved == [path]


def test_settle_puts_an_aside_file_back(tmpdir):
    path = str(tmpdir.join('a.py'))
    for name, data in ((aside_name(path), b'old'), (temp_name(path), b'new')):
        with io.open(name, 'wb') as handle:
            handle.write(data)
    FileOps().settle(path)
    assert read(path) == b'old' and sorted(os.listdir(str(tmpdir))) == ['a.py']
    with io.open(aside_name(path), 'wb') as handle:
        handle.write(b'stale')
    FileOps().settle(path)
    assert read(path) == b'old' and sorted(os.listdir(str(tmpdir))) == ['a.py']


def test_a_failing_write_leaves_no_temporary_file(tmpdir):
    path = str(tmpdir.join('a.py'))

    def full(handle, data):
        handle.write(data[:3])
        raise IOError(errno.ENOSPC, 'No space left on device')
    with pytest.raises(IOError):
        FileOps(write=full).write_atomic(path, b'0123456789')
    assert os.listdir(str(tmpdir)) == []


def test_makedirs_rmdir_remove_touch_append(tmpdir):
    ops = FileOps()
    deep = str(tmpdir.join('a', 'b', 'c'))
    ops.makedirs(deep)
    assert os.path.isdir(deep) and ops.count == 3
    ops.rmdir(deep)
    journal = str(tmpdir.join('j'))
    with io.open(journal, 'wb') as handle:
        handle.write(b'torn')
    ops.append(journal, b'{"a":1}')
    ops.append(journal, b'{"b":2}')
    assert read(journal) == b'torn\n{"a":1}\n{"b":2}\n'
    os.utime(journal, (1000, 1000))
    ops.touch(journal)
    assert os.stat(journal).st_mtime > 1000
    ops.remove(journal)
    ops.discard(journal)
    assert not os.path.exists(journal) and ops.count == 8


def test_is_read_only_looks_at_the_bits_even_for_root(tmpdir):
    path = str(tmpdir.join('a'))
    with io.open(path, 'wb') as handle:
        handle.write(b'x')
    assert not is_read_only(path)
    os.chmod(path, 0o444)
    assert is_read_only(path)
    os.chmod(path, 0o644)
    assert not is_read_only(str(tmpdir.join('missing')))
