# -*- coding: utf-8 -*-
"""pms/plugins.py: the plug-in list, restart (404 = unsupported), prefs read and set."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.pms import errors, plugins
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpFailure, HttpResult

PLUGINS = b'''<MediaContainer size="2">
<Plugin identifier="com.plexapp.system" name="System" version="2.0" state="running" key="/:/plugins/x"/>
<Plugin identifier="com.plexapp.agents.sampleagent" name="Sample" version="" state="stopped"/>
</MediaContainer>'''
PREFS = b'''<MediaContainer size="2" identifier="com.plexapp.agents.sampleagent">
<Setting id="site_url" label="Site" type="text" default="" value="http://127.0.0.1:5/" secure="false"/>
<Setting id="debug" label="Debug" type="bool" default="false" value="true" secure="false"/>
</MediaContainer>'''


class Server(object):
    def __init__(self, restart_status=200):
        self.restart_status = restart_status
        self.calls = []

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        self.calls.append((method, url))
        if url.endswith('/:/plugins'):
            return HttpResult(200, {}, PLUGINS)
        if url.endswith('/restart'):
            if self.restart_status == 404:
                raise HttpFailure('http', 'HTTP 404', 404, b'')
            return HttpResult(200, {}, b'')
        if url.endswith('/prefs'):
            if 'missing' in url:
                raise HttpFailure('http', 'HTTP 404', 404, b'')
            return HttpResult(200, {}, PREFS)
        if '/prefs/set?' in url:
            if 'fail' in url:
                raise HttpFailure('http', 'HTTP 500', 500, b'')
            return HttpResult(200, {}, b'')
        raise HttpFailure('http', 'HTTP 404', 404, b'')


def client(fake):
    return PmsClient('http://127.0.0.1:32400', 'tok', http=fake, sleep=lambda s: None)


def test_plugins():
    assert plugins.plugins(client(Server())) == [
        {'identifier': u'com.plexapp.system', 'name': u'System', 'version': u'2.0', 'state': u'running'},
        {'identifier': u'com.plexapp.agents.sampleagent', 'name': u'Sample', 'version': None, 'state': u'stopped'}]


def test_restart_supported_and_unsupported():
    fake = Server()
    assert plugins.restart_plugin(client(fake), 'com.plexapp.system') == plugins.RESTARTED
    assert fake.calls == [('GET', 'http://127.0.0.1:32400/:/plugins/com.plexapp.system/restart')]
    assert plugins.restart_plugin(client(Server(404)), 'com.plexapp.agents.x') == plugins.UNSUPPORTED


def test_prefs_read_and_set():
    fake = Server()
    assert plugins.plugin_prefs(client(fake), 'com.plexapp.agents.sampleagent') == {
        u'site_url': u'http://127.0.0.1:5/', u'debug': u'true'}
    plugins.set_plugin_prefs(client(fake), 'com.plexapp.agents.sampleagent', {'debug': False, 'site_url': u'h t'})
    assert fake.calls[-1] == ('GET', 'http://127.0.0.1:32400/:/plugins/com.plexapp.agents.sampleagent/prefs/set'
                                     '?debug=false&site_url=h%20t')


def test_prefs_of_a_missing_plugin_and_failed_set_keep_values_out():
    with pytest.raises(errors.ServerError) as caught:
        plugins.plugin_prefs(client(Server()), 'missing.plugin')
    assert caught.value.status == 404
    with pytest.raises(errors.ServerError) as caught:
        plugins.set_plugin_prefs(client(Server()), 'fail.plugin', {'api': 'hunter2'})
    assert 'hunter2' not in str(caught.value) and 'prefs/set?...' in str(caught.value)
