# -*- coding: utf-8 -*-
"""One change to one target: prepared from a plan, carried out, checked, and undone.

In: a Target, a checked plan (plan.py) and what the change is for. Out: a ``Change`` listing
each file with its SHA-256 before and after (the journal's intent), the folders it creates
and removes, and the __pycache__ folders absent beside the .py files it creates; ``execute``
makes it through a FileOps, ``undo`` puts the "before" back from the backup (checked by hash;
the compiled files Python wrote for a .py file the change created go with it), ``where`` tells
whether the target is exactly before, exactly after or neither, and ``compile_check`` compiles
every changed .py file. Nothing is written by ``prepare``: a read-only file or folder is refused
there, before the backup. A compiled companion (compiled.py) in a change is like a file of a
volatile root: Python, not someone else, writes it, so its hash is never a reason to refuse.
"""
from __future__ import absolute_import, division, print_function

import os
import sys
import warnings

from . import compiled
from .backup import sha256
from .errors import CheckFailed, HashMismatch, ReadOnly, Refused
from .fileops import is_read_only
from .plan import BUNDLE, VOLATILE_ROOTS

PY2 = sys.version_info[0] == 2
BEFORE, AFTER, MIXED, FOREIGN = 'before', 'after', 'mixed', 'foreign'


class FileChange(object):
    """One file of a change. ``data`` is the new bytes (None: delete); ``before`` the old bytes;
    ``companion``: a compiled file Python wrote for a .py file a fix created (compiled.py)."""

    def __init__(self, root, relpath, full, old, new, data=None, before=None, companion=False):
        self.root = root
        self.path = relpath
        self.full = full
        self.old = old
        self.new = new
        self.data = data
        self.before = before
        self.companion = companion

    @property
    def volatile(self):
        """Written by the server or its Python on their own: a hash neither old nor new is not an edit."""
        return self.companion or self.root in VOLATILE_ROOTS

    def record(self):
        record = {'root': self.root, 'path': self.path, 'old': self.old, 'new': self.new}
        if self.companion:
            record['companion'] = True
        return record


class Change(object):
    """What one intent in the journal describes."""

    def __init__(self, target, change_id, action, fix, params, removes=(), reason=None):
        self.target = target
        self.change_id = change_id
        self.action = action
        self.fix = fix
        self.params = params or {}
        self.removes = list(removes)
        self.reason = reason
        self.files = []
        self.dirs_made = []
        self.dirs_removed = []
        self.cache_dirs = []     # __pycache__ folders absent beside the .py files it creates
        # (root, relpath) -> SHA-256 the file had before the fixes (None: absent), from the journal:
        # those bytes are never refused by compile_check, and a .py file absent then is ours.
        self.originals = {}
        self.restoring = False   # every file goes back to the bytes it had just before (a revert)

    def intent(self, time_text):
        return {'event': 'intent', 'change': self.change_id, 'action': self.action, 'fix': self.fix,
                'params': self.params, 'removes': self.removes, 'target': self.target.identifier,
                'bundle': self.target.name, 'files': [f.record() for f in self.files],
                'dirs_made': [list(d) for d in self.dirs_made],
                'dirs_removed': [list(d) for d in self.dirs_removed],
                'cache_dirs': [list(d) for d in self.cache_dirs], 'restoring': self.restoring, 'reason': self.reason,
                'time': time_text}

    def dir_full(self, folder):
        return self.target.dir_path(folder[0], folder[1])

    def label(self, item):
        return self.target.label(item.root, item.path)


def parents(root, relpath):
    """The folders above a file of ``root``, outermost first, as (root, relpath) pairs."""
    parts = relpath.split('/')[:-1]
    if root == BUNDLE:
        return [(root, '/'.join(parts[:n])) for n in range(2, len(parts) + 1)]
    return [(root, '')] + [(root, '/'.join(parts[:n])) for n in range(1, len(parts) + 1)]


def nearest_existing(path):
    while path and not os.path.isdir(path):
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    return path


def check_writable(change):
    """ReadOnly naming the first file or folder the change cannot write; nothing is written."""
    target = change.target
    for item in change.files:
        if os.path.lexists(item.full) and is_read_only(item.full):
            raise ReadOnly('%s of %s is read-only; nothing was changed' % (change.label(item), target.name))
        folder = nearest_existing(os.path.dirname(item.full))
        if is_read_only(folder):
            raise ReadOnly('folder %s (needed for %s of %s) is read-only; nothing was changed'
                           % (folder, change.label(item), target.name))
    for folder in change.dirs_removed:
        parent = os.path.dirname(change.dir_full(folder))
        if is_read_only(parent):
            raise ReadOnly('folder %s of %s is read-only; nothing was changed' % (parent, target.name))


def prepare(change, plan, dirs_removed=(), companions=()):
    """Fill ``change`` from a checked plan; files whose bytes would not change are left out.
    ``companions``: the keys of the plan that are compiled companions (compiled.with_companions);
    set ``change.originals`` first."""
    target = change.target
    change.cache_dirs = compiled.absent_cache_dirs(target, change.originals, plan)
    made = []
    for root, relpath in sorted(plan):
        data = plan[(root, relpath)]
        full = target.path(root, relpath)
        if os.path.isdir(full) or (root == BUNDLE and relpath.count('/') < 1):
            raise Refused('%s of %s is a folder, not a file; nothing was changed'
                          % (target.label(root, relpath), target.name))
        before = target.read(root, relpath)
        if before == data:
            continue
        change.files.append(FileChange(root, relpath, full, sha256(before), sha256(data), data, before,
                                       (root, relpath) in companions))
        if data is not None:
            for folder in parents(root, relpath):
                if folder not in made and not os.path.isdir(target.dir_path(*folder)):
                    made.append(folder)
    change.dirs_made = made
    change.dirs_removed = list(dirs_removed)
    check_writable(change)
    return change


