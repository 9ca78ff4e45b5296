# -*- coding: utf-8 -*-
"""contributor/status.py: per movie or TV library, whether PlexImprovement is listed and enabled as a
contributor of its agent, and how to enable it; new Plex agents take none; music is left out."""
from __future__ import absolute_import, division, print_function

from pleximprovement.contributor.status import contributor_status
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpResult

ME = 'com.plexapp.plugins.pleximprovement'
SECTIONS = (b'<MediaContainer><Directory key="1" type="movie" title="Films" agent="com.example.agent"/>'
            b'<Directory key="2" type="show" title="Shows" agent="com.example.tv"/>'
            b'<Directory key="3" type="movie" title="New" agent="tv.plex.agents.movie"/>'
            b'<Directory key="4" type="artist" title="Music" agent="com.plexapp.agents.lastfm"/></MediaContainer>')


class Server(object):
    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        if url.endswith('/library/sections'):
            return HttpResult(200, {}, SECTIONS)
        if 'contributors' in url:
            listed = b'<Agent identifier="%s"/>' % ME.encode('ascii') if 'com.example.agent' in url else b''
            return HttpResult(200, {}, b'<MediaContainer>' + listed + b'</MediaContainer>')
        enabled = b' enabled="1"' if 'com.example.tv' in url else b''
        return HttpResult(200, {}, b'<MediaContainer><Agent identifier="%s"%s/></MediaContainer>'
                          % (ME.encode('ascii'), enabled))


def test_each_library_says_whether_the_contributor_runs_there():
    found = contributor_status(PmsClient('http://pms:32400', 't', http=Server()), ME)
    assert [(s['title'], s['media_type'], s['listed'], s['enabled']) for s in found] == [
        (u'Films', 1, True, False), (u'Shows', 2, False, True), (u'New', 1, False, False)]
    assert found[0]['how'] == (u'Plex Web: Settings > Agents > Movies > com.example.agent > tick PlexImprovement; '
                               u'or PUT /system/agents/com.example.agent/config/1?order=com.example.agent,%s' % ME)
    assert found[1]['how'] is None
    assert found[2]['how'].startswith(u'not possible: tv.plex.agents.movie is a new Plex agent')
