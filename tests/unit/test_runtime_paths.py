# -*- coding: utf-8 -*-
"""The Plex folder layout: default folders per OS and the Logs folder the framework logs to."""
from __future__ import absolute_import, division, print_function

from pleximprovement.runtime import paths


def test_default_paths_per_os():
    env = {'LOCALAPPDATA': 'C:\\Users\\me\\AppData\\Local'}
    assert paths.default_app_support(env, 'win32').endswith('Plex Media Server')
    assert paths.default_app_support({}, 'linux2').startswith('/var/lib/plexmediaserver')
    docker = {'PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR': '/config/Library/Application Support'}
    assert paths.default_app_support(docker, 'linux') == '/config/Library/Application Support/Plex Media Server'
    assert paths.default_logs_dir('/x', {'PLEX_MEDIA_SERVER_LOG_DIR': '/logs'}, 'linux') == '/logs'
    assert paths.default_logs_dir('/x', {}, 'linux') == '/x/Logs'


def test_logs_dir_from_core_reads_the_file_handler():
    class Handler(object):
        baseFilename = '/srv/Plex Media Server/Logs/PMS Plugin Logs/com.x.log'

    class Logger(object):
        handlers = [Handler()]

    class Core(object):
        log = Logger()

    assert paths.logs_dir_from_core(Core()) == '/srv/Plex Media Server/Logs'
    assert paths.logs_dir_from_core(object()) is None
