# -*- coding: utf-8 -*-
"""fixes/backup.py: the copies and SHA-256 manifest written before a change, read back checked."""
from __future__ import absolute_import, division, print_function

import hashlib
import io
import json
import os

import pytest

from pleximprovement.fixes.backup import MANIFEST, Backup, backup_dir, save, sha256
from pleximprovement.fixes.errors import HashMismatch
from pleximprovement.fixes.fileops import FileOps


def test_sha256():
    assert sha256(None) is None and sha256(b'x') == hashlib.sha256(b'x').hexdigest()


def test_saved_and_read_back(tmpdir):
    data = str(tmpdir)
    ops = FileOps()
    entries = save(ops, data, 'c1', [('bundle', 'Contents/Code/__init__.py', b'a\r\nb'), ('preferences', '', None)])
    assert [e['copy'] for e in entries] == ['0', None]
    folder = backup_dir(data, 'c1')
    assert sorted(os.listdir(folder)) == ['0', MANIFEST]
    with io.open(os.path.join(folder, MANIFEST), 'rb') as handle:
        manifest = json.loads(handle.read().decode('utf-8'))
    assert manifest['files'][1] == {'root': 'preferences', 'path': '', 'sha256': None, 'copy': None}
    backup = Backup(data, 'c1')
    assert backup.original('bundle', 'Contents/Code/__init__.py', sha256(b'a\r\nb')) == b'a\r\nb'
    assert backup.original('preferences', '', None) is None
    assert ops.count == 6   # folders fix_backups and c1, the copy and the manifest (temporary + rename each)


def test_a_damaged_or_missing_backup_is_refused(tmpdir):
    data = str(tmpdir)
    save(FileOps(), data, 'c1', [('bundle', 'Contents/x.py', b'original')])
    backup = Backup(data, 'c1')
    with pytest.raises(HashMismatch):
        backup.original('bundle', 'Contents/x.py', sha256(b'other'))
    with pytest.raises(HashMismatch):
        backup.original('bundle', 'Contents/y.py', sha256(b'original'))
    with io.open(os.path.join(backup_dir(data, 'c1'), '0'), 'wb') as handle:
        handle.write(b'damaged')
    with pytest.raises(HashMismatch) as error:
        backup.original('bundle', 'Contents/x.py', sha256(b'original'))
    assert 'is damaged' in str(error.value)
    os.remove(os.path.join(backup_dir(data, 'c1'), '0'))
    with pytest.raises(HashMismatch):
        backup.original('bundle', 'Contents/x.py', sha256(b'original'))
    with pytest.raises(HashMismatch) as error:
        Backup(data, 'missing')
    assert 'the backup of change missing cannot be read' in str(error.value)
