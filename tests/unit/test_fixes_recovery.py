# -*- coding: utf-8 -*-
"""fixes/recovery.py: a crash between any two file operations of apply or rollback (and of
recovery itself) is finished or undone at the next start: every file of the server is exactly
as before or exactly as after, and the journal says which. Each test prints its count."""
from __future__ import absolute_import, division, print_function

import errno
import io
import os

import pytest

from fake_fixes import RESOLVE, fixed_plan, resolver
from fix_trees import LAYOUTS, differences, make_server
from pleximprovement.fixes.fileops import FileOps
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.target import find_target
from pleximprovement.names import FIX_JOURNAL


class Crash(BaseException):
    """The process dies: no handler of the machinery runs (it catches Exception kinds only)."""


def crash_before(n):
    def before(count, operation, path):
        if count == n:
            raise Crash('before operation %d: %s %s' % (n, operation, path))
    return before


def strict_rename(src, dst):
    if os.path.exists(dst):
        raise OSError(errno.EEXIST, 'File exists', dst)
    os.rename(src, dst)


def windows_ops(before=None):
    """Windows under Python 2: rename cannot replace, no MoveFileEx: the aside path."""
    return FileOps(before=before, os_replace=None, windows=True, rename=strict_rename, move=lambda src, dst: False)


def plain_ops(before=None):
    return FileOps(before=before)


class Scenario(object):
    """A server in a starting state and one operation on its agent."""

    def __init__(self, tmpdir, layout, setup_steps, operation, make_ops=plain_ops):
        self.tmpdir = tmpdir
        self.template = make_server(tmpdir.join('template'))
        self.bundle, self.identifier = LAYOUTS[layout](self.template)
        self.operation = operation
        self.make_ops = make_ops
        inst, target = self.open(self.template)
        for step in setup_steps:
            step(inst, target)
        self.start = self.template.snapshot()
        self.start_applied = inst.applied(target)

    def open(self, server, before=None):
        inst = Installer(server.data, server.plugins, ops=self.make_ops(before), resolve=RESOLVE)
        return inst, find_target(server.plugins, self.bundle, None)

    def clean_run(self):
        server = self.template.copy(str(self.tmpdir.join('clean')))
        inst, target = self.open(server)
        self.operation(inst, target)
        self.end, self.end_applied, self.total = server.snapshot(), inst.applied(target), inst.ops.count
        return self.total

    def check(self, server, label):
        inst, target = self.open(server)
        inst.recover()
        state = server.snapshot()
        assert state in (self.start, self.end), (label, differences(self.start, state), differences(self.end, state))
        assert inst.history(target).open == [], label
        assert inst.applied(target) == (self.end_applied if state == self.end else self.start_applied), label
        return 'after' if state == self.end else 'before'

    def crash(self, n, name):
        server = self.template.copy(str(self.tmpdir.join(name)))
        inst, target = self.open(server, crash_before(n))
        with pytest.raises(Crash):
            self.operation(inst, target)
        return server

    def every_crash(self):
        total = self.clean_run()
        ends = {'before': 0, 'after': 0}
        for n in range(1, total + 1):
            ends[self.check(self.crash(n, 'crash%d' % n), 'crash before operation %d' % n)] += 1
        return total, ends


def report(capsys, what, total, ends):
    with capsys.disabled():
        print('\ncrash injection: %s: %d file operations, a crash before each: %d recovered to before, %d to after'
              % (what, total, ends['before'], ends['after']))


def apply_overlay(inst, target):
    inst.apply(target, 'browser_headers')


def rollback_overlay(inst, target):
    inst.rollback(target, 'browser_headers')


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
def test_crash_anywhere_in_apply(tmpdir, capsys, layout):
    total, ends = Scenario(tmpdir, layout, [], apply_overlay).every_crash()
    assert ends['before'] and ends['after'] and total == ends['before'] + ends['after']
    report(capsys, 'apply browser_headers on %s' % layout, total, ends)


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
def test_crash_anywhere_in_rollback(tmpdir, capsys, layout):
    total, ends = Scenario(tmpdir, layout, [apply_overlay], rollback_overlay).every_crash()
    assert ends['before'] and ends['after']
    report(capsys, 'rollback browser_headers on %s' % layout, total, ends)


@pytest.mark.parametrize('fix_id', ['fake_timeout', 'fake_clear_cache'])
def test_crash_anywhere_in_prefs_and_cache_fixes(tmpdir, capsys, fix_id):
    def apply_it(inst, target):
        inst.apply(target, fix_id)

    def roll_back(inst, target):
        inst.rollback(target, fix_id)
    for name, steps, operation in (('apply', [], apply_it), ('rollback', [apply_it], roll_back)):
        total, ends = Scenario(tmpdir.join(name), 'code_only', steps, operation).every_crash()
        report(capsys, '%s %s on code_only' % (name, fix_id), total, ends)


def test_crash_anywhere_in_unplan_and_rollback_all(tmpdir, capsys):
    def stack(inst, target):
        for fix_id in ('browser_headers', 'retry_backoff', 'fake_timeout', 'fake_clear_cache'):
            inst.apply(target, fix_id)
    total, ends = Scenario(tmpdir.join('one'), 'shared_heavy', [stack], rollback_overlay).every_crash()
    report(capsys, 'rollback of one overlay of two (unplan) on shared_heavy', total, ends)
    total, ends = Scenario(tmpdir.join('all'), 'family', [stack],
                           lambda inst, target: inst.rollback_all(target)).every_crash()
    report(capsys, 'rollback --all of four fixes on family', total, ends)


