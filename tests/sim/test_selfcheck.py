# -*- coding: utf-8 -*-
"""The self-check against simulated servers: the kinds of server plex-runtime.md §12 tells apart
(legacy runtime present, present but hidden for new libraries, the setting unlisted, absent; with
and without /media/providers/metadata), a refused token, the contributor off (assumption S10) and
on, and the whole page drawn by PlexImprovement itself, installed in the sim's Plug-ins."""
from __future__ import absolute_import, division, print_function

import io
import os

import pytest

from harness import plexemu
from harness.pmssim.kinds import KINDS, ServerKind
from harness.pmssim.plugins import SAMPLE_AGENT_ID

from pleximprovement.cli import selfcheck as command
from pleximprovement.names import IDENTIFIER, PREFIX
from pleximprovement.pms import agents
from pleximprovement.pms.client import PmsClient
from pleximprovement.selfcheck.result import OK, PROBLEM, UNKNOWN, WARNING
from pleximprovement.selfcheck.run import run_checks

BUNDLE = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                       'PlexImprovement.bundle'))


def client_of(sim, token=None):
    return PmsClient(sim.base_url, token or sim.token, timeout=10, retries=0, sleep=lambda seconds: None)


def checks_of(sim, token=None):
    found = run_checks(client_of(sim, token), sim.layout.plugins_dir, sim.layout.logs_dir, IDENTIFIER)
    return dict((c['id'], (c['status'], c['key'])) for c in found)


def install_link(sim):
    """PlexImprovement in the sim's Plug-ins: a link to this checkout (the core the tests run is that one)."""
    link = sim.layout.bundle_dir('PlexImprovement.bundle')
    os.symlink(BUNDLE, link)
    return link


@pytest.mark.parametrize('kind, version, runtime, hidden, providers', [
    ('legacy', (OK, 'SELFCHECK_VERSION_OLD'), (OK, 'SELFCHECK_LEGACY_PRESENT'), (OK, 'SELFCHECK_SHOWN_OLD'),
     (OK, 'SELFCHECK_PROVIDERS_NONE')),
    ('providers', (OK, 'SELFCHECK_VERSION_NEW'), (OK, 'SELFCHECK_LEGACY_PRESENT'), (OK, 'SELFCHECK_SHOWN'),
     (OK, 'SELFCHECK_PROVIDERS')),
    ('hidden', (OK, 'SELFCHECK_VERSION_NEW'), (OK, 'SELFCHECK_LEGACY_PRESENT'), (WARNING, 'SELFCHECK_HIDDEN'),
     (OK, 'SELFCHECK_PROVIDERS')),
    ('unlisted_setting', (OK, 'SELFCHECK_VERSION_NEW'), (OK, 'SELFCHECK_LEGACY_PRESENT'),
     (UNKNOWN, 'SELFCHECK_SETTING_ABSENT'), (OK, 'SELFCHECK_PROVIDERS')),
    ('no_legacy', (OK, 'SELFCHECK_VERSION_NEW'), (PROBLEM, 'SELFCHECK_LEGACY_ABSENT'),
     (UNKNOWN, 'SELFCHECK_HIDDEN_MOOT'), (OK, 'SELFCHECK_PROVIDERS')),
])
def test_each_kind_of_server(make_sim, kind, version, runtime, hidden, providers):
    sim = make_sim(kind=KINDS[kind])
    install_link(sim)
    found = checks_of(sim)
    assert found['server_api'] == (OK, 'SELFCHECK_API_OK')
    assert (found['server_version'], found['legacy_runtime'], found['legacy_hidden'], found['providers']) == (
        version, runtime, hidden, providers)
    assert found['bundle'] == (OK, 'SELFCHECK_BUNDLE_OK') and found['policy'] == (OK, 'SELFCHECK_POLICY_OK')
    assert found['logs'] == (OK, 'SELFCHECK_LOGS_OK')
    if kind == 'no_legacy':
        assert found['contributor'] == (UNKNOWN, 'SELFCHECK_CONTRIBUTOR_MOOT')


def test_the_kinds_answer_like_their_servers(make_sim):
    """What the checks rely on, asked directly: 404s where a server has no such path."""
    old = make_sim(kind=ServerKind())
    assert client_of(old).xml('/media/providers/metadata', allow=(404,)) is None
    assert client_of(old).xml('/:/plugins') is not None
    new = make_sim(kind=KINDS['no_legacy'], app_support=old.app_support + '-2')
    for path in ('/:/plugins', '/system/agents', '/system/agents/contributors'):
        assert client_of(new).request('GET', path, allow=(404,)).status == 404, path
    assert client_of(new).xml('/media/providers/metadata').find('MediaProvider') is not None


