# -*- coding: utf-8 -*-
"""The plug-in log: path, exact line format, framework lines, rotation (plex-runtime.md §6)."""
from __future__ import absolute_import, division, print_function

import os
import threading

from .conftest import BASIC_ID, LINE_RE, log_lines, make_bundle, read_text


def test_log_path_and_start_lines(basic, app_support):
    assert basic.log_path == os.path.join(app_support, 'Logs', 'PMS Plugin Logs', BASIC_ID + '.log')
    lines = log_lines(basic)
    assert lines[0].endswith('INFO (core:349) - Starting framework core - Version: 2.6.3, '
                             'Build: 248a2da (Thu May 18 13:03:39 UTC 2023)')
    assert any(line_.endswith('DEBUG (core:361) - Using the elevated policy') for line_ in lines)
    assert any(line_.endswith("DEBUG (runtime:640) - Adding a prefix handler for 'Basic' ('/applications/basic')")
               for line_ in lines)
    assert any(line_.endswith('INFO (__init__:16) - BASIC: Start called for ' + BASIC_ID) for line_ in lines)
    assert lines[-1].endswith('INFO (core:611) - Started plug-in')


def test_every_line_matches_the_framework_format(basic):
    basic.request('/applications/basic')
    basic.request('/applications/basic/boom')
    started = False
    for line in log_lines(basic):
        match = LINE_RE.match(line)
        if match is None:
            assert started and (line.startswith('  ') or ': ' in line or line == ''), line
            continue
        started = True
        assert match.group('thread') == '%x' % match_thread(line)


def match_thread(line):
    return int(LINE_RE.match(line).group('thread'), 16)


def test_thread_is_lower_hex_of_get_ident(basic):
    basic.globals['Log'].Info('from test')
    line = [line_ for line_ in log_lines(basic) if line_.endswith('- from test')][0]
    assert match_thread(line) == threading.current_thread().ident
    assert ' :  INFO (' in line


def test_caller_module_is_the_calling_file(basic):
    basic.request('/applications/basic/echo', {'name': 'x'})
    line = [line_ for line_ in log_lines(basic) if 'BASIC: echo' in line_][0]
    assert 'INFO (__init__:31) - ' in line


def test_log_exception_is_critical_with_traceback(basic):
    log = basic.globals['Log']
    try:
        raise KeyError('k')
    except KeyError:
        log.Exception('Failed for %s', 'item')
    text = read_text(basic.log_path)
    assert "CRITICAL (test_logkit:" in text
    assert "- Failed for item (most recent call last):\n  File \"" in text
    assert "\nKeyError: 'k'\n" in text


def test_log_exception_formats_eagerly(basic):
    kit = basic.globals['Log']
    try:
        kit.Exception('100% broken')
    except (ValueError, TypeError):
        pass
    else:
        raise AssertionError('a stray % must raise inside Log.Exception')


def test_rotation_at_every_start(emulators, app_support):
    first = emulators(make_bundle(app_support + '-b', 'Rot', "def Start():\n    Log('first run')\n"), app_support)
    first.stop()
    second = emulators(first.bundle_path, app_support)
    second.stop()
    third = emulators(first.bundle_path, app_support)
    assert 'first run' in read_text(third.log_path + '.2')
    assert os.path.exists(third.log_path + '.1')
    assert read_text(third.log_path).count('Starting framework core') == 1


def test_rotation_keeps_five_backups_and_rolls_at_1mib(emulators, app_support):
    bundle = make_bundle(app_support + '-b', 'Big', "def Start():\n    pass\n")
    for _ in range(7):
        emulators(bundle, app_support).stop()
    emu = emulators(bundle, app_support)
    logdir = os.path.dirname(emu.log_path)
    names = sorted(os.listdir(logdir))
    assert names == ['com.example.emu.big.log'] + ['com.example.emu.big.log.%d' % i for i in range(1, 6)]
    chunk = 'x' * 1000
    for _ in range(1100):
        emu.globals['Log'].Debug(chunk)
    assert os.path.getsize(emu.log_path) < 1048576
    assert os.path.getsize(emu.log_path + '.1') <= 1048576
    assert os.path.getsize(emu.log_path + '.1') > 1000000