def test_crash_anywhere_with_the_windows_aside_rename(tmpdir, capsys):
    for name, steps, operation in (('apply', [], apply_overlay), ('rollback', [apply_overlay], rollback_overlay)):
        scenario = Scenario(tmpdir.join(name), 'sample', steps, operation, make_ops=windows_ops)
        total, ends = scenario.every_crash()
        report(capsys, '%s browser_headers on sample, Windows aside rename' % name, total, ends)


def test_crash_anywhere_in_recovery_itself(tmpdir, capsys):
    scenario = Scenario(tmpdir, 'code_only', [], apply_overlay)
    total = scenario.clean_run()
    pairs = 0
    for n in range(1, total + 1):
        crashed = scenario.crash(n, 'crash%d' % n)
        probe = crashed.copy(str(tmpdir.join('probe%d' % n)))
        inst, _ = scenario.open(probe)
        inst.recover()
        for m in range(1, inst.ops.count + 1):
            again = crashed.copy(str(tmpdir.join('crash%d_%d' % (n, m))))
            inst, _ = scenario.open(again, crash_before(m))
            with pytest.raises(Crash):
                inst.recover()
            scenario.check(again, 'crash before %d, then in recovery before %d' % (n, m))
            pairs += 1
    assert pairs > total
    with capsys.disabled():
        print('\ncrash injection: recovery of apply on code_only crashed again: %d (apply, recovery) crash pairs, '
              'each recovered at the following start' % (pairs,))


def test_a_file_someone_else_wrote_is_left_open(tmpdir):
    scenario = Scenario(tmpdir, 'code_only', [], apply_overlay)
    scenario.clean_run()
    server = scenario.crash(scenario.total - 1, 'crashed')      # after every rename, before "done"
    inst, target = scenario.open(server)
    with io.open(os.path.join(target.contents_dir, 'Code', '__init__.py'), 'ab') as handle:
        handle.write(b'# edited meanwhile\n')
    edited = server.snapshot()
    notes = inst.recover()
    assert len(notes) == 1 and 'left open: a file is neither as before nor as after it' in notes[0]
    assert server.snapshot() == edited and len(inst.history(target).open) == 1
    assert 'could not be recovered' in '%s' % inst.status() or inst.status()['targets'][0]['open']
    inst.forget(target)
    assert inst.history(target).open == [] and server.snapshot() == edited


def test_a_missing_bundle_is_left_open(tmpdir):
    scenario = Scenario(tmpdir, 'code_only', [], apply_overlay)
    scenario.clean_run()
    server = scenario.crash(scenario.total - 1, 'crashed')
    os.rename(os.path.join(server.plugins, 'Hama.bundle'), os.path.join(server.plugins, 'Hama.moved'))
    notes = Installer(server.data, server.plugins, resolve=RESOLVE).recover()
    assert len(notes) == 1 and 'left open: the bundle is not in' in notes[0]


def test_a_torn_journal_line_is_skipped_and_the_next_starts_on_its_own_line(tmpdir):
    scenario = Scenario(tmpdir, 'code_only', [apply_overlay], rollback_overlay)
    journal = os.path.join(scenario.template.data, FIX_JOURNAL)
    with io.open(journal, 'ab') as handle:
        handle.write(b'{"event": "intent", "change": "torn", "fi')
    inst, target = scenario.open(scenario.template)
    assert inst.recover() == [] and list(inst.applied(target)) == ['browser_headers']
    assert inst.status()['unreadable_lines'] == 1
    inst.rollback(target, 'browser_headers')
    with io.open(journal, 'rb') as handle:
        lines = handle.read().split(b'\n')
    assert lines[2] == b'{"event": "intent", "change": "torn", "fi' and lines[3].startswith(b'{"action":"rollback"')
    assert inst.applied(target) == {}


def test_a_revert_interrupted_before_its_end_is_completed_with_its_python_2_only_file(tmpdir):
    """One fix edited a Python 2 only module, the next deleted it and the agent did not start again; the
    revert putting back the edited module crashed before recording its end. Recovery completes it on
    any Python (the journal says the change restores the bytes that were there just before), never
    undoes it into the state that did not start."""
    victim = ('bundle', 'Contents/Code/AniDB.py')
    server = make_server(tmpdir.join('server'))
    name, _identifier = LAYOUTS['code_only'](server)
    edited = find_target(server.plugins, name, None).read(*victim) + b'\nEXTRA = 1\n'
    resolve = resolver(fixed_plan('edit_anidb', {victim: edited}), fixed_plan('drop_anidb', {victim: None}))
    Installer(server.data, server.plugins, resolve=resolve).apply(find_target(server.plugins, name, None),
                                                                  'edit_anidb')
    before = server.snapshot()

    def apply(server, ops=None):
        inst = Installer(server.data, server.plugins, resolve=resolve, ops=ops, confirm_start=lambda t, s: False)
        assert inst.apply(find_target(server.plugins, name, None), 'drop_anidb')['rolled_back']
        return inst.ops.count
    total = apply(server.copy(str(tmpdir.join('clean'))))      # the last two: the revert's "done", the touch
    with pytest.raises(Crash):
        apply(server, FileOps(before=crash_before(total - 1)))
    inst = Installer(server.data, server.plugins, resolve=resolve)
    assert [note.split(': ', 1)[1] for note in inst.recover()] == ['every file was already written: completed']
    assert server.snapshot() == before and list(inst.applied(find_target(server.plugins, name, None))) == [
        'edit_anidb']
