# -*- coding: utf-8 -*-
"""fixes/journal.py: records appended durably, read back in order, torn lines skipped, one lock."""
from __future__ import absolute_import, division, print_function

import io
import os

import pytest

from pleximprovement.fixes import fileops
from pleximprovement.fixes.errors import Busy
from pleximprovement.fixes.fileops import FileOps
from pleximprovement.fixes.journal import Journal, encode, utc_now
from pleximprovement.names import FIX_JOURNAL


def test_append_and_read_back_in_order(tmpdir, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(fileops.os, 'fsync', lambda fd: synced.append(fd) or real_fsync(fd))
    journal = Journal(str(tmpdir.join('data')), FileOps())
    journal.append({'event': 'intent', 'change': 'a', 'files': []})
    journal.append({'event': 'done', 'change': 'a'})
    assert len(synced) == 2
    records, skipped = journal.records()
    assert [(r['event'], r['change'], r['v']) for r in records] == [('intent', 'a', 1), ('done', 'a', 1)]
    assert skipped == 0 and journal.path == os.path.join(str(tmpdir.join('data')), FIX_JOURNAL)


def test_unreadable_lines_are_counted_and_skipped(tmpdir):
    journal = Journal(str(tmpdir), FileOps())
    with io.open(journal.path, 'wb') as handle:
        handle.write(b'{"event": "done", "change": "x"}\n[1, 2]\n{"no": "event"}\n\n{"event": "intent", "chan')
    records, skipped = journal.records()
    assert [r['change'] for r in records] == ['x'] and skipped == 3
    journal.append({'event': 'undone', 'change': 'y'})
    records, skipped = journal.records()
    assert [r['change'] for r in records] == ['x', 'y'] and skipped == 3
    assert Journal(str(tmpdir.join('none')), FileOps()).records() == ([], 0)


def test_encode_is_one_ascii_line():
    line = encode({'event': 'intent', 'change': 'c', 'path': u'Contents/Code/é.py'})
    assert b'\n' not in line and line.decode('ascii')
    assert utc_now(lambda: 0) == '1970-01-01T00:00:00Z'


def test_the_lock_is_exclusive(tmpdir):
    first = Journal(str(tmpdir.join('data')), FileOps())
    second = Journal(str(tmpdir.join('data')), FileOps())
    with first.lock():
        with pytest.raises(Busy) as error:
            with second.lock(wait=0.4, sleep=lambda seconds: None):
                pass
        assert 'another fix operation is running' in str(error.value)
    with second.lock(wait=0):
        pass
