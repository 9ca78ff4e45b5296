# -*- coding: utf-8 -*-
"""fixes/history.py: each target's applied fixes and touched files, from the journal records."""
from __future__ import absolute_import, division, print_function

from pleximprovement.fixes.history import histories, history_of


def intent(change, action, fix, files, removes=(), target='com.a', dirs_made=(), dirs_removed=()):
    return {'event': 'intent', 'change': change, 'action': action, 'fix': fix, 'params': {'p': change},
            'removes': list(removes), 'target': target, 'bundle': 'A.bundle',
            'files': [{'root': 'bundle', 'path': p, 'old': o, 'new': n} for p, o, n in files],
            'dirs_made': [list(d) for d in dirs_made], 'dirs_removed': [list(d) for d in dirs_removed]}


def done(change, event='done'):
    return {'event': event, 'change': change, 'time': 't-' + change}


def test_applied_files_and_episode():
    records = [intent('1', 'apply', 'f', [('Contents/a', 'A0', 'A1'), ('Contents/n', None, 'N1')],
                      dirs_made=[('bundle', 'Contents/L')]), done('1'),
               intent('2', 'apply', 'g', [('Contents/a', 'A1', 'A2')]), done('2'),
               intent('3', 'apply', 'h', [('Contents/b', 'B0', 'B1')]), done('3', 'undone')]
    history = history_of(records, 'com.a')
    assert list(history.applied) == ['f', 'g'] and history.applied['g']['params'] == {'p': '2'}
    a = history.files[('bundle', 'Contents/a')]
    assert (a.original, a.current, a.backup_change, a.fixes) == ('A0', 'A2', '1', ['f', 'g'])
    assert ('bundle', 'Contents/b') not in history.files
    assert history.dirs == [('bundle', 'Contents/L')] and history.apply_files['g'] == set([('bundle', 'Contents/a')])
    assert history.applied_params(excluding='f') == {'g': {'p': '2'}} and not history.pristine()


def test_back_to_the_original_starts_a_new_episode():
    records = [intent('1', 'apply', 'f', [('Contents/a', 'A0', 'A1')], dirs_made=[('bundle', 'Contents/L')]), done('1'),
               intent('2', 'rollback', 'f', [('Contents/a', 'A1', 'A0')], removes=['f'],
                      dirs_removed=[('bundle', 'Contents/L')]), done('2'),
               intent('3', 'apply', 'g', [('Contents/a', 'A0', 'A3')]), done('3')]
    history = history_of(records, 'com.a')
    assert list(history.applied) == ['g'] and history.files[('bundle', 'Contents/a')].backup_change == '3'


def test_removed_but_not_original_keeps_the_episode():
    records = [intent('1', 'apply', 'f', [('Contents/a', 'A0', 'A1')]), done('1'),
               intent('2', 'rollback', 'f', [('Contents/a', 'A1', 'A9')], removes=['f']), done('2')]
    history = history_of(records, 'com.a')
    assert history.applied == {} and history.files[('bundle', 'Contents/a')].current == 'A9'
    assert not history.pristine()


def test_open_intents_last_outcome_and_forget():
    records = [intent('1', 'apply', 'f', [('Contents/a', 'A0', 'A1')]), done('1'), done('1', 'undone'),
               intent('2', 'apply', 'g', [('Contents/b', 'B0', 'B1')], target='com.b')]
    found = histories(records)
    assert list(found) == ['com.a', 'com.b']
    assert found['com.a'].applied == {} and found['com.a'].open == []
    assert [i['change'] for i in found['com.b'].open] == ['2']
    assert found['com.a'].changes[0][1]['event'] == 'undone'
    records += [intent('3', 'apply', 'h', [('Contents/c', 'C0', 'C1')]), done('3'),
                intent('4', 'forget', None, [], removes=['h']), done('4')]
    history = history_of(records, 'com.a')
    assert history.applied == {} and history.files == {} and history.pristine()
    assert history_of([], 'com.new', 'New.bundle').bundle == 'New.bundle'


def test_compiled_companions_are_not_tracked_and_cache_folders_are():
    pyc = {'root': 'bundle', 'path': 'Contents/L/x.pyc', 'old': 'C1', 'new': None, 'companion': True}
    first = intent('1', 'apply', 'f', [('Contents/L/x.py', None, 'X1')], dirs_made=[('bundle', 'Contents/L')])
    first['cache_dirs'] = [['bundle', 'Contents/L/__pycache__']]
    second = intent('2', 'apply', 'g', [('Contents/M/y.py', None, 'Y1')])
    second['cache_dirs'] = [['bundle', 'Contents/L/__pycache__'], ['bundle', 'Contents/M/__pycache__']]
    history = history_of([first, done('1'), second, done('2')], 'com.a')
    assert history.cache_dirs == [('bundle', 'Contents/L/__pycache__'), ('bundle', 'Contents/M/__pycache__')]
    assert history.originals() == {('bundle', 'Contents/L/x.py'): None, ('bundle', 'Contents/M/y.py'): None}
    back = intent('3', 'rollback', 'f', [('Contents/L/x.py', 'X1', None)], removes=['f'],
                  dirs_removed=[('bundle', 'Contents/L/__pycache__'), ('bundle', 'Contents/L')])
    back['files'].append(pyc)
    history = history_of([first, done('1'), second, done('2'), back, done('3')], 'com.a')
    assert ('bundle', 'Contents/L/x.pyc') not in history.files and list(history.applied) == ['g']
    assert history.cache_dirs == [('bundle', 'Contents/M/__pycache__')] and history.dirs == []
