# -*- coding: utf-8 -*-
"""Aggregate logs and Diagnose driven through the bundle's routes in the emulator."""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import shutil

import pytest

from pleximprovement.names import PREFIX

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures')


@pytest.fixture
def server_logs(app_support):
    """A server's Logs folder holding real-format plug-in logs of two agents."""
    plugin_logs = os.path.join(app_support, 'Logs', 'PMS Plugin Logs')
    for kind in ('blocked', 'title_never_matched'):
        folder = os.path.join(FIXTURES, 'diagnose', kind)
        for name in os.listdir(folder):
            shutil.copy(os.path.join(folder, name), os.path.join(plugin_logs, name))
    return plugin_logs


@pytest.fixture
def all_hours(app_support):
    """Fixture logs are old: read every line instead of the last 24 hours."""
    prefs = os.path.join(app_support, 'Plug-in Support', 'Preferences')
    if not os.path.isdir(prefs):
        os.makedirs(prefs)
    with io.open(os.path.join(prefs, 'com.plexapp.plugins.pleximprovement.xml'), 'wb') as handle:
        handle.write(b'<?xml version="1.0" encoding="utf-8"?>\n<PluginPreferences>'
                     b'<log_window_hours>0</log_window_hours></PluginPreferences>')


def titles(emulator, path):
    response = emulator.request(PREFIX + path)
    assert response.status == 200, response.body[:300]
    root = response.xml()
    return root, [d.get('title') for d in root.findall('Directory')]


def wait_idle(emulator, wait_for):
    return wait_for(lambda: titles(emulator, '/status')[1][0] == 'Nothing is running')


def test_aggregate_then_diagnose_through_the_menu(server_logs, all_hours, emulator, wait_for):
    root, _ = titles(emulator, '/aggregate')
    assert root.get('header') == 'Started'
    assert wait_idle(emulator, wait_for)
    _, status = titles(emulator, '/status')
    line = [t for t in status if t.startswith('Aggregation 1 ')]
    assert line, status
    with io.open(os.path.join(emulator.data_dir, 'aggregated_logs_iteration_1.json'), 'rb') as handle:
        snapshot = json.loads(handle.read().decode('utf-8'))
    searches = snapshot['totals']['total_search_ops']
    assert searches > 0
    assert ' %d searches' % searches in line[0]
    with io.open(os.path.join(emulator.data_dir, 'aggregated_logs_iteration_1.txt'), 'rb') as handle:
        report = handle.read().decode('utf-8')
    assert report.startswith('Total Search Operations: %d\nTitles Found Events: ' % searches)

    root, _ = titles(emulator, '/diagnose')
    assert root.get('header') == 'Started'
    assert wait_idle(emulator, wait_for)
    _, status = titles(emulator, '/status')
    assert any(t.startswith('Diagnosis 1 ') for t in status), status
    _, reports = titles(emulator, '/reports')
    assert reports[:2] == ['diagnostic_report_iteration_1.md', 'aggregated_logs_iteration_1.txt']
    _, lines = titles(emulator, '/reports/view?name=diagnostic_report_iteration_1.md')
    assert any('blocked' in t.lower() for t in lines)


def test_missing_logs_folder_fails_the_job_with_a_clear_status(app_support, all_hours, emulator, wait_for):
    shutil.rmtree(os.path.join(app_support, 'Logs'))
    titles(emulator, '/aggregate')
    assert wait_idle(emulator, wait_for)
    _, status = titles(emulator, '/status')
    failed = [t for t in status if t.startswith('Log aggregation: failed')]
    assert failed, status
