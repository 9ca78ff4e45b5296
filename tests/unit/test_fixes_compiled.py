# -*- coding: utf-8 -*-
"""fixes/compiled.py: the .pyc files Python writes beside the overlay a fix placed go with it.

A real Python 2.7 (without -B, as the server's) imports the overlay package after the fix is
applied, writing X.pyc beside each module; a Python 3 writes __pycache__/X.<tag>.pyc. Rolled back,
every file of the server is byte for byte as before, and `fix status` lists nothing. The owner's
own compiled files are never touched; a .py file is never created beside compiled files that are
not ours. A crash anywhere in a rollback that deletes compiled files recovers exactly."""
from __future__ import absolute_import, division, print_function

import glob
import os
import subprocess
import sys

import pytest

from fake_fixes import RESOLVE
from fix_trees import LAYOUTS, differences, make_server, put
from pleximprovement.fixes import compiled
from pleximprovement.fixes.errors import Refused
from pleximprovement.fixes.fileops import FileOps
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.overlay import MODULE_NAME
from pleximprovement.fixes.target import find_target
from pleximprovement.names import CUSTOM_FIXES_DIR

SHARED = 'Contents/Libraries/Shared'
OVERLAY_DIR = SHARED + '/' + MODULE_NAME


def which(name):
    for folder in os.environ.get('PATH', '').split(os.pathsep):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def interpreter(major):
    """A Python of that major version: this one, else PY27 / pyenv's 2.7 / python2.7, or python3."""
    if sys.version_info[0] == major:
        return sys.executable
    if major == 2:
        found = [os.environ.get('PY27')] + sorted(glob.glob(os.path.expanduser('~/.pyenv/versions/2.7*/bin/python2.7')))
        found.append(which('python2.7'))
    else:
        found = [which('python3')]
    return next((path for path in found if path and os.path.isfile(path)), None)


def python_imports(major, shared_dir, module):
    """Import ``module`` from ``shared_dir`` with a real Python ``major``, bytecode writing on."""
    python = interpreter(major)
    if python is None:
        pytest.skip('no Python %d on this machine' % major)
    environ = dict((k, v) for k, v in os.environ.items() if k not in ('PYTHONDONTWRITEBYTECODE', 'PYTHONPATH'))
    code = 'import sys; sys.path.append(sys.argv[1]); import %s' % module
    subprocess.check_call([python, '-c', code, shared_dir], env=environ, cwd=shared_dir)


def compiled_files(folder):
    return sorted(os.path.relpath(os.path.join(top, name), folder) for top, _dirs, names in os.walk(folder)
                  for name in names if name.endswith(('.pyc', '.pyo')))


def prepared(tmpdir, layout, resolve=None, **kwargs):
    server = make_server(tmpdir.join('server'))
    name, _identifier = LAYOUTS[layout](server)
    inst = Installer(server.data, server.plugins, resolve=resolve, **kwargs)
    return server, inst, find_target(server.plugins, name, None)


def shared_dir(target):
    return os.path.join(target.contents_dir, 'Libraries', 'Shared')


def drop_custom(server, name, relpath, data):
    lines = data.decode('utf-8').splitlines(True)
    added = ''.join('+' + line for line in lines)
    diff = '--- /dev/null\n+++ b/%s\n@@ -0,0 +1,%d @@\n%s' % (relpath, len(lines), added)
    put(os.path.join(server.data, CUSTOM_FIXES_DIR, name + '.diff'), diff.encode('utf-8'))
    return 'custom:' + name


@pytest.mark.parametrize('major', [2, 3])
@pytest.mark.parametrize('layout', ['code_only', 'shared_heavy', 'family'])
def test_an_imported_overlay_rolls_back_byte_identical(tmpdir, layout, major):
    server, inst, target = prepared(tmpdir, layout)
    before = server.snapshot()
    inst.apply(target, 'browser_headers')
    python_imports(major, shared_dir(target), MODULE_NAME)
    made = compiled_files(os.path.join(target.bundle_dir, OVERLAY_DIR))
    assert made and all(name.endswith('.pyc') for name in made)
    assert all(name.startswith('__pycache__' + os.sep) for name in made) == (major == 3), made
    outcome = inst.rollback(target, 'browser_headers')
    assert server.snapshot() == before, differences(before, server.snapshot())
    assert inst.status()['targets'] == []
    assert sorted(f['path'] for f in outcome['files'] if f['path'].endswith('.pyc')) == sorted(
        OVERLAY_DIR + '/' + name.replace(os.sep, '/') for name in made)


