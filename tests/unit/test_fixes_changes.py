# -*- coding: utf-8 -*-
"""fixes/changes.py: preparing a change (no-op files left out, folders to make, read-only
refused), where a target stands, and the compile rule."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from fix_trees import code_only_agent, make_server
from pleximprovement.fixes import changes
from pleximprovement.fixes.changes import (AFTER, BEFORE, FOREIGN, MIXED, Change, compile_check, compile_error,
                                           execute, parents, prepare, where)
from pleximprovement.fixes.errors import CheckFailed, Refused
from pleximprovement.fixes.fileops import FileOps
from pleximprovement.fixes.target import find_target


@pytest.fixture
def target(tmpdir):
    server = make_server(tmpdir)
    code_only_agent(server)
    return find_target(server.plugins, 'Hama', None)


def test_parents():
    assert parents('bundle', 'Contents/Libraries/Shared/x.py') == [
        ('bundle', 'Contents/Libraries'), ('bundle', 'Contents/Libraries/Shared')]
    assert parents('bundle', 'Contents/x.py') == []
    assert parents('caches', 'a/b') == [('caches', ''), ('caches', 'a')]
    assert parents('preferences', '') == [('preferences', '')]


def test_prepare_leaves_out_unchanged_files_and_lists_folders(target):
    same = target.read('bundle', 'Contents/Code/common.py')
    change = prepare(Change(target, 'c', 'apply', 'f', {}), {
        ('bundle', 'Contents/Code/common.py'): same,
        ('bundle', 'Contents/Libraries/Shared/p/x.py'): b'X = 1\n',
        ('bundle', 'Contents/Code/AniDB.py'): None})
    assert [(f.path, f.old is None, f.new is None) for f in change.files] == [
        ('Contents/Code/AniDB.py', False, True), ('Contents/Libraries/Shared/p/x.py', True, False)]
    assert change.dirs_made == [('bundle', 'Contents/Libraries'), ('bundle', 'Contents/Libraries/Shared'),
                                ('bundle', 'Contents/Libraries/Shared/p')]
    intent = change.intent('now')
    assert intent['files'][0] == {'root': 'bundle', 'path': 'Contents/Code/AniDB.py',
                                  'old': change.files[0].old, 'new': None}
    with pytest.raises(Refused) as error:
        prepare(Change(target, 'c', 'apply', 'f', {}), {('bundle', 'Contents/Code'): b'x'})
    assert 'is a folder, not a file' in str(error.value)


def test_where_the_target_stands(target):
    change = prepare(Change(target, 'c', 'apply', 'f', {}), {
        ('bundle', 'Contents/Code/common.py'): b'new\n', ('bundle', 'Contents/Libraries/Shared/x.py'): b'X = 1\n'})
    assert where(change) == BEFORE
    ops = FileOps()
    ops.mkdir(os.path.join(target.contents_dir, 'Libraries'))
    assert where(change) == MIXED
    ops.rmdir(os.path.join(target.contents_dir, 'Libraries'))
    execute(change, FileOps())
    assert where(change) == AFTER
    with open(os.path.join(target.contents_dir, 'Code', 'common.py'), 'wb') as handle:
        handle.write(b'someone else\n')
    assert where(change) == FOREIGN


def test_compile_error():
    assert compile_error(b'x = 1\n', 'a.py') is None
    assert compile_error(b'def f(:\n', 'a.py').startswith('line 1: ')
    assert compile_error(b'x = 1\0\n', 'a.py') is not None
    # not this module's "from __future__ import print_function": a print statement compiles on 2.7
    assert (compile_error(b'print "x"\n', 'a.py') is None) == changes.PY2


def test_the_compile_rule(target):
    py2_only = target.read('bundle', 'Contents/Code/common.py')
    change = prepare(Change(target, 'c', 'apply', 'f', {}), {
        ('bundle', 'Contents/Code/common.py'): py2_only + b'\nEXTRA = 1\n',
        ('bundle', 'Contents/Libraries/Shared/new.py'): b'X = 1\n',
        ('bundle', 'Contents/Code/notes.txt'): b'def f(:'})
    compiled, unchecked = compile_check(change)
    if changes.PY2:
        assert compiled == ['Contents/Code/common.py', 'Contents/Libraries/Shared/new.py'] and unchecked == []
    else:
        assert compiled == ['Contents/Libraries/Shared/new.py'] and unchecked == ['Contents/Code/common.py']
    for broken in ({('bundle', 'Contents/Libraries/Shared/new.py'): b'def f(:\n'},       # new file
                   {('bundle', 'Contents/Code/__init__.py'): b'def f(:\n'},             # compiled before
                   {('bundle', 'Contents/Code/common.py'): py2_only + b'\ndef f(:\n'}):  # Python 2 only before
        change = prepare(Change(target, 'c', 'apply', 'f', {}), broken)
        if not changes.PY2 and 'Contents/Code/common.py' in [f.path for f in change.files]:
            assert compile_check(change) == ([], ['Contents/Code/common.py'])
            continue
        with pytest.raises(CheckFailed):
            compile_check(change)


def test_bytes_that_were_there_are_never_refused(target):
    """A rollback putting back a Python 2 only file (deleted by a fix) or any revert: listed unchecked
    where they do not compile, never refused."""
    py2_only = target.read('bundle', 'Contents/Code/common.py')
    key = ('bundle', 'Contents/Code/gone.py')
    plan = {key: py2_only + b'\ndef f(:\n'}
    change = prepare(Change(target, 'c', 'rollback', 'f', {}), plan)
    with pytest.raises(CheckFailed):
        compile_check(change)
    change.originals = {key: change.files[0].new}
    assert compile_check(change) == ([], ['Contents/Code/gone.py'])
    change = prepare(Change(target, 'c', 'rollback', 'f', {}), plan)
    change.restoring = True
    assert change.intent('now')['restoring'] is True
    assert compile_check(change) == ([], ['Contents/Code/gone.py'])


def test_created_modules_note_their_absent_cache_folder_and_compiled_files_are_volatile(target):
    change = Change(target, 'c', 'apply', 'f', {})
    change.originals = {('bundle', 'Contents/Code/back.py'): 'abc'}
    prepare(change, {('bundle', 'Contents/Libraries/Shared/p/x.py'): b'X = 1\n',
                     ('bundle', 'Contents/Code/new.py'): b'Y = 1\n', ('bundle', 'Contents/Code/back.py'): b'Z = 1\n',
                     ('bundle', 'Contents/Code/data.txt'): b'text\n'})
    assert change.cache_dirs == [('bundle', 'Contents/Code/__pycache__'),
                                 ('bundle', 'Contents/Libraries/Shared/p/__pycache__')]
    assert change.intent('now')['cache_dirs'] == [['bundle', 'Contents/Code/__pycache__'],
                                                  ['bundle', 'Contents/Libraries/Shared/p/__pycache__']]
    pyc = os.path.join(target.contents_dir, 'Code', 'common.pyc')
    with open(pyc, 'wb') as handle:
        handle.write(b'compiled')
    change = prepare(Change(target, 'c', 'rollback', 'f', {}), {('bundle', 'Contents/Code/common.pyc'): None},
                     companions=[('bundle', 'Contents/Code/common.pyc')])
    assert change.files[0].companion and change.files[0].volatile
    assert change.intent('now')['files'][0]['companion'] is True
    with open(pyc, 'wb') as handle:
        handle.write(b'compiled again by another Python')
    assert where(change) == MIXED            # neither before nor after, but Python's, not someone else's
