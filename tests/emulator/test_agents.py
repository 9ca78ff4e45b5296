# -*- coding: utf-8 -*-
"""Agent hosting: registration, search/update round trip, failure logging (plex-runtime.md §5)."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from .conftest import FIXTURES, LINE_RE, log_lines, read_text

AGENT = os.path.join(FIXTURES, 'Agent.bundle')


@pytest.fixture
def agent(emulators, app_support):
    return emulators(AGENT, app_support)


def test_registration_logged(agent):
    lines = log_lines(agent)
    assert any(line_.endswith('DEBUG (agentkit:1132) - Creating new agent class called EmuAgent') for line_ in lines)
    assert len(agent.agents.agents) == 1


def test_search_results_sorted_and_logged(agent):
    results = agent.agent_search({'name': 'Hello Film', 'year': '2001'})
    assert [r['id'] for r in results] == ['42', '43', '7']  # year, then score descending (stable)
    assert results[0] == {'id': '42', 'name': 'Hello Film', 'year': '2001', 'score': 95, 'lang': 'en',
                          'thumb': None}
    lines = log_lines(agent)
    handling = [line_ for line_ in lines if '(runtime:717) - Handling request GET' in line_][-1]
    assert '/:/plugins/com.example.emu.agent/messaging/function/X0FnZW50S2l0OlNlYXJjaA__/' in handling
    assert any("INFO (agentkit:961) - Searching for matches for {'name': 'Hello Film', 'year': '2001'}" in line_
               for line_ in lines)
    assert any('AGENT: search name=Hello Film year=2001 manual=False unknown=None' in line_ for line_ in lines)
    assert LINE_RE.match(lines[-1]).group('message').startswith('Response: [200] str, ')


def test_search_exception_logged_like_the_framework(agent):
    assert agent.agent_search({'name': 'explode'}) == []
    text = read_text(agent.log_path)
    assert ("CRITICAL (agentkit:1018) - Exception in the search function of agent named 'Emu Agent', called with "
            "keyword arguments {'name': 'explode'} (most recent call last):\n") in text
    assert '/Framework/api/agentkit.py", line 1011, in _search\n    agent.search(*f_args, **f_kwargs)\n' in text
    assert 'Agent.bundle/Contents/Code/__init__.py", line 19, in search\n' in text
    assert '\nValueError: search exploded\n' in text


def test_update_round_trip(agent, app_support):
    fields = agent.agent_update('42', force=True)
    assert fields['title'] == 'Film 42' and fields['year'] == 2001 and fields['id'] == '42'
    assert fields['genres'] == ['Documentary']
    assert fields['posters'] == {'http://img.example/p.jpg': {'kind': 'Preview', 'bytes': 9, 'sort_order': 1}}
    assert fields['roles'] == [{'name': 'Ann Actor', 'role': 'Lead'}]
    path = agent.agents.info_xml_path('com.example.emu.agent://42?lang=en')
    assert path.startswith(os.path.join(app_support, 'Metadata', 'Movies') + os.sep)
    xml = read_text(path)
    assert '<title>Film 42</title>' in xml and '<item index="0">Documentary</item>' in xml
    assert any('ERROR (agentkit:1076) - No database ID provided' in line_ for line_ in log_lines(agent))
    assert any('AGENT: update id=42 force=True' in line_ for line_ in log_lines(agent))


def test_update_exception_still_writes_model(agent):
    fields = agent.agent_update('bad', guid='com.example.emu.agent://bad?lang=en')
    assert fields['title'] == 'Film bad' and 'summary' not in fields
    text = read_text(agent.log_path)
    assert ("CRITICAL (agentkit:1095) - Exception in the update function of agent named 'Emu Agent', called with "
            "guid 'com.example.emu.agent://bad?lang=en' (most recent call last):") in text
    assert os.path.exists(agent.agents.info_xml_path('com.example.emu.agent://bad?lang=en'))
    assert isinstance(agent.agents.last_update_error, KeyError)


def test_update_with_media_tree(agent):
    agent.agent_update('1', media={'title': 'T', 'items': [{'parts': [{'file': '/m/a.mkv'}]}]})
    assert not any('No database ID provided' in line_ for line_ in log_lines(agent))
