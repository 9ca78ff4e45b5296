# -*- coding: utf-8 -*-
"""Logs for the agent's author through the bundle's routes in the emulator: containers with objects."""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import zipfile

from pleximprovement.names import DIAGNOSTIC_JSON, DIAGNOSTIC_MD, PREFIX

AGENT = 'com.example.agents.failing'


def page(emulator, path):
    response = emulator.request(PREFIX + path)
    assert response.status == 200, response.body[:300]
    root = response.xml()
    entries = root.findall('Directory')
    assert entries, path                                   # Kitana drops a container without objects
    assert entries[-1].get('title') == 'Back to the main menu'
    return root, [(d.get('title'), d.get('key')) for d in entries]


def put(path, data):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, 'wb') as handle:
        handle.write(data)


def test_the_main_menu_offers_the_entry(emulator):
    root = emulator.request(PREFIX).xml()
    entries = [(d.get('title'), d.get('key')) for d in root.findall('Directory')]
    assert ("Logs for the agent's author", PREFIX + '/logbundle') in entries


def test_without_a_diagnosis_nothing_starts(emulator):
    root, entries = page(emulator, '/logbundle')
    assert root.get('header') == 'No diagnosis yet'
    assert entries[0] == ('Diagnose now', PREFIX + '/diagnose')
    _root, entries = page(emulator, '/logbundle/result')
    assert entries[0][0] == "No zip yet: choose Logs for the agent's author"


def test_the_entry_builds_the_zip_and_the_result_says_where(app_support, emulator, wait_for):
    put(os.path.join(app_support, 'Logs', 'PMS Plugin Logs', AGENT + '.log'),
        b'2024-05-02 21:00:00,000 (7f01) :  ERROR (__init__:1) - peer 192.168.7.7 failed\n')
    put(os.path.join(emulator.data_dir, DIAGNOSTIC_MD % 1), b'# Diagnosis 1\n')
    put(os.path.join(emulator.data_dir, DIAGNOSTIC_JSON % 1), json.dumps({'findings': [{'agent': AGENT}]}).encode())
    root, entries = page(emulator, '/logbundle')
    assert root.get('header') == 'Started'
    assert entries[0] == ('Show the zip', PREFIX + '/logbundle/result')

    def ready():
        titles = [title for title, _key in page(emulator, '/logbundle/result')[1]]
        return [t for t in titles if t.startswith('Zip ready: ')]
    line = wait_for(ready)
    assert line, page(emulator, '/logbundle/result')[1]
    path = os.path.join(os.path.dirname(emulator.data_dir), 'log_bundles', 'logs_for_author.zip')
    assert line[0] == 'Zip ready: %s (%.1f MB)' % (path, os.path.getsize(path) / (1024.0 * 1024.0))
    archive = zipfile.ZipFile(path)
    try:
        assert archive.namelist()[:3] == ['README.txt', 'diagnosis/' + DIAGNOSTIC_MD % 1,
                                          'diagnosis/' + DIAGNOSTIC_JSON % 1]
        log = archive.read('logs/PMS Plugin Logs/%s.log' % AGENT).decode('utf-8')
    finally:
        archive.close()
    assert 'peer <ip> failed' in log
