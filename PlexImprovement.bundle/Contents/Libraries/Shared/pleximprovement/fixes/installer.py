# -*- coding: utf-8 -*-
"""Applying and rolling back fixes on an agent: backed up, journaled, checked, reversible.

In: a data folder (backups and journal), the server's Plug-ins folder, a Target (target.py)
and a fix id resolved to its module (fix contract: plan/unplan/verify). Out: the change made
or a ``Refused`` (errors.py) after which the agent is exactly as before. Every change runs:
refuse if a file the journal knows differs from what it left -> plan -> backup with SHA-256
manifest -> "intent" in the journal (fsynced) -> write (atomic per file) -> compile every
changed .py -> verify every applied fix -> "done" -> touch Info.plist and, when the caller can
see the server, confirm the agent started (else roll back at once). A failure at any step
undoes what was written. ``recover()`` (at the plug-in's Start() and before every CLI
command) finishes or undoes a change a crash interrupted.

RESTORE_ORIGINAL (from unplan, and for rollback_all): every file touched since the target was
last as it was before any fix goes back to those original bytes, except the files the apply
of a fix that stays applied touched; folders made in that time go when they are empty.
Whenever a change deletes a .py file a fix created, the compiled files Python wrote for it go
too (compiled.py), so no .pyc keeps a folder of ours alive or our code importable.
"""
from __future__ import absolute_import, division, print_function

import binascii
import errno
import os
import time

from . import catalog, compiled, recovery, status as status_report
from .backup import Backup, save as save_backup
from .changes import Change, check_unchanged, compile_check, depth, execute, hash_of, prepare, undo
from .errors import CheckFailed, Conflict, NoImplementation, Refused, WriteFailed
from .fileops import FileOps
from .history import history_of
from .journal import Journal, utc_now
from .plan import RESTORE_ORIGINAL, VOLATILE_ROOTS, check_plan
from .reload import restart
from .target import plugin_support_for

RESTART_ANSWERS = {True: 'confirmed', False: 'did not start', None: 'not confirmed'}
HOOKS = ('plan', 'unplan', 'verify')


def fix_module(fix_id, data_dir=None):
    """The module implementing ``fix_id`` (catalog.module_for: the catalog's MODULES, or a custom fix
    'custom:<name>' read from ``data_dir``); UnknownFix when there is none, NoImplementation when it
    lacks a hook of the fix contract."""
    module = catalog.module_for(fix_id, data_dir)
    missing = [hook for hook in HOOKS if not callable(getattr(module, hook, None))]
    if missing:
        raise NoImplementation('fix %s has no implementation yet (no %s)' % (fix_id, ', '.join(missing)))
    return module


def validate_params(module, params):
    """Parameters with defaults filled in and each value in canonical form (text is read: the command
    line and menu queries give text), by the catalog's rules; Refused naming what is allowed."""
    try:
        return catalog.FixSpec(module).normalise(params)
    except ValueError as error:
        raise Refused('%s' % (error,))


def os_error_text(error):
    reason = 'the disk is full' if error.errno == errno.ENOSPC else (error.strerror or '%s' % (error,))
    return '%s (%s)' % (reason, error.filename) if getattr(error, 'filename', None) else reason


def is_below(path, folder):
    return folder == '' or path == folder or path.startswith(folder + '/')


def emptied_dirs(target, candidates, plan):
    """The folders among ``candidates`` (made by fixes) that ``plan`` leaves empty, deepest first."""
    deleted = set(key for key, data in plan.items() if data is None)
    written = [key for key, data in plan.items() if data is not None]
    gone = []
    for folder in sorted(set(candidates), key=depth, reverse=True):
        root, relpath = folder
        if not target.isdir(root, relpath) or any(k[0] == root and is_below(k[1], relpath) for k in written):
            continue
        children = [(root, relpath + '/' + name if relpath else name) for name in target.listdir(root, relpath)]
        if all(child in deleted or child in gone for child in children):
            gone.append(folder)
    return gone


def prepare_removing(change, originals, plan, candidates):
    """prepare() a change whose plan may delete files fixes created: their compiled companions go with
    them, and the folders among ``candidates`` it leaves empty."""
    change.originals = originals
    plan, companions = compiled.with_companions(change.target, originals, plan)
    return prepare(change, plan, emptied_dirs(change.target, candidates, plan), companions)