def test_rollback_all_and_an_overlay_taken_off_while_a_prefs_fix_stays(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    before = server.snapshot()
    inst.apply(target, 'agent_timeout_pref')
    inst.apply(target, 'retry_backoff')
    python_imports(2, shared_dir(target), MODULE_NAME)
    inst.rollback(target, 'retry_backoff')     # unplan: the overlay's own files, the prefs fix stays
    assert not os.path.exists(os.path.join(target.contents_dir, 'Libraries'))
    assert inst.status()['targets'][0]['applied'][0]['fix'] == 'agent_timeout_pref'
    inst.apply(target, 'browser_headers')      # the same files again: no compiled file is in the way
    python_imports(3, shared_dir(target), MODULE_NAME)
    python_imports(2, shared_dir(target), MODULE_NAME)
    inst.apply(target, 'safe_decoding')        # compiled files of ours are no edit to refuse
    assert [t['files'] for t in inst.status()['targets']][0][-1]['state'] == 'as the fixes left it'
    inst.rollback_all(target)
    assert server.snapshot() == before, differences(before, server.snapshot())
    assert inst.status()['targets'] == []


def test_the_owners_compiled_files_stay(tmpdir):
    server, inst, target = prepared(tmpdir, 'shared_heavy')
    python_imports(2, shared_dir(target), 'chardet')          # the owner's package, compiled before any fix
    python_imports(3, shared_dir(target), 'chardet')
    owners = compiled_files(shared_dir(target))
    assert 'chardet/__init__.pyc' in owners and any(n.startswith('chardet/__pycache__/') for n in owners)
    before = server.snapshot()
    inst.apply(target, 'browser_headers')
    python_imports(2, shared_dir(target), MODULE_NAME)
    inst.rollback(target, 'browser_headers')
    assert compiled_files(shared_dir(target)) == owners
    assert server.snapshot() == before, differences(before, server.snapshot())


@pytest.mark.parametrize('owner_cache', [False, True])
def test_a_pycache_folder_beside_a_created_module(tmpdir, owner_cache):
    """A custom fix creates Libraries/Shared/helper.py in a folder that exists: Python 3 makes
    __pycache__ there; it goes on rollback unless it was there before (then only our file goes)."""
    server, inst, target = prepared(tmpdir, 'shared_heavy')
    if owner_cache:
        put(os.path.join(shared_dir(target), '__pycache__', 'owner.cpython-311.pyc'), b'\x00owner')
    fix_id = drop_custom(server, 'helper', SHARED + '/helper.py', b'HELPER = 1\n')
    before = server.snapshot()
    outcome = inst.apply(target, fix_id)
    assert outcome['dirs_made'] == []
    python_imports(3, shared_dir(target), 'helper')
    assert [n for n in compiled_files(shared_dir(target)) if n.startswith('__pycache__' + os.sep + 'helper.')]
    inst.rollback(target, fix_id)
    assert server.snapshot() == before, differences(before, server.snapshot())


def test_no_module_is_created_beside_compiled_files_that_are_not_ours(tmpdir):
    server, inst, target = prepared(tmpdir, 'shared_heavy')
    put(os.path.join(shared_dir(target), 'helper.pyc'), b'\x03\xf3\r\nstale')   # the owner's, its .py gone
    fix_id = drop_custom(server, 'helper', SHARED + '/helper.py', b'HELPER = 1\n')
    before = server.snapshot()
    with pytest.raises(Refused) as error:
        inst.apply(target, fix_id)
    assert 'beside compiled Contents/Libraries/Shared/helper.pyc that is not ours' in str(error.value)
    assert server.snapshot() == before


def test_the_agent_not_starting_again_takes_the_compiled_files_too(tmpdir):
    def start_fails(target, since):
        python_imports(2, shared_dir(target), MODULE_NAME)    # the server imported it, then the start failed
        return False
    server, inst, target = prepared(tmpdir, 'code_only', confirm_start=start_fails)
    before = server.snapshot()
    outcome = inst.apply(target, 'network_timeout')
    assert outcome['rolled_back']
    assert server.snapshot() == before, differences(before, server.snapshot())
    assert inst.status()['targets'] == []


def write_companions(target):
    """What Python 2 and 3 write for the fake overlay package (fake_fixes.PACKAGE)."""
    folder = os.path.join(target.contents_dir, 'Libraries', 'Shared', 'fake_overlay')
    for name in ('__init__', 'net'):
        put(os.path.join(folder, name + '.pyc'), b'\x03\xf3\r\n' + name.encode('ascii'))
        put(os.path.join(folder, '__pycache__', name + '.cpython-311.pyc'), b'\xa7\r\r\n' + name.encode('ascii'))


class Crash(BaseException):
    """The process dies (the machinery catches Exception kinds only)."""


def test_a_crash_anywhere_in_a_rollback_with_compiled_files(tmpdir, capsys):
    template = make_server(tmpdir.join('template'))
    name, _identifier = LAYOUTS['code_only'](template)
    inst = Installer(template.data, template.plugins, resolve=RESOLVE)
    target = find_target(template.plugins, name, None)
    inst.apply(target, 'browser_headers')
    write_companions(target)
    start = template.snapshot()

    def rollback(server, before=None):
        inst = Installer(server.data, server.plugins, resolve=RESOLVE, ops=FileOps(before=before))
        inst.rollback(inst_target(server), 'browser_headers')
        return inst

    def inst_target(server):
        return find_target(server.plugins, name, None)

    clean = template.copy(str(tmpdir.join('clean')))
    total = rollback(clean).ops.count
    end = clean.snapshot()
    assert not [k for k in end if k.endswith('.pyc') or '__pycache__' in k]
    ends = {'before': 0, 'after': 0}
    for n in range(1, total + 1):
        server = template.copy(str(tmpdir.join('crash%d' % n)))

        def crash(count, operation, path, n=n):
            if count == n:
                raise Crash(operation)
        with pytest.raises(Crash):
            rollback(server, crash)
        Installer(server.data, server.plugins, resolve=RESOLVE).recover()
        state = server.snapshot()
        assert state in (start, end), (n, differences(start, state), differences(end, state))
        ends['before' if state == start else 'after'] += 1
    assert total > 20 and ends['before'] and ends['after']
    with capsys.disabled():
        print('\ncrash injection: rollback with 4 compiled files: %d file operations, a crash before each: '
              '%d recovered to before, %d to after' % (total, ends['before'], ends['after']))


def test_an_interrupted_apply_is_undone_with_the_compiled_files_written_since(tmpdir):
    """The crash left the overlay half written, the server started the agent (Python compiled what
    was there) before the next start of PlexImprovement recovered: undone, byte for byte."""
    server = make_server(tmpdir.join('server'))
    name, _identifier = LAYOUTS['code_only'](server)
    before = server.snapshot()
    inst = Installer(server.data, server.plugins, resolve=RESOLVE)
    steps = []

    def crash(count, operation, path):
        if operation == 'rename' and 'fake_overlay' in path:
            steps.append(path)
            if len(steps) == 2:       # one module of the package in place, the other not
                raise Crash(operation)
    crashing = Installer(server.data, server.plugins, resolve=RESOLVE, ops=FileOps(before=crash))
    with pytest.raises(Crash):
        crashing.apply(find_target(server.plugins, name, None), 'browser_headers')
    write_companions(find_target(server.plugins, name, None))
    assert [note.split(': ', 1)[1] for note in inst.recover()] == ['put back as before']
    assert server.snapshot() == before, differences(before, server.snapshot())


def test_companions_and_cache_folders(tmpdir):
    server, _inst, target = prepared(tmpdir, 'shared_heavy')
    shared = shared_dir(target)
    for name in ('mod.pyc', 'mod.pyo', '__pycache__/mod.cpython-311.pyc', '__pycache__/mod.cpython-311.opt-1.pyc',
                 '__pycache__/mod.pypy39.pyc', '__pycache__/modx.cpython-311.pyc', '__pycache__/mod.notes.txt',
                 'modx.pyc'):
        put(os.path.join(shared, name), b'x')
    assert compiled.companions(target, 'bundle', SHARED + '/mod.py') == [
        SHARED + '/__pycache__/mod.cpython-311.opt-1.pyc', SHARED + '/__pycache__/mod.cpython-311.pyc',
        SHARED + '/__pycache__/mod.pypy39.pyc', SHARED + '/mod.pyc', SHARED + '/mod.pyo']
    key = ('bundle', SHARED + '/mod.py')
    plan = {key: None}
    assert compiled.with_companions(target, {}, plan) == (plan, set())              # the owner's module
    assert compiled.with_companions(target, {key: 'abc'}, plan) == (plan, set())    # existed before the fixes
    full, found = compiled.with_companions(target, {key: None}, plan)                # a fix created it
    assert sorted(found) == [('bundle', p) for p in compiled.companions(target, 'bundle', SHARED + '/mod.py')]
    assert full == dict([(key, None)] + [(k, None) for k in found])
    new = {('bundle', SHARED + '/fresh.py'): b'X = 1\n', ('bundle', SHARED + '/PIL/fresh.py'): b'X = 1\n',
           ('bundle', SHARED + '/chardet/__init__.py'): b'changed\n'}
    os.mkdir(os.path.join(shared, 'PIL', '__pycache__'))
    assert compiled.absent_cache_dirs(target, {}, new) == []                          # __pycache__ exists
    os.rmdir(os.path.join(shared, 'PIL', '__pycache__'))
    assert compiled.absent_cache_dirs(target, {}, new) == [('bundle', SHARED + '/PIL/__pycache__')]
    with pytest.raises(Refused):
        compiled.refuse_foreign(target, {}, {key: b'X = 1\n'}, 'f')
    compiled.refuse_foreign(target, {key: None}, {key: b'X = 1\n'}, 'f')              # ours, from before
