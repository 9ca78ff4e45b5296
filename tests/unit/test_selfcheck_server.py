# -*- coding: utf-8 -*-
"""selfcheck/server.py on canned answers: each of plex-runtime.md §12's three cases, the setting
unlisted (unknown), a refused token or no server (the rest not run), an agent not loaded or
unused, and the contributor per library."""
from __future__ import absolute_import, division, print_function

from pleximprovement.selfcheck.result import OK, PROBLEM, UNKNOWN, WARNING
from pleximprovement.selfcheck.server import server_checks

from fake_pms import client

ME = 'com.plexapp.plugins.pleximprovement'
AGENT = 'com.example.agent'
OLD = b'<MediaContainer machineIdentifier="m" version="1.32.2.7100-x"/>'
NEW = b'<MediaContainer machineIdentifier="m" version="1.43.0.10231-x"/>'
SECTIONS = (b'<MediaContainer><Directory key="1" title="Films" type="movie" agent="com.example.agent"/>'
            b'<Directory key="2" title="New" type="movie" agent="tv.plex.agents.movie"/>'
            b'<Directory key="3" title="Music" type="artist" agent="com.example.music"/></MediaContainer>')
PLUGINS = b'<MediaContainer><Plugin identifier="%s" state="running"/></MediaContainer>' % ME.encode('ascii')
AGENTS = b'<MediaContainer><Agent identifier="com.example.agent"/></MediaContainer>'
CONTRIBUTORS = b'<MediaContainer><Agent identifier="%s" name="PlexImprovement"/></MediaContainer>' % ME.encode('ascii')
CONFIG_ON = (b'<MediaContainer><Agent identifier="com.example.agent" enabled="1"/>'
             b'<Agent identifier="%s" enabled="1"/></MediaContainer>' % ME.encode('ascii'))
CONFIG_OFF = b'<MediaContainer><Agent identifier="com.example.agent" enabled="1"/></MediaContainer>'
SHOW = b'<MediaContainer><Setting id="ShowLegacyAgent" label="Show Legacy Agent" value="%s"/></MediaContainer>'


def server(version=OLD, legacy=True, setting=None, providers=False, contributor=True):
    table = {'/identity': (200, version), '/': (200, version), '/library/sections': (200, SECTIONS),
             '/:/prefs': (200, SHOW % setting if setting else b'<MediaContainer/>')}
    if legacy:
        table.update({'/:/plugins': (200, PLUGINS), '/system/agents': (200, AGENTS),
                      '/system/agents/contributors': (200, CONTRIBUTORS),
                      '/system/agents/%s/config/1' % AGENT: (200, CONFIG_ON if contributor else CONFIG_OFF)})
    if providers:
        table['/media/providers/metadata'] = (200, b'<MediaContainer><MediaProvider identifier="p"/></MediaContainer>')
    return table


def states(checks):
    return dict((c['id'], (c['status'], c['key'])) for c in checks)


def test_an_old_server_with_everything_in_place():
    found = states(server_checks(client(server()), ME, [AGENT]))
    assert found == {
        'server_api': (OK, 'SELFCHECK_API_OK'),
        'server_version': (OK, 'SELFCHECK_VERSION_OLD'),
        'legacy_runtime': (OK, 'SELFCHECK_LEGACY_PRESENT'),
        'legacy_hidden': (OK, 'SELFCHECK_SHOWN_OLD'),
        'providers': (OK, 'SELFCHECK_PROVIDERS_NONE'),
        'agent:' + AGENT: (OK, 'SELFCHECK_AGENT_OK'),
        'contributor:1': (OK, 'SELFCHECK_CONTRIBUTOR_ON'),
    }