def test_a_refused_token(make_sim):
    sim = make_sim()
    found = run_checks(client_of(sim, 'not-the-token'), sim.layout.plugins_dir, sim.layout.logs_dir, IDENTIFIER)
    assert [(c['id'], c['status'], c['key']) for c in found if c['id'].startswith('server')] == [
        ('server_api', PROBLEM, 'SELFCHECK_API_REFUSED'), ('server_version', OK, 'SELFCHECK_VERSION_OLD')]
    api = [c for c in found if c['id'] == 'server_api'][0]
    assert 'HTTP 401' in api['params']['why'] and 'not-the-token' not in repr(found)


@pytest.fixture
def hosted(make_sim):
    """The sim with PlexImprovement installed (linked) in Plug-ins and running in the emulator."""
    sim = make_sim()
    link = install_link(sim)
    emulator = plexemu.Emulator(link, sim.app_support, env={'PLEXTOKEN': sim.token}, server_url=sim.base_url)
    emulator.start()
    sim.attach_plugin(IDENTIFIER, emulator, link)
    yield sim, emulator
    emulator.stop()


def test_the_contributor_off_then_on(hosted):
    sim, _emulator = hosted
    assert checks_of(sim)['contributor:1'] == (PROBLEM, 'SELFCHECK_CONTRIBUTOR_OFF')     # S10: off until ticked
    client = client_of(sim)
    config = agents.agent_config(client, SAMPLE_AGENT_ID, 1)
    client.send('PUT', '/system/agents/%s/config/1' % SAMPLE_AGENT_ID,
                {'order': agents.enable_order(config, IDENTIFIER, SAMPLE_AGENT_ID)})
    assert checks_of(sim)['contributor:1'] == (OK, 'SELFCHECK_CONTRIBUTOR_ON')


def titles(response):
    assert response.status == 200, response.body[:300]
    return [d.get('title') for d in response.xml().findall('Directory')]


def test_the_page_drawn_by_the_plugin_itself(hosted):
    sim, emulator = hosted
    prefs = '/:/plugins/%s/prefs/set' % IDENTIFIER
    assert emulator.request(prefs, query={'server_url': sim.base_url}).status == 200
    page = titles(emulator.request(PREFIX + '/selfcheck'))
    assert page[0].startswith('Self-check at ') and page[-1] == 'Back to the main menu'
    problems = [t for t in page[1:-1] if not t.startswith('OK: ')]
    assert len(problems) == 1, page
    assert problems[0].startswith(u'PROBLEM: Library Movies (%s): PlexImprovement is not enabled' % SAMPLE_AGENT_ID)
    assert u'Fix: Plex Web: Settings' in problems[0]
    status = titles(emulator.request(PREFIX + '/status'))
    assert status[1].startswith('Set-up: 1 problem(s), first: Library Movies')
    client = client_of(sim)
    client.send('PUT', '/system/agents/%s/config/1' % SAMPLE_AGENT_ID,
                {'order': u'%s,%s' % (SAMPLE_AGENT_ID, IDENTIFIER)})
    page = titles(emulator.request(PREFIX + '/selfcheck'))
    assert all(t.startswith('OK: ') for t in page[1:-1]), page
    assert '0 problem(s), 0 warning(s), 0 unknown' in page[0]
    assert not any(t.startswith('Set-up:') for t in titles(emulator.request(PREFIX + '/status')))


def test_the_command_line_against_a_server_that_hides_legacy_agents(make_sim, tmpdir):
    sim = make_sim(kind=KINDS['hidden'])
    install_link(sim)
    token = str(tmpdir.join('token'))
    with io.open(token, 'wb') as handle:
        handle.write(sim.token.encode('ascii'))
    out, err = io.BytesIO(), io.BytesIO()
    code = command.main(['--server', sim.base_url, '--token-file', token, '--plugins', sim.layout.plugins_dir],
                        out, err)
    lines = out.getvalue().decode('utf-8').splitlines()
    assert code == 1 and err.getvalue() == b''                # the contributor is not offered: not running
    assert lines[0].startswith("OK: PlexImprovement is installed in the server's Plug-ins folder")
    assert any(line.startswith('WARNING: Legacy agents are hidden for new libraries') and 'Fix: ' in line
               for line in lines)
    assert any(line.startswith('OK: The server offers custom metadata providers') for line in lines)
    assert sim.token not in out.getvalue().decode('utf-8')
