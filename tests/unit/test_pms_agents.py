# -*- coding: utf-8 -*-
"""pms/agents.py: a primary agent's contributors and configuration as plain dicts, the order that
enables one more contributor, and None from a server without these paths (404)."""
from __future__ import absolute_import, division, print_function

from pleximprovement.pms import agents
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpFailure, HttpResult

CONTRIBUTORS = (b'<MediaContainer size="2">'
                b'<Agent identifier="com.plexapp.agents.localmedia" name="Local Media Assets"/>'
                b'<Agent identifier="com.plexapp.plugins.pleximprovement" name="PlexImprovement" hasPrefs="0"/>'
                b'</MediaContainer>')
CONFIG = (b'<MediaContainer><Agent identifier="com.example.agent" name="Example" enabled="1"/>'
          b'<Agent identifier="com.plexapp.agents.localmedia" name="Local Media Assets" enabled="1"/>'
          b'<Agent identifier="com.plexapp.plugins.pleximprovement" name="PlexImprovement"/></MediaContainer>')


class Server(object):
    def __init__(self, missing=False):
        self.missing = missing
        self.urls = []

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        self.urls.append(url)
        if self.missing:
            raise HttpFailure('http', 'HTTP 404', 404, b'')
        return HttpResult(200, {}, CONTRIBUTORS if 'contributors' in url else CONFIG)


def test_contributors_and_config():
    server = Server()
    client = PmsClient('http://pms:32400', 't', http=server)
    assert agents.contributors(client, 1, 'com.example.agent') == [
        {'identifier': u'com.plexapp.agents.localmedia', 'name': u'Local Media Assets'},
        {'identifier': u'com.plexapp.plugins.pleximprovement', 'name': u'PlexImprovement'}]
    assert server.urls[-1] == ('http://pms:32400/system/agents/contributors?mediaType=1&'
                               'primaryAgent=com.example.agent')
    config = agents.agent_config(client, 'com.example.agent', 1)
    assert [(a['identifier'], a['enabled']) for a in config] == [
        (u'com.example.agent', True), (u'com.plexapp.agents.localmedia', True),
        (u'com.plexapp.plugins.pleximprovement', False)]
    assert server.urls[-1] == 'http://pms:32400/system/agents/com.example.agent/config/1'
    assert agents.enable_order(config, 'com.plexapp.plugins.pleximprovement', 'com.example.agent') == (
        u'com.example.agent,com.plexapp.agents.localmedia,com.plexapp.plugins.pleximprovement')
    assert agents.enable_order(None, 'me', 'primary') == u'primary,me'


def test_a_server_without_these_paths():
    client = PmsClient('http://pms:32400', 't', http=Server(missing=True))
    assert agents.contributors(client, 1, 'a') is None and agents.agent_config(client, 'a', 1) is None


def test_media_type_of_a_section():
    assert [agents.media_type_of(t) for t in ('movie', 'show', 'artist', 2)] == [1, 2, None, 2]
