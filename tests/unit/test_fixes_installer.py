# -*- coding: utf-8 -*-
"""fixes/installer.py: apply -> verify -> rollback leaves every agent layout byte-identical, and
every refusal (edited file, read-only, full disk, no compile, path outside) changes nothing."""
from __future__ import absolute_import, division, print_function

import errno
import io
import json
import os
import stat

import pytest

from fake_fixes import ALL, CONFIG, INIT, OVERLAYS, PACKAGE, RESOLVE, fixed_plan, prefs_fix, resolver
from fix_trees import FAMILY, LAYOUTS, differences, make_server, snapshot
from pleximprovement.fixes import catalog, installer
from pleximprovement.fixes.errors import (CheckFailed, Conflict, HashMismatch, NoImplementation, PathOutside, ReadOnly,
                                          Refused, UnknownFix, WriteFailed)
from pleximprovement.fixes.fileops import FileOps
from pleximprovement.fixes.installer import Installer, fix_module, validate_params
from pleximprovement.fixes.target import find_target
from pleximprovement.names import FIX_BACKUPS_DIR, FIX_JOURNAL

FIX_IDS = [m.ID for m in ALL]
PARAMS = {'fake_timeout': {'timeout_seconds': 90}}


def prepared(tmpdir, layout='code_only', **kwargs):
    server = make_server(tmpdir.join('server'))
    name, identifier = LAYOUTS[layout](server)
    kwargs.setdefault('resolve', RESOLVE)
    inst = Installer(server.data, server.plugins, **kwargs)
    return server, inst, find_target(server.plugins, name, None)


def journal_lines(server):
    path = os.path.join(server.data, FIX_JOURNAL)
    if not os.path.exists(path):
        return []
    with io.open(path, 'rb') as handle:
        return [json.loads(line.decode('utf-8')) for line in handle.read().splitlines() if line.strip()]


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
@pytest.mark.parametrize('fix_id', FIX_IDS)
def test_apply_verify_rollback_is_byte_identical(tmpdir, layout, fix_id):
    server, inst, target = prepared(tmpdir, layout)
    before = server.snapshot()
    outcome = inst.apply(target, fix_id, PARAMS.get(fix_id))
    assert outcome['files'] and outcome['restart'] == 'not confirmed'
    assert server.snapshot() != before
    ok, message = RESOLVE(fix_id).verify(target, validate_params(RESOLVE(fix_id), PARAMS.get(fix_id)))
    assert ok, message
    assert list(inst.applied(target)) == [fix_id]
    inst.rollback(target, fix_id)
    assert server.snapshot() == before, differences(before, server.snapshot())
    assert inst.applied(target) == {} and inst.status()['targets'] == []


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
def test_every_fix_stacked_then_rolled_back_in_several_orders(tmpdir, layout):
    for run, order in enumerate((FIX_IDS, FIX_IDS[::-1], [FIX_IDS[1], FIX_IDS[3], FIX_IDS[0], FIX_IDS[2]])):
        server, inst, target = prepared(tmpdir.join('run%d' % run), layout)
        before = server.snapshot()
        for fix_id in FIX_IDS:
            inst.apply(target, fix_id, PARAMS.get(fix_id))
        for n, fix_id in enumerate(order):
            inst.rollback(target, fix_id)
            for left in order[n + 1:]:
                assert RESOLVE(left).verify(target, validate_params(RESOLVE(left), PARAMS.get(left)))[0], (order, left)
        assert server.snapshot() == before, (order, differences(before, server.snapshot()))


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
def test_rollback_all_restores_the_original(tmpdir, layout):
    server, inst, target = prepared(tmpdir, layout)
    before = server.snapshot()
    for fix_id in FIX_IDS:
        inst.apply(target, fix_id, PARAMS.get(fix_id))
    outcome = inst.rollback_all(target)
    assert sorted(outcome['files'][0]) == ['path', 'what'] and outcome['fix'] is None
    assert server.snapshot() == before, differences(before, server.snapshot())
    assert inst.applied(target) == {}
    with pytest.raises(Conflict):
        inst.rollback_all(target)


