# -*- coding: utf-8 -*-
"""Copies of every file a change will touch, with a SHA-256 manifest, kept in the data folder.

In: the data folder, a change id and the (root, relpath) -> current bytes (None: absent) of
the files the change will write or delete. Out: DATA/fix_backups/<change id>/ holding one
numbered copy per present file and manifest.json (written last) mapping each file to its
SHA-256 (null for an absent file) and its copy; and, to undo, the bytes of one file checked
against the manifest, so a damaged backup is refused instead of written into an agent.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import io
import json
import os

from .. import names
from .errors import HashMismatch
from .plan import native

MANIFEST = 'manifest.json'


def sha256(data):
    """Hex SHA-256 of bytes; None stands for an absent file."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def backup_dir(data_dir, change_id):
    return os.path.join(data_dir, names.FIX_BACKUPS_DIR, change_id)


def save(ops, data_dir, change_id, originals):
    """Write the copies, then the manifest; returns the manifest's entries.

    ``originals`` is a list of (root, relpath, bytes_or_None). Every write goes through ``ops``.
    """
    folder = backup_dir(data_dir, change_id)
    ops.makedirs(folder)
    entries = []
    for number, (root, relpath, data) in enumerate(originals):
        entry = {'root': root, 'path': relpath, 'sha256': sha256(data), 'copy': None}
        if data is not None:
            entry['copy'] = '%d' % number
            ops.write_atomic(os.path.join(folder, entry['copy']), data)
        entries.append(entry)
    text = json.dumps({'change': change_id, 'files': entries}, indent=1, sort_keys=True)
    ops.write_atomic(os.path.join(folder, MANIFEST), text.encode('utf-8'))
    return entries


class Backup(object):
    """One change's backup, read back."""

    def __init__(self, data_dir, change_id):
        self.folder = backup_dir(data_dir, change_id)
        self.change_id = change_id
        try:
            with io.open(os.path.join(self.folder, MANIFEST), 'rb') as handle:
                manifest = json.loads(handle.read().decode('utf-8'))
        except (IOError, OSError, ValueError) as error:
            raise HashMismatch('the backup of change %s cannot be read (%s); nothing was changed'
                               % (change_id, error))
        self.entries = dict(((native(e['root']), native(e['path'])), e) for e in manifest['files'])

    def original(self, root, relpath, expected):
        """The stored bytes (None: the file was absent), checked against the manifest and ``expected``."""
        entry = self.entries.get((root, relpath))
        if entry is None or entry['sha256'] != expected:
            raise HashMismatch('the backup of change %s has no copy of %s with SHA-256 %s; nothing was changed'
                               % (self.change_id, relpath or root, expected))
        if entry['copy'] is None:
            return None
        try:
            with io.open(os.path.join(self.folder, entry['copy']), 'rb') as handle:
                data = handle.read()
        except (IOError, OSError) as error:
            raise HashMismatch('the backup copy of %s in change %s cannot be read (%s)'
                               % (relpath or root, self.change_id, error))
        if sha256(data) != expected:
            raise HashMismatch('the backup copy of %s in change %s is damaged (SHA-256 differs from the manifest)'
                               % (relpath or root, self.change_id))
        return data