def depth(folder):
    return (folder[1].count('/') + 1) if folder[1] else 0


def execute(change, ops):
    """Make the change: folders, every new file's bytes beside it (a full disk stops here, with
    nothing changed yet), then the renames and deletions, then the folders it empties."""
    for folder in sorted(change.dirs_made, key=depth):
        ops.mkdir(change.dir_full(folder))
    for item in change.files:
        if item.data is not None:
            ops.write_temp(item.full, item.data)
    for item in change.files:
        if item.data is not None:
            ops.commit(item.full)
        else:
            ops.remove(item.full)
    for folder in sorted(change.dirs_removed, key=depth, reverse=True):
        ops.rmdir(change.dir_full(folder))


def settle(change, ops):
    """Leftovers of an interrupted rename gone, an old file moved aside put back."""
    for item in change.files:
        ops.settle(item.full)


def hash_of(full):
    """SHA-256 of the file at ``full`` now; None when there is none."""
    try:
        with open(full, 'rb') as handle:
            return sha256(handle.read())
    except (IOError, OSError):
        return None


def current(item):
    return hash_of(item.full)


def where(change):
    """BEFORE or AFTER when the target is exactly that, MIXED when some files are each, FOREIGN
    when a (non-volatile) file is neither: someone else wrote it."""
    at_old = at_new = True
    for item in change.files:
        now = current(item)
        if now != item.old and now != item.new and not item.volatile:
            return FOREIGN
        at_old = at_old and now == item.old
        at_new = at_new and now == item.new
    for folder in change.dirs_made:
        exists = os.path.isdir(change.dir_full(folder))
        at_old, at_new = at_old and not exists, at_new and exists
    for folder in change.dirs_removed:
        exists = os.path.isdir(change.dir_full(folder))
        at_old, at_new = at_old and exists, at_new and not exists
    return BEFORE if at_old else AFTER if at_new else MIXED


def ours(change, item):
    """A .py file the change created that was absent before the fixes: its compiled files are ours too
    (a change never creates one beside compiled files it did not cause: compiled.refuse_foreign)."""
    return (item.old is None and item.new is not None and compiled.is_source(item.path)
            and change.originals.get((item.root, item.path)) is None)


def undo(change, backup, ops):
    """Put every file back to its "before" bytes from ``backup`` (hash-checked); folders the
    change made (and __pycache__ folders it noted absent) go again when empty. Returns the
    folders the change made that could not go (not empty)."""
    settle(change, ops)
    for folder in sorted(change.dirs_removed, key=depth):
        if not os.path.isdir(change.dir_full(folder)):
            ops.mkdir(change.dir_full(folder))
    for item in change.files:
        if ours(change, item):
            for relpath in compiled.companions(change.target, item.root, item.path):
                ops.remove(change.target.path(item.root, relpath))
        now = current(item)
        if now == item.old or (item.volatile and now != item.new):
            continue
        if item.old is None:
            ops.remove(item.full)
        else:
            ops.write_atomic(item.full, backup.original(item.root, item.path, item.old))
    left = []
    for folder in sorted(set(change.dirs_made) | set(change.cache_dirs), key=depth, reverse=True):
        full = change.dir_full(folder)
        if os.path.isdir(full) and not os.listdir(full):
            ops.rmdir(full)
        elif os.path.isdir(full) and folder in change.dirs_made:
            left.append(folder)
    return left


def compile_error(source, label):
    """None when ``source`` compiles under this interpreter, else 'line N: message'."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            compile(source, label, 'exec', 0, True)  # dont_inherit: not this module's __future__ flags
    except SyntaxError as error:
        return 'line %s: %s' % (error.lineno, error.msg)
    except (TypeError, ValueError) as error:  # null bytes, bad coding cookie
        return '%s' % (error,)
    return None


def compile_check(change):
    """(compiled, unchecked) labels, or CheckFailed naming the first file that does not compile.

    Rule: bytes that were there before (``change.originals``: a rollback putting back the
    original; every file of a ``restoring`` change) are never refused: they are listed as
    unchecked when they do not compile here. Otherwise, under Python 2.7 (the agent's own
    interpreter) every changed .py file must compile. Under Python 3 a changed file must
    compile when it is new or its previous version compiled here; a file whose previous
    version did not (Python 2 only code, e.g. print statements) is listed as unchecked, never
    passed on a guess.
    """
    checked, unchecked = [], []
    for item in change.files:
        if item.data is None or not compiled.is_source(item.path):
            continue
        label = change.label(item)
        error = compile_error(item.data, label)
        if error is None:
            checked.append(label)
        elif change.restoring or change.originals.get((item.root, item.path), item.old) == item.new:
            unchecked.append(label)
        elif not PY2 and item.before is not None and compile_error(item.before, label) is not None:
            unchecked.append(label)
        else:
            raise CheckFailed('%s of %s does not compile after fix %s (%s)'
                              % (label, change.target.name, change.fix, error))
    return checked, unchecked


def check_unchanged(target, history):
    """HashMismatch when a file is not what the last finished change left (someone edited it)."""
    for state in history.files.values():
        if state.root in VOLATILE_ROOTS:
            continue
        if hash_of(target.path(state.root, state.path)) != state.current:
            raise HashMismatch('%s of %s was changed by someone else since fix %s changed it; nothing was changed. '
                               'Put that file back, or reinstall the agent and run "fix forget"'
                               % (target.label(state.root, state.path), target.name,
                                  ', '.join(state.fixes) or '(none)'))