def test_libraries_shared_is_created_and_removed_again(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    libraries = os.path.join(target.contents_dir, 'Libraries')
    outcome = inst.apply(target, 'browser_headers')
    assert os.path.isdir(os.path.join(libraries, 'Shared', 'fake_overlay'))
    assert outcome['dirs_made'] == ['Contents/Libraries', 'Contents/Libraries/Shared',
                                    'Contents/Libraries/Shared/fake_overlay']
    outcome = inst.rollback(target, 'browser_headers')
    assert not os.path.exists(libraries)
    assert outcome['dirs_removed'] == outcome['dirs_removed'][:1] + ['Contents/Libraries/Shared', 'Contents/Libraries']


def test_existing_libraries_shared_keeps_its_files(tmpdir):
    server, inst, target = prepared(tmpdir, 'shared_heavy')
    shared = os.path.join(target.contents_dir, 'Libraries', 'Shared')
    count = len(snapshot(shared))
    outcome = inst.apply(target, 'browser_headers')
    assert outcome['dirs_made'] == ['Contents/Libraries/Shared/fake_overlay']
    inst.rollback(target, 'browser_headers')
    assert len(snapshot(shared)) == count > 300


def test_a_family_member_changes_alone(tmpdir):
    server, inst, target = prepared(tmpdir, 'family')
    before = server.snapshot()
    for fix_id in FIX_IDS:
        inst.apply(target, fix_id, PARAMS.get(fix_id))
    changed = set(k for k, _, _ in differences(before, server.snapshot()) + [(k, 0, 0) for k in
                  set(before) ^ set(server.snapshot())])
    assert changed and all(k.startswith(('Plug-ins/IAFD.bundle', 'Plug-in Support/Preferences/com.plexapp.agents.IAFD',
                                         'Plug-in Support/Caches/com.plexapp.agents.IAFD')) for k in changed), changed
    others = [m for m in FAMILY if m != 'IAFD']
    assert all(find_target(server.plugins, m, None).read('bundle', INIT) is not None for m in others)
    inst.rollback_all(target)
    assert server.snapshot() == before


def test_one_overlay_among_two_goes_through_unplan(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    inst.apply(target, 'browser_headers')
    init_after_first = target.read('bundle', INIT)
    inst.apply(target, 'retry_backoff', {'max_retries': 5})
    assert target.read('bundle', INIT) == init_after_first
    outcome = inst.rollback(target, 'browser_headers')
    assert [f['path'] for f in outcome['files']] == [CONFIG]
    assert list(json.loads(target.read('bundle', CONFIG).decode('utf-8'))) == ['retry_backoff']
    assert list(inst.applied(target)) == ['retry_backoff']


def test_restore_original_keeps_the_files_of_fixes_that_stay(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    prefs_before = target.read('preferences', '')
    inst.apply(target, 'fake_timeout', {'timeout_seconds': 60})
    inst.apply(target, 'browser_headers')
    prefs_applied = target.read('preferences', '')
    inst.rollback(target, 'browser_headers')        # unplan -> RESTORE_ORIGINAL, the prefs fix stays
    assert target.read('preferences', '') == prefs_applied != prefs_before
    assert not target.exists('bundle', CONFIG)
    inst.rollback(target, 'fake_timeout')
    assert target.read('preferences', '') == prefs_before


def test_unplan_sees_the_original_bytes(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    original = target.read('preferences', '')
    seen = []
    fix = prefs_fix()
    unplan = fix.unplan
    fix.unplan = lambda view, params, remaining: seen.append(view.original('preferences', '')) or unplan(
        view, params, remaining)
    inst.resolve = resolver(fix)
    inst.apply(target, 'fake_timeout')
    inst.rollback(target, 'fake_timeout')
    assert seen == [original]


def test_edited_file_refuses_rollback_and_changes_nothing(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    inst.apply(target, 'browser_headers')
    init = os.path.join(target.contents_dir, 'Code', '__init__.py')
    with io.open(init, 'ab') as handle:
        handle.write(b'# the author updated this\n')
    edited, lines = server.snapshot(), journal_lines(server)
    for attempt in (lambda: inst.rollback(target, 'browser_headers'), lambda: inst.rollback_all(target),
                    lambda: inst.apply(target, 'retry_backoff')):
        with pytest.raises(HashMismatch) as error:
            attempt()
        assert 'Contents/Code/__init__.py of Hama.bundle was changed by someone else' in str(error.value)
        assert '\n' not in str(error.value)
        assert server.snapshot() == edited and journal_lines(server) == lines
    assert inst.status()['targets'][0]['files'][0]['state'] == 'changed by someone else'
    inst.forget(target)
    assert server.snapshot() == edited and inst.applied(target) == {} and inst.status()['targets'] == []
    with pytest.raises(Conflict):
        inst.forget(target)


def test_a_rewritten_cache_file_is_left_to_the_server(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    inst.apply(target, 'fake_clear_cache')
    fresh = os.path.join(target.caches_dir, 'HTTP.system', '00', 'entry0')
    with io.open(fresh, 'wb') as handle:
        handle.write(b'newer page')
    assert inst.status()['targets'][0]['files'][0]['state'] == 'rewritten by the server'
    inst.rollback(target, 'fake_clear_cache')
    assert target.read('caches', 'HTTP.system/00/entry0') == b'newer page'
    assert target.read('caches', 'HTTP.system/01/entry1') is not None


@pytest.mark.parametrize('where', ['file', 'folder', 'preferences'])
def test_read_only_refuses_before_anything_is_written(tmpdir, where):
    server, inst, target = prepared(tmpdir, 'code_only')
    fix_id = 'fake_timeout' if where == 'preferences' else 'browser_headers'
    path = {'file': os.path.join(target.contents_dir, 'Code', '__init__.py'),
            'folder': target.contents_dir, 'preferences': target.preferences_file}[where]
    mode = stat.S_IMODE(os.stat(path).st_mode)
    os.chmod(path, mode & ~0o222)
    try:
        before = server.snapshot()
        with pytest.raises(ReadOnly) as error:
            inst.apply(target, fix_id)
        assert 'read-only; nothing was changed' in str(error.value)
        assert server.snapshot() == before and journal_lines(server) == []
        assert not os.path.exists(os.path.join(server.data, FIX_BACKUPS_DIR))
    finally:
        os.chmod(path, mode)


def full_disk_after(limit):
    """A write function that stores ``limit`` bytes in all, then fails as a full disk does."""
    written = [0]

    def write(handle, data):
        room = max(0, limit - written[0])
        handle.write(data[:room])
        written[0] += min(room, len(data))
        if len(data) > room:
            raise IOError(errno.ENOSPC, 'No space left on device', getattr(handle, 'name', None))
    return write


def test_full_disk_at_any_byte_changes_nothing(tmpdir, capsys):
    server, inst, target = prepared(tmpdir.join('count'), 'code_only')
    counted = []
    inst.ops = FileOps(write=lambda handle, data: counted.append(len(data)) or handle.write(data))
    inst.journal.ops = inst.ops
    inst.apply(target, 'browser_headers')
    after, total = server.snapshot(), sum(counted)
    limits = sorted(set([0, 1, total - 1] + [total * n // 40 for n in range(40)]))
    ends = {'before': 0, 'after': 0}
    for limit in limits:
        run = tmpdir.join('limit%d' % limit)
        server, inst, target = prepared(run, 'code_only', ops=FileOps(write=full_disk_after(limit)))
        before = server.snapshot()
        with pytest.raises(WriteFailed) as error:
            inst.apply(target, 'browser_headers')
        assert 'the disk is full' in str(error.value) and '\n' not in str(error.value)
        state = server.snapshot()
        assert state in (before, after), (limit, differences(before, state))
        fresh = Installer(server.data, server.plugins, resolve=RESOLVE)
        fresh.recover()
        assert server.snapshot() == state and fresh.history(target).open == []
        assert list(fresh.applied(target)) == ([] if state == before else ['browser_headers'])
        ends['before' if state == before else 'after'] += 1
        if state == after:
            assert 'is complete, but the journal could not record it' in str(error.value)
    assert ends['before'] > ends['after'] > 0
    with capsys.disabled():
        print('\nfull disk: %d bytes written by a clean apply; %d failure points: %d left it before, %d after '
              '(only the last journal line failed)' % (total, len(limits), ends['before'], ends['after']))


def test_a_rename_that_fails_half_way_is_undone(tmpdir):
    calls = []

    def rename(src, dst):
        calls.extend([dst] if 'Hama.bundle' in dst else [])
        if len(calls) == 2 and calls[-1] == dst:
            raise OSError(errno.EACCES, 'Permission denied', dst)
        os.rename(src, dst)
    server, inst, target = prepared(tmpdir, 'code_only', ops=FileOps(os_replace=None, rename=rename))
    before = server.snapshot()
    with pytest.raises(WriteFailed) as error:
        inst.apply(target, 'browser_headers')
    assert 'Permission denied' in str(error.value) and 'the change was undone' in str(error.value)
    assert server.snapshot() == before
    assert [r['event'] for r in journal_lines(server)] == ['intent', 'undone']


def test_windows_rename_that_cannot_replace(tmpdir):
    def strict_rename(src, dst):
        if os.path.exists(dst):
            raise OSError(errno.EEXIST, 'File exists', dst)
        os.rename(src, dst)
    ops = FileOps(os_replace=None, windows=True, rename=strict_rename, move=lambda src, dst: False)
    server, inst, target = prepared(tmpdir, 'code_only', ops=ops)
    before = server.snapshot()
    for fix_id in FIX_IDS:
        inst.apply(target, fix_id, PARAMS.get(fix_id))
    inst.rollback_all(target)
    assert server.snapshot() == before


def test_code_that_does_not_compile_is_undone(tmpdir):
    broken = fixed_plan('broken', {('bundle', 'Contents/Code/extra.py'): b'def broken(:\n    pass\n'})
    server, inst, target = prepared(tmpdir, 'code_only', resolve=resolver(broken))
    before = server.snapshot()
    with pytest.raises(CheckFailed) as error:
        inst.apply(target, 'broken')
    assert 'Contents/Code/extra.py of Hama.bundle does not compile after fix broken (line 1' in str(error.value)
    assert 'the change was undone' in str(error.value)
    assert server.snapshot() == before
    assert [r['event'] for r in journal_lines(server)] == ['intent', 'undone']


def test_a_fix_that_does_not_verify_is_undone(tmpdir):
    lazy = fixed_plan('lazy', {('bundle', 'Contents/Code/extra.py'): b'X = 1\n'}, ok=False)
    server, inst, target = prepared(tmpdir, 'code_only', resolve=resolver(lazy))
    before = server.snapshot()
    with pytest.raises(CheckFailed) as error:
        inst.apply(target, 'lazy')
    assert 'fix lazy does not verify on Hama.bundle' in str(error.value)
    assert server.snapshot() == before


@pytest.mark.parametrize('relpath', ['../Other.bundle/Contents/x.py', 'Contents/../../x.py', '/etc/passwd',
                                     'Contents\\Code\\x.py', 'Info.plist', 'Contents/Libraries/Shared/../../../x'])
def test_paths_outside_contents_are_refused(tmpdir, relpath):
    fix = fixed_plan('outside', {('bundle', relpath): b'x'})
    server, inst, target = prepared(tmpdir, 'code_only', resolve=resolver(fix))
    before = server.snapshot()
    with pytest.raises(PathOutside):
        inst.apply(target, 'outside')
    assert server.snapshot() == before and journal_lines(server) == []


def test_a_symlink_out_of_contents_is_refused(tmpdir):
    outside = tmpdir.mkdir('elsewhere')
    fix = fixed_plan('linked', {('bundle', 'Contents/Libraries/Shared/x.py'): b'X = 1\n'})
    server, inst, target = prepared(tmpdir, 'code_only', resolve=resolver(fix))
    os.symlink(str(outside), os.path.join(target.contents_dir, 'Libraries'))
    with pytest.raises(PathOutside) as error:
        inst.apply(target, 'linked')
    assert 'leads outside' in str(error.value)
    assert outside.listdir() == []


def test_the_agent_not_starting_again_rolls_back_at_once(tmpdir):
    starts = []
    server, inst, target = prepared(tmpdir, 'code_only', confirm_start=lambda t, since: starts.append(since) or False)
    before = server.snapshot()
    outcome = inst.apply(target, 'browser_headers')
    assert outcome['restart'] == 'did not start' and 'did not start again' in outcome['rolled_back']
    assert server.snapshot() == before and inst.applied(target) == {} and len(starts) == 1
    assert [(r['event'], r.get('action')) for r in journal_lines(server)] == [
        ('intent', 'apply'), ('done', 'apply'), ('intent', 'rollback'), ('done', 'rollback')]


def test_a_confirmed_start_keeps_the_fix_and_info_plist_is_touched(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only', confirm_start=lambda t, since: True)
    os.utime(target.info_plist, (1000000000, 1000000000))
    assert inst.apply(target, 'browser_headers')['restart'] == 'confirmed'
    assert os.stat(target.info_plist).st_mtime > 1000000000
    assert list(inst.applied(target)) == ['browser_headers']


def test_the_intent_is_on_disk_before_the_first_byte_of_the_agent_changes(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    seen = []

    def before(count, operation, path):
        if path.startswith(target.bundle_dir) and not seen:
            seen.append(journal_lines(server))
    inst.ops.before = before
    inst.apply(target, 'browser_headers')
    intent = seen[0][-1]
    assert intent['event'] == 'intent' and intent['fix'] == 'browser_headers'
    assert sorted(f['path'] for f in intent['files']) == sorted([INIT, CONFIG] + list(PACKAGE))
    assert all(len(f['new']) == 64 for f in intent['files'])
    backups = os.listdir(os.path.join(server.data, FIX_BACKUPS_DIR))
    assert backups == [intent['change']]


def test_conflicts(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    inst.apply(target, 'browser_headers')
    with pytest.raises(Conflict):
        inst.apply(target, 'browser_headers')
    with pytest.raises(Conflict):
        inst.rollback(target, 'retry_backoff')
    nothing = fixed_plan('nothing', {('bundle', INIT): target.read('bundle', INIT)})
    inst.resolve = resolver(nothing)
    with pytest.raises(Refused) as error:
        inst.apply(target, 'nothing')
    assert 'changes nothing' in str(error.value)


def test_fix_module_looks_in_the_catalog(monkeypatch, tmpdir):
    with pytest.raises(UnknownFix) as error:
        fix_module('no_such_fix')
    assert 'browser_headers' in str(error.value)
    for spec in catalog.CATALOG:
        assert fix_module(spec.fix_id) is spec.module
    half = fixed_plan('half', {})
    del half.unplan
    monkeypatch.setattr(catalog, 'module_for', lambda fix_id, data_dir=None: half)
    with pytest.raises(NoImplementation) as error:
        fix_module('half')
    assert str(error.value) == 'fix half has no implementation yet (no unplan)'
    inst = Installer(str(tmpdir), str(tmpdir))
    with pytest.raises(NoImplementation):
        inst.resolve('half')


def test_rolling_back_an_unimplemented_fix_names_rollback_all(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    inst.apply(target, 'browser_headers')
    inst.resolve = resolver()
    with pytest.raises(NoImplementation) as error:
        inst.rollback(target, 'browser_headers')
    assert '"rollback --all" restores SampleAgent.bundle without it' in str(error.value)
    inst.rollback_all(target)


def test_validate_params():
    timeout = prefs_fix()
    assert validate_params(timeout, {}) == {'timeout_seconds': 45}
    assert validate_params(timeout, {'timeout_seconds': '90'}) == {'timeout_seconds': 90}
    for bad in ({'timeout_seconds': 7}, {'nope': 1}):
        with pytest.raises(Refused) as error:
            validate_params(timeout, bad)
        assert str(error.value).startswith('fix fake_timeout')
    assert validate_params(fixed_plan('plain', {}), None) == {}
    assert validate_params(RESOLVE('retry_backoff'), {'max_retries': '5'})['max_retries'] == 5


def test_overlay_ids_are_catalog_ids():
    assert all(fix_id in catalog.BY_ID for fix_id in OVERLAYS)
    assert installer.RESTART_ANSWERS[None] == 'not confirmed'


def test_preview_changes_nothing_and_shows_the_diff(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    before = server.snapshot()
    shown = inst.preview(target, 'browser_headers')
    assert server.snapshot() == before and journal_lines(server) == []
    assert shown['change'] is None and shown['dirs_made'][0] == 'Contents/Libraries'
    assert sorted(f['path'] for f in shown['files']) == sorted([INIT, CONFIG] + list(PACKAGE))
    assert '+++ b/Contents/Code/__init__.py' in shown['diff'] and '--- /dev/null' in shown['diff']
    assert '\\ No newline at end of file' in shown['diff']
    inst.apply(target, 'browser_headers')
    with pytest.raises(Conflict):
        inst.preview(target, 'browser_headers')
    assert [f['path'] for f in inst.preview(target, 'retry_backoff')['files']] == [CONFIG]


def test_a_cache_the_server_rewrote_does_not_keep_the_target_listed(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    inst.apply(target, 'fake_clear_cache')
    with io.open(os.path.join(target.caches_dir, 'HTTP.system', '00', 'entry0'), 'wb') as handle:
        handle.write(b'newer page')
    inst.rollback_all(target)
    assert inst.status()['targets'] == [] and inst.history(target).files == {}


def test_a_verify_that_raises_is_undone(tmpdir):
    buggy = fixed_plan('buggy', {('bundle', 'Contents/Code/extra.py'): b'X = 1\n'})
    buggy.verify = lambda target, params: {}['missing']
    server, inst, target = prepared(tmpdir, 'code_only', resolve=resolver(buggy))
    before = server.snapshot()
    with pytest.raises(CheckFailed) as error:
        inst.apply(target, 'buggy')
    assert "checking Hama.bundle failed: KeyError: 'missing'; the change was undone" in str(error.value)
    assert server.snapshot() == before
