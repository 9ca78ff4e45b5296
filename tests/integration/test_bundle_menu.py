# -*- coding: utf-8 -*-
"""PlexImprovement.bundle loaded in the emulator the way Plex loads it: menu and prefs."""
from __future__ import absolute_import, division, print_function

import io
import os

from pleximprovement.names import PREFIX

MAIN_TITLES = ['Status', 'Dashboard', 'Self-check', 'Run the whole loop', 'Aggregate logs', 'Diagnose',
               'Apply next fix', 'Test applied fix', 'Post-mortem report', 'Stop', 'Reports',
               "Logs for the agent's author", 'Applied fixes', 'Preferences']


def directories(response):
    assert response.status == 200, response.body[:500]
    root = response.xml()
    assert root.tag == 'MediaContainer'
    return root, root.findall('Directory')


def test_main_menu_xml(emulator):
    root, items = directories(emulator.request(PREFIX))
    assert [d.get('title') for d in items] == MAIN_TITLES
    assert root.get('identifier') == 'com.plexapp.plugins.pleximprovement'
    assert root.get('prefsKey') == '/:/plugins/com.plexapp.plugins.pleximprovement/prefs'
    assert root.get('noCache') == '1'
    prefs = items[-1]
    assert prefs.get('settings') == '1'
    assert prefs.get('key') == '/:/plugins/com.plexapp.plugins.pleximprovement/prefs'
    for item in items[:-1]:
        assert item.get('key').startswith(PREFIX + '/')


def test_every_main_menu_entry_answers_with_objects(emulator):
    _root, items = directories(emulator.request(PREFIX))
    for item in items[:-1]:
        key = item.get('key')
        if key.endswith('/aggregate') or key.endswith('/diagnose'):
            continue  # these start jobs; covered in test_bundle_phases
        root, entries = directories(emulator.request(key))
        # Kitana drops replies without objects: every page offers a way back.
        assert entries, key
        assert entries[-1].get('title') == 'Back to the main menu'
        assert entries[-1].get('key') == PREFIX


def test_no_entry_is_unavailable(emulator):
    _root, items = directories(emulator.request(PREFIX))
    assert not [item.get('key') for item in items if 'unavailable' in item.get('key')]
    assert emulator.request(PREFIX + '/unavailable').status == 404


def test_prefs_set_calls_validate_prefs_with_clear_messages(emulator):
    base = '/:/plugins/com.plexapp.plugins.pleximprovement/prefs'
    response = emulator.request(base + '/set', query={'max_iterations': 'lots', 'schedule_time': '7pm'})
    root, entries = directories(response)
    assert root.get('header') == 'Some preferences need attention'
    titles = ' '.join(e.get('title') for e in entries)
    assert 'max_iterations' in titles and 'schedule_time' in titles
    response = emulator.request(base + '/set', query={'max_iterations': '4', 'schedule_time': '19:00'})
    root, _ = directories(response)
    assert root.get('header') == 'Preferences saved'
    listing = emulator.request(base).xml()
    settings = dict((s.get('id'), s.get('value')) for s in listing.findall('Setting'))
    assert settings['max_iterations'] == '4'


def test_start_logs_and_schedules_without_reading_logs(emulator):
    with io.open(emulator.log_path, 'rb') as handle:
        log = handle.read().decode('utf-8', 'replace')
    assert 'Started plug-in' in log
    # Start() only schedules the collector; nothing has been collected yet.
    assert not os.path.exists(os.path.join(emulator.data_dir, 'collector_state.json'))
    state = os.path.join(emulator.data_dir, 'state.json')
    assert os.path.exists(state)


def test_report_titles_are_made_safe(emulator):
    path = os.path.join(emulator.data_dir, 'aggregated_logs_iteration_1.txt')
    with io.open(path, 'wb') as handle:
        handle.write(u'Error <script>alert(1)</script> caf\xe9\n'.encode('utf-8'))
    root, entries = directories(emulator.request(PREFIX + '/reports/view',
                                                 query={'name': 'aggregated_logs_iteration_1.txt'}))
    assert '<' not in entries[0].get('title') and u'caf\xe9' in entries[0].get('title')


def test_routes_answer_with_unexpected_query_parameters(emulator):
    """The framework passes every query parameter to the route as a keyword (`f(**d)`)."""
    _root, items = directories(emulator.request(PREFIX))
    keys = [PREFIX] + [item.get('key') for item in items[:-1]
                       if not item.get('key').endswith('/aggregate') and not item.get('key').endswith('/diagnose')]
    keys.append(PREFIX + '/reports/view?name=x')
    for key in keys:
        path, _, query = key.partition('?')
        params = dict(part.split('=', 1) for part in query.split('&') if part)
        params.update({'includeExternalMedia': '1', 'X-Plex-Product': 'Kitana', 'unexpected': ''})
        response = emulator.request(path, query=params)
        assert response.status == 200, (key, response.body[:300])


def test_a_report_view_without_a_name_asks_for_one(emulator):
    root, entries = directories(emulator.request(PREFIX + '/reports/view'))
    assert root.get('header') == 'Which report?'
    assert 'A report name is needed' in root.get('message')
    assert 'None' not in root.get('message')
