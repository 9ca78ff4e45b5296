# -*- coding: utf-8 -*-
"""selfcheck/logs.py: the Logs folder found, its log files counted, the days from the first record
of the oldest file to the last record of the newest, and every failure a problem with its fix."""
from __future__ import absolute_import, division, print_function

import io
import os

from pleximprovement.selfcheck.logs import logs_check
from pleximprovement.selfcheck.result import OK, PROBLEM


def write(path, lines):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, 'wb') as handle:
        handle.write(b''.join(line + b'\n' for line in lines))


def line(day, clock):
    return (b'2024-06-%02d %s,123 (7f0a) :  INFO (core:349) - Starting framework core' % (day, clock))


def test_days_held_by_the_plugin_logs(tmpdir):
    logs = str(tmpdir.join('Logs'))
    plugin_logs = os.path.join(logs, 'PMS Plugin Logs')
    write(os.path.join(plugin_logs, 'com.example.agent.log'), [line(4, b'10:00:00'), line(5, b'22:00:00')])
    write(os.path.join(plugin_logs, 'com.example.agent.log.1'), [line(2, b'10:00:00'), line(3, b'09:00:00')])
    check = logs_check(logs)
    assert (check['status'], check['key'], check['fix']) == (OK, 'SELFCHECK_LOGS_OK', None)
    assert check['params']['files'] == 2
    assert check['params']['days'] == u'3.5'          # June 2 10:00 to June 5 22:00


def test_missing_empty_and_unknown_folders(tmpdir):
    check = logs_check(str(tmpdir.join('nowhere')))
    assert (check['status'], check['key'], check['fix']) == (PROBLEM, 'SELFCHECK_LOGS_MISSING', 'SELFCHECK_LOGS_FIX')
    assert check['params']['plugin_logs'] == 'PMS Plugin Logs'
    os.makedirs(str(tmpdir.join('Logs', 'PMS Plugin Logs')))
    assert logs_check(str(tmpdir.join('Logs')))['key'] == 'SELFCHECK_LOGS_EMPTY'
    assert logs_check(None)['key'] == 'SELFCHECK_LOGS_NONE'


def test_a_file_without_records_counts_but_holds_no_days(tmpdir):
    logs = str(tmpdir.join('Logs'))
    write(os.path.join(logs, 'PMS Plugin Logs', 'com.example.agent.log'), [b'no record here'])
    check = logs_check(logs)
    assert check['status'] == OK and check['params']['files'] == 1 and check['params']['days'] == u'?'
