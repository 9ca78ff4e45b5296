# -*- coding: utf-8 -*-
"""What the journal says is on each agent now, checked against the disk, and the diffs.

In: the journal, the Plug-ins and Plug-in Support folders; for a diff, one target's history
and the data folder. Out: ``status()``, a dict {journal, unreadable_lines, targets: [{identifier,
bundle, found, applied [{fix, params, change, time}], files [{path, state}], dirs, open}]}
listing every target that has a fix on it, a file not yet back to its original, or an
interrupted change; ``diff()``, the unified diff of the target's files from their original
bytes (or from before one fix's apply) to what is on disk now; ``unified()``, one file's diff
(the installer's preview of a plan uses it too).
"""
from __future__ import absolute_import, division, print_function

import difflib

from .backup import Backup
from .changes import hash_of
from .errors import Refused
from .history import file_key, histories
from .plan import VOLATILE_ROOTS
from .target import target_at

AS_LEFT, EDITED, REWRITTEN, UNKNOWN = 'as the fixes left it', 'changed by someone else', 'rewritten by the server', \
    'bundle not found'


def file_state(target, state):
    if target is None:
        return UNKNOWN
    if hash_of(target.path(state.root, state.path)) == state.current:
        return AS_LEFT
    return REWRITTEN if state.root in VOLATILE_ROOTS else EDITED


def status(journal, plugins_dir, plugin_support):
    records, skipped = journal.records()
    targets = []
    for history in histories(records).values():
        if history.pristine() and not history.open:
            continue
        target = target_at(plugins_dir, history.bundle, history.identifier, plugin_support)
        label = target.label if target is not None else (lambda root, relpath: relpath or root)
        targets.append({
            'identifier': history.identifier, 'bundle': history.bundle, 'found': target is not None,
            'applied': [{'fix': fix, 'params': entry['params'], 'change': entry['change'], 'time': entry['time']}
                        for fix, entry in history.applied.items()],
            'files': [{'path': label(s.root, s.path), 'state': file_state(target, s), 'fixes': s.fixes}
                      for s in history.files.values()],
            'dirs': [label(root, relpath) for root, relpath in history.dirs],
            'open': [intent['change'] for intent in history.open]})
    return {'journal': journal.path, 'unreadable_lines': skipped, 'targets': targets}


def text_lines(data):
    if data is None:
        return []
    if b'\0' in data:
        return None
    return data.decode('utf-8', 'replace').splitlines(True)


def diff(history, target, data_dir, fix_id=None):
    """Unified diff text; for ``fix_id``, from before its apply change to now."""
    if fix_id is None:
        bases = [(s.root, s.path, s.backup_change, s.original) for s in history.files.values()]
    else:
        entry = history.applied.get(fix_id)
        if entry is None:
            raise Refused('fix %s is not applied to %s' % (fix_id, target.name))
        intent = [i for i, _ in history.changes if i['change'] == entry['change']][0]
        bases = [file_key(f) + (entry['change'], f['old']) for f in intent['files']]
    chunks = []
    for root, relpath, change_id, old in bases:
        chunks.append(unified(target.label(root, relpath), Backup(data_dir, change_id).original(root, relpath, old),
                              target.read(root, relpath)))
    return ''.join(chunks)


def unified(label, before, after):
    """The unified diff of one file (bytes or None: absent) as text; '' when they are equal."""
    if before == after:
        return ''
    old_lines, new_lines = text_lines(before), text_lines(after)
    if old_lines is None or new_lines is None:
        return 'Binary file %s differs\n' % (label,)
    lines = difflib.unified_diff(old_lines, new_lines, 'a/' + label if before is not None else '/dev/null',
                                 'b/' + label if after is not None else '/dev/null')
    return ''.join(line if line.endswith('\n') else line + '\n\\ No newline at end of file\n' for line in lines)
