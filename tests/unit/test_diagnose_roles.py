# -*- coding: utf-8 -*-
"""Which identifiers are agents (diagnose/roles.py): this plug-in, System, the server log and
unattributed lines never; a plug-in that searched or updated, or is named in an agent namespace,
always; anything else is a plug-in with a health line instead of findings."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement import names
from pleximprovement.diagnose import roles
from pleximprovement.diagnose.diagnosis import diagnose

from snapshot_builders import A, agent, empty_snapshot, item, traceback, unclassified

CHANNEL = 'com.plexapp.plugins.somechannel'


@pytest.mark.parametrize('identifier,role', [
    (names.IDENTIFIER, 'this plug-in'), ('com.plexapp.system', 'system'), ('pms', 'server'),
    (None, 'unattributed'), ('unknown', 'unattributed'), ('com.plexapp.agents.hama', 'agent'),
    ('tv.plex.agents.movie', 'agent'), (CHANNEL, 'plug-in')])
def test_roles_by_identifier_alone(identifier, role):
    assert roles.Roles(empty_snapshot()).of(identifier) == role


def test_this_plugin_and_system_stay_plugins_whatever_they_log():
    s = empty_snapshot()
    agent(s, names.IDENTIFIER, total_search_ops=3)
    agent(s, 'com.plexapp.system', updates_failed=2)
    found = roles.Roles(s)
    assert not found.is_agent(names.IDENTIFIER) and not found.is_agent('com.plexapp.system')


@pytest.mark.parametrize('evidence', [
    lambda s: agent(s, CHANNEL, total_search_ops=1),
    lambda s: agent(s, CHANNEL, search_exceptions=1),
    lambda s: agent(s, CHANNEL, updates_ok=1),
    lambda s: agent(s, CHANNEL, updates_unfinished=1),
    lambda s: item(s, CHANNEL, 'Heat', searches=1),
    lambda s: traceback(s, CHANNEL, 'KeyError', "'x'", 'y = d["x"]', phase='update'),
])
def test_agent_work_makes_an_agent_of_any_identifier(evidence):
    s = empty_snapshot()
    evidence(s)
    assert roles.Roles(s).is_agent(CHANNEL)


def test_a_plugin_traceback_outside_agent_work_does_not():
    s = empty_snapshot()
    traceback(s, CHANNEL, 'KeyError', "'x'", 'y = d["x"]', phase='other')
    agent(s, CHANNEL, restarts=5)
    assert roles.Roles(s).of(CHANNEL) == 'plug-in'


def test_plugins_are_reported_apart_healthy_or_not():
    s = empty_snapshot()
    agent(s, A, total_search_ops=4, titles_found=4)
    agent(s, names.IDENTIFIER, url_errors_by_class={'timeout': 2})
    agent(s, 'com.plexapp.system')
    unclassified(s, 'Something odd happened in the scanner', 2, {})
    d = diagnose(s)
    assert d['findings'] == [] and d['fixes'] == [] and d['recommendations'] == []
    health = [(p['plugin'], p['role'], p['failure_events'], [f['kind'] for f in p['findings']])
              for p in d['plugins']]
    assert health == [(None, 'unattributed', 2, ['unknown_error']),
                      (names.IDENTIFIER, 'this plug-in', 2, ['timeout']),
                      ('com.plexapp.system', 'system', 0, [])]
    assert (d['summary']['plugins'], d['summary']['plugin_failure_events']) == (3, 4)
