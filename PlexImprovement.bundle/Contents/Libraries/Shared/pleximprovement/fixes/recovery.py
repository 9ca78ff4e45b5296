# -*- coding: utf-8 -*-
"""Finishing or undoing a change a crash interrupted, so no agent is left half changed.

In: the journal, the data folder (backups), the Plug-ins and Plug-in Support folders and the
FileOps. Out: for every intent without done/undone, the target made exactly "after" (every
file already has its new hash and the .py files compile: recorded done) or exactly "before"
(restored from the backup, checked by hash: recorded undone), leftover temporary files
removed, Info.plist touched when the agent's files moved; and one line per change saying
which. A change whose files someone else wrote in between, or whose bundle is gone, is left
open and said so: nothing is guessed.
"""
from __future__ import absolute_import, division, print_function

from .backup import Backup
from .changes import AFTER, BEFORE, FOREIGN, Change, FileChange, compile_check, settle, undo, where
from .errors import CheckFailed, Refused
from .history import file_key, histories
from .journal import utc_now
from .plan import native
from .target import target_at


def folders(intent, name):
    return [(native(r), native(p)) for r, p in intent.get(name, ())]


def change_from_intent(target, intent, originals):
    """The Change an intent describes; ``originals``: the target's history's (the episode before it)."""
    change = Change(target, intent['change'], intent['action'], intent.get('fix'), intent.get('params'),
                    intent.get('removes') or (), intent.get('reason'))
    for entry in intent.get('files', ()):
        root, relpath = file_key(entry)
        change.files.append(FileChange(root, relpath, target.path(root, relpath), entry['old'], entry['new'],
                                       companion=bool(entry.get('companion'))))
    change.dirs_made = folders(intent, 'dirs_made')
    change.dirs_removed = folders(intent, 'dirs_removed')
    change.cache_dirs = folders(intent, 'cache_dirs')
    change.originals = originals
    change.restoring = bool(intent.get('restoring'))
    return change


def read(full):
    with open(full, 'rb') as handle:
        return handle.read()


def complete(change, backup):
    """Compile-check a change found exactly "after"; CheckFailed when it does not compile."""
    for item in change.files:
        if item.path.endswith('.py') and item.new is not None:
            item.data = read(item.full)
            item.before = backup.original(item.root, item.path, item.old) if item.old else None
    return compile_check(change)


def recover_one(journal, data_dir, target, intent, ops, clock, originals):
    change = change_from_intent(target, intent, originals)
    settle(change, ops)
    state = where(change)
    if state == FOREIGN:
        return ('left open: a file is neither as before nor as after it (someone else wrote it); '
                'nothing was changed. Sort it out, then run "fix forget"')
    backup = Backup(data_dir, change.change_id)
    if state == AFTER and change.action != 'forget':
        try:
            compiled, unchecked = complete(change, backup)
        except CheckFailed:
            compiled = None
        if compiled is not None:
            journal.append({'event': 'done', 'change': change.change_id, 'action': change.action,
                            'hashes': dict((change.label(f), f.new) for f in change.files), 'compiled': compiled,
                            'unchecked': unchecked, 'note': 'completed when recovering', 'time': utc_now(clock)})
            ops.touch(target.info_plist)
            return 'every file was already written: completed'
    undo(change, backup, ops)
    journal.append({'event': 'undone', 'change': change.change_id, 'action': change.action,
                    'reason': 'interrupted; put back as before when recovering', 'time': utc_now(clock)})
    if state != BEFORE:
        ops.touch(target.info_plist)
    return 'put back as before'


def recover_history(history, journal, data_dir, plugins_dir, plugin_support, ops, clock):
    """One line per interrupted change of one target (the caller holds the journal lock)."""
    notes = []
    for intent in history.open:
        what = 'change %s (%s %s on %s)' % (intent['change'], intent['action'],
                                            intent.get('fix') or 'every fix', intent.get('bundle'))
        target = target_at(plugins_dir, intent.get('bundle'), intent.get('target'), plugin_support)
        if target is None:
            notes.append('%s: left open: the bundle is not in %s' % (what, plugins_dir))
            break
        try:
            notes.append('%s: %s' % (what, recover_one(journal, data_dir, target, intent, ops, clock,
                                                       history.originals())))
        except (EnvironmentError, Refused) as error:
            notes.append('%s: left open, recovering failed: %s' % (what, error))
            break
    return notes


def recover(journal, data_dir, plugins_dir, plugin_support, ops, clock):
    """One line per interrupted change: what was done about it (the caller holds the journal lock)."""
    notes = []
    for history in histories(journal.records()[0]).values():
        notes.extend(recover_history(history, journal, data_dir, plugins_dir, plugin_support, ops, clock))
    return notes
