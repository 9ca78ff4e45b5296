# -*- coding: utf-8 -*-
"""FileStore: the atomic write that keeps state safe across crashes."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from pleximprovement.runtime.store import FileStore


def test_save_load_roundtrip_bytes_and_text(tmpdir):
    store = FileStore(str(tmpdir.join('DataItems')))
    store.save('a.txt', b'\xff\x00raw')
    store.save('b.txt', u'caf\xe9')
    assert store.load('a.txt') == b'\xff\x00raw'
    assert store.load('b.txt') == u'caf\xe9'.encode('utf-8')
    assert store.load('missing') is None
    assert store.list() == ['a.txt', 'b.txt']


def test_save_replaces_without_leaving_temp_files(tmpdir):
    store = FileStore(str(tmpdir))
    store.save('x', b'one')
    store.save('x', b'two')
    assert store.load('x') == b'two'
    assert sorted(os.listdir(str(tmpdir))) == ['x']


def test_load_falls_back_to_backup_after_crash_between_renames(tmpdir):
    # Windows path: the old copy was renamed to .bak and the crash came before the new one moved in.
    store = FileStore(str(tmpdir))
    tmpdir.join('state.json.bak').write_binary(b'{"old": 1}')
    assert store.load_json('state.json') == {'old': 1}
    assert store.list() == []


def test_bad_names_and_none_are_refused(tmpdir):
    store = FileStore(str(tmpdir))
    for name in ('', '..', 'a/b', 'a\\b'):
        with pytest.raises(ValueError):
            store.save(name, b'x')
    with pytest.raises(ValueError):
        store.save('ok', None)


def test_remove_and_exists(tmpdir):
    store = FileStore(str(tmpdir))
    store.save('x', b'1')
    assert store.exists('x')
    assert store.remove('x') is True
    assert store.remove('x') is False
    assert not store.exists('x')


def test_load_json_of_garbage_gives_default(tmpdir):
    store = FileStore(str(tmpdir))
    store.save('j', b'{not json')
    assert store.load_json('j', {'d': 1}) == {'d': 1}


def test_load_json_shares_keys_and_short_values(tmpdir):
    store = FileStore(str(tmpdir))
    document = {'items': [{'agent': u'com.x', 'name': u'\u00e9t\u00e9', 'n': 1, 'url': u'h' * 60},
                          {'agent': u'com.x', 'name': None, 'n': 2, 'url': u'h' * 60}, {}]}
    store.save_json('j', document)
    loaded = store.load_json('j')
    assert loaded == document
    first, second = loaded['items'][:2]
    assert [k for k in first if k == 'agent'][0] is [k for k in second if k == 'agent'][0]
    assert first['agent'] is second['agent']
    assert first['url'] is not second['url']
