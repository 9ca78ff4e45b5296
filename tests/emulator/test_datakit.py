# -*- coding: utf-8 -*-
"""Data items and Dict (plex-runtime.md §3.3, §3.4)."""
from __future__ import absolute_import, division, print_function

import os
import pickle
import shutil

import pytest

from harness.plexemu import datakit

from .conftest import BASIC_ID, log_lines, make_bundle, write


def test_data_item_path_and_roundtrip(basic, app_support):
    data = basic.globals['Data']
    assert basic.data_dir == os.path.join(app_support, 'Plug-in Support', 'Data', BASIC_ID, 'DataItems')
    data.Save('report.txt', u'caf\xe9')
    path = os.path.join(basic.data_dir, 'report.txt')
    with open(path, 'rb') as handle:
        assert handle.read() == u'caf\xe9'.encode('utf-8')
    assert data.Load('report.txt') == u'caf\xe9'.encode('utf-8')
    assert data.Exists('report.txt') is True
    assert data.Remove('report.txt') is None
    assert data.Remove('report.txt') is False
    assert data.Exists('report.txt') is False


def test_load_missing_is_none(basic):
    assert basic.globals['Data'].Load('nope.txt') is None


def test_load_error_is_none_and_logged(basic):
    os.makedirs(os.path.join(basic.data_dir, 'adir'))  # reading a directory fails
    assert basic.globals['Data'].Load('adir') is None
    assert any('CRITICAL (storage:60) - Exception reading file' in line_ for line_ in log_lines(basic))


def test_save_none_writes_nothing(basic):
    basic.globals['Data'].Save('none.txt', None)
    assert not os.path.exists(os.path.join(basic.data_dir, 'none.txt'))
    assert any("ERROR (storage:70) - Attempted to save no data to" in line_ for line_ in log_lines(basic))


def test_save_object_roundtrip_protocol0(basic):
    basic.globals['Data'].SaveObject('obj', {'a': [1, 2]})
    with open(os.path.join(basic.data_dir, 'obj'), 'rb') as handle:
        raw = handle.read()
    assert raw.startswith(b'(dp')  # protocol 0
    assert basic.globals['Data'].LoadObject('obj') == {'a': [1, 2]}


def test_write_goes_through_temp_then_delete_then_move(basic, monkeypatch):
    calls = []
    real_move, real_remove = shutil.move, datakit.remove_if_exists

    def spy_move(src, dst):
        calls.append(('move', os.path.basename(src), os.path.basename(dst), os.path.exists(dst)))
        return real_move(src, dst)

    def spy_remove(path):
        calls.append(('remove', os.path.basename(path)))
        return real_remove(path)

    monkeypatch.setattr(datakit.shutil, 'move', spy_move)
    monkeypatch.setattr(datakit, 'remove_if_exists', spy_remove)
    data = basic.globals['Data']
    data.Save('item', 'one')
    data.Save('item', 'two')
    assert calls[-3:] == [('remove', '._item'), ('remove', 'item'), ('move', '._item', 'item', False)]
    assert data.Load('item') == b'two'
    assert not os.path.exists(os.path.join(basic.data_dir, '._item'))


def test_slash_in_item_name_fails(basic):
    with pytest.raises(Exception):
        basic.globals['Data'].Save('sub/item', 'x')


def test_dict_semantics(basic):
    d = basic.globals['Dict']
    assert d['missing'] is None
    d['a'] = 1
    assert d['a'] == 1 and len(d) == 1 and 'a' in d and list(d) == ['a']
    for name in ('get', 'keys', 'items', 'update', 'has_key'):
        assert not hasattr(d, name)
    with pytest.raises(KeyError):
        del d['zzz']


def test_dict_saves_after_delay_or_on_save(basic):
    d = basic.globals['Dict']
    path = os.path.join(os.path.dirname(basic.data_dir), 'Dict')
    d['k'] = 'v'
    timers = basic.runtime.timers
    assert len(timers) == 1 and timers[0].interval == 5
    assert not os.path.exists(path)
    d['k2'] = 'v2'
    assert len(timers) == 1  # one pending timer at a time
    d.Save()
    with open(path, 'rb') as handle:
        assert pickle.loads(handle.read()) == {'k': 'v', 'k2': 'v2'}
    assert any('INFO (datakit:131) - Saved the dictionary file' in line_ for line_ in log_lines(basic))


def test_dict_timer_fires(emulators, app_support):
    emu = emulators(make_bundle(app_support + '-b', 'Fast', 'def Start():\n    pass\n'), app_support, start=False)
    emu.dict_save_delay = 0.05
    emu.start()
    emu.globals['Dict']['x'] = 1
    emu.runtime.timers[0].join(5)
    assert os.path.exists(os.path.join(os.path.dirname(emu.data_dir), 'Dict'))


def test_dict_persists_across_restart_and_reset(emulators, app_support):
    bundle = make_bundle(app_support + '-b', 'Persist', 'def Start():\n    pass\n',
                         files={'DefaultDict.json': '{"seed": 1}'})
    emu = emulators(bundle, app_support)
    assert emu.globals['Dict']['seed'] == 1
    emu.globals['Dict']['n'] = 2
    emu.globals['Dict'].Save()
    emu.reload()
    assert emu.globals['Dict']['n'] == 2
    emu.globals['Dict'].Reset()
    assert emu.globals['Dict']['n'] is None and emu.globals['Dict']['seed'] == 1


def test_dict_reset_without_defaults_keeps_memory(basic):
    d = basic.globals['Dict']
    d['n'] = 3
    d.Save()
    d.Reset()
    assert d['n'] == 3  # the framework only reassigns when DefaultDict.json exists
    assert not os.path.exists(os.path.join(os.path.dirname(basic.data_dir), 'Dict'))


def test_corrupt_dict_loads_defaults(emulators, app_support):
    bundle = make_bundle(app_support + '-b', 'Corrupt', 'def Start():\n    pass\n')
    emu = emulators(bundle, app_support, start=False)
    write(os.path.join(app_support, 'Plug-in Support', 'Data', emu.identifier, 'Dict'), b'not a pickle')
    emu.start()
    assert emu.globals['Dict']['x'] is None
    assert any("ERROR (datakit:95) - The dictionary file is corrupt" in line_ for line_ in log_lines(emu))
