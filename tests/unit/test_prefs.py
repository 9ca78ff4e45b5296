# -*- coding: utf-8 -*-
"""Every preference is checked, and each bad value gets its own message."""
from __future__ import absolute_import, division, print_function

import json
import os

from pleximprovement import prefs
from pleximprovement.menu import strings

CONTENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle', 'Contents')


def defaults():
    with open(os.path.join(CONTENTS, 'DefaultPrefs.json'), 'rb') as handle:
        items = json.loads(handle.read().decode('utf-8'))
    return dict((i['id'], i['default']) for i in items)


def test_defaults_are_valid_and_typed():
    values = defaults()
    settings, problems = prefs.validate(values.get)
    assert problems == []
    assert settings.max_iterations == 10
    assert settings.log_window_hours == 24.0
    assert settings.target_agents is None
    assert settings.schedule_time == (3, 0)
    assert settings.allow_automatic_fixes is False
    assert settings.agent_allowed('com.plexapp.agents.anything')


def test_module_defaults_match_default_prefs_json():
    for key, value in defaults().items():
        expected = prefs.DEFAULTS[key]
        if key == 'allow_automatic_fixes':
            assert (value == 'true') == expected
        elif key == 'logs_path':
            assert value == '' and expected is None
        else:
            assert value == expected, key


def test_every_bad_value_is_reported_with_a_known_message():
    bad = {
        'max_iterations': 'ten', 'log_window_hours': '-1', 'plateau_window': '0',
        'plateau_threshold_percent': 'x%', 'target_success_rate_percent': '150',
        'test_items_per_fix': '2.5', 'collector_interval_minutes': '99999',
        'target_agents': 'com.good.agent, bad agent!', 'schedule': 'weekly',
        'schedule_time': '25:61', 'server_url': 'ftp://nowhere',
    }
    settings, problems = prefs.validate(bad.get)
    assert sorted(p.pref_id for p in problems) == sorted(bad)
    text = strings.Text('en')
    for problem in problems:
        assert text.has(problem.key)
        message = text(problem.key, **problem.params)
        assert problem.pref_id in message and '{' not in message
    # Bad values fall back to the defaults, the good part of a list is kept.
    assert settings.max_iterations == 10
    assert settings.target_agents == frozenset(['com.good.agent'])
    assert settings.schedule == 'off' and settings.schedule_time == (3, 0)
    assert settings.server_url == 'http://127.0.0.1:32400'


def test_agent_list_and_numbers_parse():
    values = {'target_agents': 'com.a, com.b', 'max_iterations': ' 3 ', 'log_window_hours': '0.5',
              'server_url': 'http://127.0.0.1:32400/', 'allow_automatic_fixes': True}
    settings, problems = prefs.validate(values.get)
    assert problems == []
    assert settings.target_agents == frozenset(['com.a', 'com.b'])
    assert not settings.agent_allowed('com.c')
    assert settings.max_iterations == 3 and settings.log_window_hours == 0.5
    assert settings.server_url == 'http://127.0.0.1:32400'
    assert settings.allow_automatic_fixes is True


def test_nan_and_infinities_are_not_numbers():
    for raw in ('nan', 'NaN', 'inf', '-inf', '1e400', '-1e400'):
        settings, problems = prefs.validate({'log_window_hours': raw, 'plateau_threshold_percent': raw}.get)
        assert sorted(p.pref_id for p in problems) == ['log_window_hours', 'plateau_threshold_percent'], raw
        assert all(p.key == 'ERR_NOT_DECIMAL' for p in problems)
        assert settings.log_window_hours == 24.0 and settings.plateau_threshold_percent == 5.0
    assert prefs.check_number('log_window_hours', '8760') == (8760.0, None)
    number, problem = prefs.check_number('log_window_hours', '8760.5')
    assert number is None and problem.key == 'ERR_OUT_OF_RANGE'


def test_a_logs_folder_that_does_not_exist_is_refused(tmpdir):
    text = strings.Text('en')
    missing = str(tmpdir.join('nope'))
    settings, problems = prefs.validate({'logs_path': missing}.get)
    assert [(p.pref_id, p.key) for p in problems] == [('logs_path', 'ERR_LOGS_PATH')]
    assert settings.logs_path is None
    assert missing in text(problems[0].key, **problems[0].params)
    a_file = tmpdir.join('file.log')
    a_file.write('x')
    assert [p.key for p in prefs.validate({'logs_path': str(a_file)}.get)[1]] == ['ERR_LOGS_PATH']
    settings, problems = prefs.validate({'logs_path': ' %s ' % tmpdir}.get)
    assert problems == [] and settings.logs_path == str(tmpdir)
