# -*- coding: utf-8 -*-
"""pms/capabilities.py: the version and its era, the legacy host's paths, the "Show Legacy Agent"
setting found by label or id (None when unlisted), and custom metadata providers (None on 404)."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.pms import capabilities
from pleximprovement.pms.errors import TokenRefused

from fake_pms import client

PREFS = (b'<MediaContainer size="2"><Setting id="FriendlyName" label="Friendly name" value="x"/>'
         b'%s</MediaContainer>')


def test_versions_and_their_era():
    assert capabilities.version_tuple('1.43.0.10162-abcdef') == (1, 43, 0, 10162)
    assert capabilities.version_tuple('garbage') == ()
    assert capabilities.version_tuple(None) == ()
    assert capabilities.providers_era('1.42.2.9999-x') is False
    assert capabilities.providers_era('1.43.0.1-x') is True
    assert capabilities.providers_era('2.0') is True
    assert capabilities.providers_era('1.9.0') is False
    assert capabilities.providers_era('') is None


def test_identity():
    answers = {'/identity': (200, b'<MediaContainer machineIdentifier="m1" version="1.43.0.1"/>')}
    assert capabilities.identity(client(answers)) == {'machine_identifier': u'm1', 'version': u'1.43.0.1'}


def test_the_legacy_host_paths_answer_or_404():
    answers = {'/:/plugins': (200, b'<MediaContainer><Plugin identifier="a.b" state="running"/></MediaContainer>'),
               '/system/agents': (200, b'<MediaContainer><Agent identifier="x.y"/></MediaContainer>')}
    assert capabilities.legacy_plugins(client(answers)) == [{'identifier': u'a.b', 'state': u'running'}]
    assert capabilities.legacy_agents(client(answers)) == [u'x.y']
    assert capabilities.legacy_plugins(client({})) is None
    assert capabilities.legacy_agents(client({})) is None


@pytest.mark.parametrize('setting, expected', [
    (b'<Setting id="Whatever" label="Show Legacy Agent during library set up" value="1"/>',
     {'id': u'Whatever', 'label': u'Show Legacy Agent during library set up', 'value': True}),
    (b'<Setting id="showLegacyAgents" label="Something" value="false"/>',
     {'id': u'showLegacyAgents', 'label': u'Something', 'value': False}),
    (b'<Setting id="LegacyScanners" label="Legacy scanners" value="1"/>', None),
    (b'', None),
])
def test_the_show_legacy_agent_setting(setting, expected):
    assert capabilities.legacy_agent_setting(client({'/:/prefs': (200, PREFS % setting)})) == expected


def test_prefs_missing_or_refused():
    assert capabilities.legacy_agent_setting(client({})) is None
    with pytest.raises(TokenRefused):
        capabilities.legacy_agent_setting(client({'/:/prefs': (401, b'')}))


def test_metadata_providers():
    body = (b'<MediaContainer><MediaProvider identifier="tv.plex.agents.movie"/>'
            b'<MediaProvider identifier="tv.plex.agents.custom.x"/></MediaContainer>')
    answers = {'/media/providers/metadata': (200, body)}
    assert capabilities.metadata_providers(client(answers)) == [u'tv.plex.agents.movie', u'tv.plex.agents.custom.x']
    assert capabilities.metadata_providers(client({})) is None