def describe(change):
    """What the change did, for the caller to show."""
    what = dict(((f.root, f.path), 'created' if f.old is None else 'deleted' if f.new is None else 'changed')
                for f in change.files)
    return {'action': change.action, 'change': change.change_id, 'fix': change.fix, 'params': change.params,
            'target': change.target.identifier, 'bundle': change.target.name,
            'files': [{'path': change.label(f), 'what': what[(f.root, f.path)]} for f in change.files],
            'dirs_made': [change.target.label(*d) for d in change.dirs_made],
            'dirs_removed': [change.target.label(*d) for d in change.dirs_removed],
            'compiled': [], 'unchecked': [], 'verify': None, 'restart': None, 'rolled_back': None}


class Installer(object):
    """The fix operations on one server: ``data_dir`` holds the journal and the backups (and the
    custom fixes); ``resolve(fix_id) -> module`` defaults to fix_module."""

    def __init__(self, data_dir, plugins_dir, plugin_support=None, ops=None, resolve=None,
                 confirm_start=None, clock=time.time):
        self.data_dir = os.path.abspath(data_dir)
        self.plugins_dir = plugins_dir
        self.plugin_support = plugin_support or plugin_support_for(plugins_dir)
        self.ops = ops or FileOps()
        self.resolve = resolve or (lambda fix_id: fix_module(fix_id, self.data_dir))
        self.confirm_start = confirm_start
        self.clock = clock
        self.journal = Journal(self.data_dir, self.ops)

    # -- reading -------------------------------------------------------------------------------
    def history(self, target):
        return history_of(self.journal.records()[0], target.identifier, target.name)

    def applied(self, target):
        """{fix id: params} of the fixes on ``target``, in the order they were applied."""
        return self.history(target).applied_params()

    def status(self):
        return status_report.status(self.journal, self.plugins_dir, self.plugin_support)

    def diff(self, target, fix_id=None):
        return status_report.diff(self.history(target), target, self.data_dir, fix_id)

    def preview(self, target, fix_id, params=None):
        """What apply() would change, without changing anything: describe() of the change, plus
        'diff' (unified diff text). Refused as apply() would refuse before writing."""
        module = self.resolve(fix_id)
        params = validate_params(module, params)
        history = self.history(target)
        check_unchanged(target, history)
        change = self.planned(target, history, module, fix_id, params, None)[1]
        outcome = describe(change)
        outcome['diff'] = ''.join(status_report.unified(change.label(f), f.before, f.data) for f in change.files)
        return outcome

    def recover(self):
        """Finish or undo every change a crash interrupted; one line per change, for the log."""
        if not os.path.exists(self.journal.path):
            return []
        with self.journal.lock():
            return recovery.recover(self.journal, self.data_dir, self.plugins_dir, self.plugin_support, self.ops,
                                    self.clock)

    # -- changing --------------------------------------------------------------------------------
    def apply(self, target, fix_id, params=None):
        module = self.resolve(fix_id)
        params = validate_params(module, params)
        with self.journal.lock():
            history = self.ready(target)
            view, change = self.planned(target, history, module, fix_id, params, self.new_id())
            if not change.files:
                raise Refused('fix %s changes nothing on %s (is it in place already?); nothing was recorded'
                              % (fix_id, target.name))
            after = history.applied_params()
            after[fix_id] = params
            outcome = self.run(change, lambda: self.verify_all(view, after))
            outcome['restart'] = started = RESTART_ANSWERS[restart(target, self.ops, self.confirm_start, self.clock)]
            if started == 'did not start':
                outcome['rolled_back'] = self.revert(change)
            return outcome

    def rollback(self, target, fix_id):
        """Take one fix off through its unplan(); the others stay."""
        with self.journal.lock():
            history = self.ready(target)
            if fix_id not in history.applied:
                raise Conflict('fix %s is not applied to %s (applied: %s)'
                               % (fix_id, target.name, ', '.join(history.applied) or 'none'))
            try:
                module = self.resolve(fix_id)
            except NoImplementation as error:
                raise NoImplementation('%s; "rollback --all" restores %s without it' % (error, target.name))
            params = history.applied[fix_id]['params']
            remaining = history.applied_params(excluding=fix_id)
            view = self.planning_view(target, history)
            answer = module.unplan(view, params, remaining)
            if answer is RESTORE_ORIGINAL:
                plan = self.restore_plan(target, history, remaining)
            else:
                plan = check_plan(answer, fix_id)
            change = Change(target, self.new_id(), 'rollback', fix_id, params, removes=[fix_id])
            prepare_removing(change, history.originals(), plan, history.dirs + history.cache_dirs)
            outcome = self.run(change, lambda: self.verify_all(view, remaining))
            outcome['restart'] = RESTART_ANSWERS[restart(target, self.ops, self.confirm_start, self.clock)]
            return outcome

    def rollback_all(self, target):
        """Every fix off; every file this target's fixes touched back to its original bytes."""
        with self.journal.lock():
            history = self.ready(target)
            plan = self.restore_plan(target, history, {})
            if not history.applied and not plan and not history.dirs:
                raise Conflict('no fix is applied to %s and nothing differs from before the first one' % (target.name,))
            change = Change(target, self.new_id(), 'rollback', None, {}, removes=list(history.applied),
                            reason='restore the original')
            prepare_removing(change, history.originals(), plan, history.dirs + history.cache_dirs)
            outcome = self.run(change, None)
            outcome['restart'] = RESTART_ANSWERS[restart(target, self.ops, self.confirm_start, self.clock)]
            return outcome

    def forget(self, target):
        """Stop tracking ``target`` (someone else changed it, e.g. reinstalled it). Its files stay as
        they are; its backups stay in the data folder."""
        with self.journal.lock():
            history = self.history(target)
            if not history.applied and not history.files and not history.open:
                raise Conflict('the journal has nothing about %s to forget' % (target.name,))
            now = utc_now(self.clock)
            for intent in history.open:
                self.journal.append({'event': 'undone', 'change': intent['change'], 'action': intent['action'],
                                     'reason': 'forgotten by the owner', 'time': now})
            change = Change(target, self.new_id(), 'forget', None, {}, removes=list(history.applied),
                            reason='forgotten by the owner')
            self.journal.append(change.intent(now))
            self.journal.append({'event': 'done', 'change': change.change_id, 'action': 'forget', 'time': now})
            return describe(change)

    # -- the steps -------------------------------------------------------------------------------
    def new_id(self):
        stamp = time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(self.clock()))
        return '%s-%s' % (stamp, binascii.hexlify(os.urandom(3)).decode('ascii'))

    def ready(self, target):
        """The target's history, after recovering a change left open on it (the journal could not
        record its end); refusing one that cannot be recovered, or a file edited since."""
        history = self.history(target)
        if history.open:
            notes = recovery.recover_history(history, self.journal, self.data_dir, self.plugins_dir,
                                             self.plugin_support, self.ops, self.clock)
            history = self.history(target)
            if history.open:
                raise Conflict('an interrupted change on %s cannot be recovered: %s' % (target.name, notes[-1]))
        check_unchanged(target, history)
        return history

    def planned(self, target, history, module, fix_id, params, change_id):
        """(planning view, prepared Change) of applying ``fix_id``; nothing is written."""
        if fix_id in history.applied:
            raise Conflict('fix %s is already applied to %s with %s; roll it back first'
                           % (fix_id, target.name, history.applied[fix_id]['params']))
        view = self.planning_view(target, history)
        plan = check_plan(module.plan(view, params, history.applied_params()), fix_id)
        compiled.refuse_foreign(target, history.originals(), plan, fix_id)
        change = Change(target, change_id, 'apply', fix_id, params)
        return view, prepare_removing(change, history.originals(), plan, ())

    def original(self, history, root, relpath):
        state = history.files[(root, relpath)]
        return Backup(self.data_dir, state.backup_change).original(root, relpath, state.original)

    def planning_view(self, target, history):
        def originals(root, relpath):
            if (root, relpath) not in history.files:
                return False, None
            return True, self.original(history, root, relpath)
        return target.with_originals(originals)

    def restore_plan(self, target, history, keep):
        """RESTORE_ORIGINAL as a plan (see the module docstring)."""
        kept = set()
        for fix_id in keep:
            kept.update(history.apply_files.get(fix_id, ()))
        plan = {}
        for key, state in history.files.items():
            if key in kept or state.current == state.original:
                continue
            if state.root in VOLATILE_ROOTS and hash_of(target.path(*key)) != state.current:
                continue   # the server wrote it since: its newer content stays
            plan[key] = self.original(history, *key)
        return plan

    def verify_all(self, view, fixes):
        notes = []
        for fix_id, params in fixes.items():
            try:
                module = self.resolve(fix_id)
            except NoImplementation:
                continue
            ok, message = module.verify(view, params)
            if not ok:
                raise CheckFailed('fix %s does not verify on %s: %s' % (fix_id, view.name, message))
            notes.append('%s: %s' % (fix_id, message))
        return '; '.join(notes) or None

    def run(self, change, checks):
        """Backup, intent, write, compile, checks, done; undone and Refused on any failure."""
        target = change.target
        try:
            save_backup(self.ops, self.data_dir, change.change_id, [(f.root, f.path, f.before) for f in change.files])
            self.journal.append(change.intent(utc_now(self.clock)))
        except EnvironmentError as error:
            raise WriteFailed('cannot write the backup or the journal in %s: %s; nothing was changed on %s'
                              % (self.data_dir, os_error_text(error), target.name))
        outcome = describe(change)
        try:
            execute(change, self.ops)
            outcome['compiled'], outcome['unchecked'] = compile_check(change)
            outcome['verify'] = checks() if checks else None
        except EnvironmentError as error:
            self.abandon(change, WriteFailed, 'writing to %s failed: %s' % (target.name, os_error_text(error)))
        except Refused as error:
            self.abandon(change, type(error), '%s' % (error,))
        except Exception as error:  # a fix module's own bug in verify(): undone like a failed check
            self.abandon(change, CheckFailed, 'checking %s failed: %s: %s' % (target.name, type(error).__name__, error))
        try:
            self.journal.append({'event': 'done', 'change': change.change_id, 'action': change.action,
                                 'hashes': dict((change.label(f), f.new) for f in change.files),
                                 'compiled': outcome['compiled'], 'unchecked': outcome['unchecked'],
                                 'note': outcome['verify'], 'time': utc_now(self.clock)})
        except EnvironmentError as error:
            # Undoing would need the disk space that is missing, and could stop half way: the
            # change stays complete and the next start (or operation) records it.
            raise WriteFailed('%s of %s on %s is complete, but the journal could not record it: %s; it is '
                              'recorded at the next start'
                              % (change.action, change.fix or 'every fix', target.name, os_error_text(error)))
        return outcome

    def abandon(self, change, kind, why):
        """Undo a change that failed part way, record that, and raise ``kind``. When the record
        cannot be written (a full disk), the agent is still as before and the next start records it."""
        try:
            undo(change, Backup(self.data_dir, change.change_id), self.ops)
        except (EnvironmentError, Refused) as error:
            text = os_error_text(error) if isinstance(error, EnvironmentError) else '%s' % (error,)
            raise WriteFailed('%s; undoing it failed too (%s); it is undone at the next start' % (why, text))
        try:
            self.journal.append({'event': 'undone', 'change': change.change_id, 'action': change.action,
                                 'reason': why, 'time': utc_now(self.clock)})
        except EnvironmentError:
            pass
        raise kind('%s; the change was undone, %s is as it was' % (why, change.target.name))

    def revert(self, change):
        """Roll a just-applied change back because the agent did not start again."""
        backup = Backup(self.data_dir, change.change_id)
        plan = dict(((f.root, f.path), backup.original(f.root, f.path, f.old)) for f in change.files)
        back = Change(change.target, self.new_id(), 'rollback', change.fix, change.params, removes=[change.fix],
                      reason='the agent did not start again after the change')
        back.restoring = True
        prepare_removing(back, self.history(change.target).originals(), plan, change.dirs_made + change.cache_dirs)
        self.run(back, None)
        restart(change.target, self.ops)
        return back.reason
