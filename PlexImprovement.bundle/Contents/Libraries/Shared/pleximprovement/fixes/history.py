# -*- coding: utf-8 -*-
"""Each target's state, read from the journal: which fixes are on it and what they touched.

In: the journal's records in order (journal.py). Out: one ``History`` per target identifier:
the fixes applied, in order, with their parameters; for every file touched since the target
was last as it was before any fix (its "episode"), the hash it had then, the change whose
backup holds those bytes and the hash the last change left; the folders created in that
time and the __pycache__ folders noted absent beside the .py files created then; and the
change left open by a crash, if any. Only finished changes (intent + done) count; an undone
change left the target as it was. Compiled companions a change deleted (compiled.py) are not
tracked: Python writes them, they were absent before the episode and are absent after.
"""
from __future__ import absolute_import, division, print_function

from collections import OrderedDict

from .plan import VOLATILE_ROOTS, native


class FileState(object):
    """One file touched in the current episode."""

    def __init__(self, root, relpath, original, backup_change):
        self.root = root
        self.path = relpath
        self.original = original            # SHA-256 before the episode (None: absent)
        self.backup_change = backup_change  # the change whose backup holds those bytes
        self.current = original             # SHA-256 the last finished change left
        self.fixes = []                     # ids of the fixes whose changes touched it

    def key(self):
        return (self.root, self.path)


def file_key(entry):
    return native(entry['root']), native(entry['path'])


class History(object):
    """One target's state; built by ``histories``."""

    def __init__(self, identifier, bundle):
        self.identifier = identifier
        self.bundle = bundle
        self.applied = OrderedDict()   # fix id -> {'params', 'change', 'time'}
        self.files = OrderedDict()     # (root, path) -> FileState
        self.dirs = []                 # (root, path) made in this episode and still there
        self.cache_dirs = []           # (root, path) __pycache__ folders absent beside .py files created
        self.apply_files = {}          # fix id -> set of keys its apply change touched
        self.open = []                 # intents without done/undone, oldest first
        self.changes = []              # (intent, outcome record or None), every change ever

    def applied_params(self, excluding=None):
        """{fix id: params}, in the order the fixes were applied."""
        return OrderedDict((fix, entry['params']) for fix, entry in self.applied.items() if fix != excluding)

    def originals(self):
        """{(root, path): SHA-256 before the episode (None: absent)} of every file touched in it."""
        return dict((key, state.original) for key, state in self.files.items())

    def pristine(self):
        """No fix on, no folder of ours left, every file back to its original bytes (the server's own
        cache files excepted: with no fix on, what it writes there is not ours to track)."""
        return not self.applied and not self.dirs and all(
            f.current == f.original for f in self.files.values() if f.root not in VOLATILE_ROOTS)

    def finish(self, intent, done):
        """Take in one finished change."""
        if intent['action'] == 'forget':
            self.start_over()
            return
        fix = intent.get('fix')
        for entry in intent.get('files', ()):
            if entry.get('companion'):
                continue
            key = file_key(entry)
            if key not in self.files:
                self.files[key] = FileState(key[0], key[1], entry['old'], intent['change'])
            state = self.files[key]
            state.current = entry['new']
            if fix and fix not in state.fixes:
                state.fixes.append(fix)
        for root, relpath in intent.get('dirs_made', ()):
            self.dirs.append((native(root), native(relpath)))
        for root, relpath in intent.get('cache_dirs', ()):
            if (native(root), native(relpath)) not in self.cache_dirs:
                self.cache_dirs.append((native(root), native(relpath)))
        removed = set((native(r), native(p)) for r, p in intent.get('dirs_removed', ()))
        self.dirs = [d for d in self.dirs if d not in removed]
        self.cache_dirs = [d for d in self.cache_dirs if d not in removed]
        if intent['action'] == 'apply':
            self.applied[fix] = {'params': intent.get('params') or {}, 'change': intent['change'],
                                 'time': done.get('time')}
            self.apply_files[fix] = set(file_key(e) for e in intent.get('files', ()) if not e.get('companion'))
        for gone in intent.get('removes', ()):
            self.applied.pop(gone, None)
            self.apply_files.pop(gone, None)
        if self.pristine():
            self.start_over()

    def start_over(self):
        self.applied.clear()
        self.files.clear()
        self.apply_files.clear()
        self.dirs = []
        self.cache_dirs = []


def histories(records):
    """identifier -> History, in the order targets first appear in the journal.

    A change's outcome is its last done/undone record (an undo appended after a done whose
    write failed part way wins), taken in the order of the intents.
    """
    outcomes = {}
    for record in records:
        if record.get('event') in ('done', 'undone'):
            outcomes[record['change']] = record
    found = OrderedDict()
    for intent in records:
        if intent.get('event') != 'intent':
            continue
        identifier = intent.get('target')
        history = found.get(identifier)
        if history is None:
            history = found[identifier] = History(identifier, intent.get('bundle'))
        history.bundle = intent.get('bundle') or history.bundle
        outcome = outcomes.get(intent['change'])
        history.changes.append((intent, outcome))
        if outcome is None:
            history.open.append(intent)
        elif outcome['event'] == 'done':
            history.finish(intent, outcome)
    return found


def history_of(records, identifier, bundle=None):
    """The History of one target (an empty one when the journal never saw it)."""
    return histories(records).get(identifier) or History(identifier, bundle)
