# -*- coding: utf-8 -*-
"""FileStore: the atomic write that keeps state safe across crashes."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from pleximprovement import runtime


def test_save_load_roundtrip_bytes_and_text(tmpdir):
    store = runtime.FileStore(str(tmpdir.join('DataItems')))
    store.save('a.txt', b'\xff\x00raw')
    store.save('b.txt', u'caf\xe9')
    assert store.load('a.txt') == b'\xff\x00raw'
    assert store.load('b.txt') == u'caf\xe9'.encode('utf-8')
    assert store.load('missing') is None
    assert store.list() == ['a.txt', 'b.txt']


def test_save_replaces_without_leaving_temp_files(tmpdir):
    store = runtime.FileStore(str(tmpdir))
    store.save('x', b'one')
    store.save('x', b'two')
    assert store.load('x') == b'two'
    assert sorted(os.listdir(str(tmpdir))) == ['x']


def test_load_falls_back_to_backup_after_crash_between_renames(tmpdir):
    # Windows path: the old copy was renamed to .bak and the crash came before the new one moved in.
    store = runtime.FileStore(str(tmpdir))
    tmpdir.join('state.json.bak').write_binary(b'{"old": 1}')
    assert store.load_json('state.json') == {'old': 1}
    assert store.list() == []


def test_bad_names_and_none_are_refused(tmpdir):
    store = runtime.FileStore(str(tmpdir))
    for name in ('', '..', 'a/b', 'a\\b'):
        with pytest.raises(ValueError):
            store.save(name, b'x')
    with pytest.raises(ValueError):
        store.save('ok', None)


def test_remove_and_exists(tmpdir):
    store = runtime.FileStore(str(tmpdir))
    store.save('x', b'1')
    assert store.exists('x')
    assert store.remove('x') is True
    assert store.remove('x') is False
    assert not store.exists('x')


def test_load_json_of_garbage_gives_default(tmpdir):
    store = runtime.FileStore(str(tmpdir))
    store.save('j', b'{not json')
    assert store.load_json('j', {'d': 1}) == {'d': 1}


def test_default_paths_per_os():
    env = {'LOCALAPPDATA': 'C:\\Users\\me\\AppData\\Local'}
    assert runtime.default_app_support(env, 'win32').endswith('Plex Media Server')
    assert runtime.default_app_support({}, 'linux2').startswith('/var/lib/plexmediaserver')
    docker = {'PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR': '/config/Library/Application Support'}
    assert runtime.default_app_support(docker, 'linux') == '/config/Library/Application Support/Plex Media Server'
    assert runtime.default_logs_dir('/x', {'PLEX_MEDIA_SERVER_LOG_DIR': '/logs'}, 'linux') == '/logs'
    assert runtime.default_logs_dir('/x', {}, 'linux') == '/x/Logs'


def test_logs_dir_from_core_reads_the_file_handler():
    class Handler(object):
        baseFilename = '/srv/Plex Media Server/Logs/PMS Plugin Logs/com.x.log'

    class Logger(object):
        handlers = [Handler()]

    class Core(object):
        log = Logger()

    assert runtime.logs_dir_from_core(Core()) == '/srv/Plex Media Server/Logs'
    assert runtime.logs_dir_from_core(object()) is None


def test_classify_reason():
    import socket
    assert runtime.classify_reason(socket.timeout('timed out')) == 'timeout'
    assert runtime.classify_reason('[Errno -2] Name or service not known') == 'dns'
    assert runtime.classify_reason('[Errno 111] Connection refused') == 'refused'
    assert runtime.classify_reason('[SSL: CERTIFICATE_VERIFY_FAILED]') == 'ssl'
    assert runtime.classify_reason('something else') == 'other'


def test_local_runtime_reads_default_prefs():
    here = os.path.dirname(os.path.abspath(__file__))
    bundle = os.path.join(os.path.dirname(here), '..', 'PlexImprovement.bundle')
    rt = runtime.local_runtime('/nonexistent', bundle_path=bundle)
    assert rt.prefs.get('max_iterations') == '10'
    assert rt.prefs.get('allow_automatic_fixes') is False
    assert rt.prefs.get('logs_path') is None