def test_the_three_cases_of_a_new_server():
    shown = states(server_checks(client(server(NEW, setting=b'true', providers=True)), ME, [AGENT]))
    assert shown['legacy_hidden'] == (OK, 'SELFCHECK_SHOWN') and shown['providers'] == (OK, 'SELFCHECK_PROVIDERS')
    hidden = states(server_checks(client(server(NEW, setting=b'0', providers=True)), ME, [AGENT]))
    assert hidden['legacy_hidden'] == (WARNING, 'SELFCHECK_HIDDEN')
    unlisted = states(server_checks(client(server(NEW, providers=True)), ME, [AGENT]))
    assert unlisted['legacy_hidden'] == (UNKNOWN, 'SELFCHECK_SETTING_ABSENT')
    absent = states(server_checks(client(server(NEW, legacy=False, providers=True)), ME, [AGENT]))
    assert absent['legacy_runtime'] == (PROBLEM, 'SELFCHECK_LEGACY_ABSENT')
    assert absent['legacy_hidden'] == (UNKNOWN, 'SELFCHECK_HIDDEN_MOOT')
    assert absent['contributor'] == (UNKNOWN, 'SELFCHECK_CONTRIBUTOR_MOOT')


def test_a_refused_token_or_no_server_stops_after_the_api_check():
    table = server()
    table['/'] = (401, b'')
    checks = server_checks(client(table), ME, [AGENT])
    assert [(c['id'], c['status'], c['key']) for c in checks] == [
        ('server_api', PROBLEM, 'SELFCHECK_API_REFUSED'), ('server_version', OK, 'SELFCHECK_VERSION_OLD')]
    assert 'HTTP 401' in checks[0]['params']['why'] and 'Fix:' in checks[0]['params']['why']
    assert 'secret-token' not in repr(checks)
    checks = server_checks(client(table, refused=True), ME, [AGENT])
    assert [(c['id'], c['status'], c['key']) for c in checks] == [('server_api', PROBLEM, 'SELFCHECK_API_DOWN')]


def test_the_plugin_not_listed_and_the_agents():
    table = server(contributor=False)
    table['/:/plugins'] = (200, b'<MediaContainer/>')
    found = states(server_checks(client(table), ME, [AGENT, 'com.example.unused', 'com.example.broken'],
                                 lambda agent: agent != 'com.example.broken'))
    assert found['legacy_runtime'] == (PROBLEM, 'SELFCHECK_PLUGIN_NOT_LOADED')
    assert found['agent:com.example.unused'] == (PROBLEM, 'SELFCHECK_AGENT_NOT_LOADED')
    assert 'agent:com.example.broken' not in found                    # the owner excluded it
    assert found['contributor:1'] == (PROBLEM, 'SELFCHECK_CONTRIBUTOR_OFF')
    no_agents = states(server_checks(client(server()), ME, []))
    assert no_agents['agents'] == (WARNING, 'SELFCHECK_NO_AGENTS')


def test_contributor_fix_says_how():
    checks = server_checks(client(server(contributor=False)), ME, [AGENT])
    off = [c for c in checks if c['id'] == 'contributor:1'][0]
    assert off['fix'] == 'SELFCHECK_CONTRIBUTOR_FIX'
    assert u'PUT /system/agents/%s/config/1?order=%s,%s' % (AGENT, AGENT, ME) in off['params']['how']
    table = server(contributor=False)
    table['/system/agents/contributors'] = (200, b'<MediaContainer/>')
    assert states(server_checks(client(table), ME, [AGENT]))['contributor:1'] == (
        PROBLEM, 'SELFCHECK_CONTRIBUTOR_NOT_LISTED')


def test_an_unused_agent_and_a_failing_call():
    table = server()
    table['/library/sections'] = (500, b'')
    found = states(server_checks(client(table), ME, [AGENT]))
    assert found['agents'] == (UNKNOWN, 'SELFCHECK_SERVER_FAILED')
    table = server()
    table['/system/agents'] = (200, b'<MediaContainer><Agent identifier="com.example.other"/></MediaContainer>')
    found = states(server_checks(client(table), ME, ['com.example.other']))
    assert found['agent:com.example.other'] == (WARNING, 'SELFCHECK_AGENT_NO_LIBRARY')
