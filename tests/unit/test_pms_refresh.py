# -*- coding: utf-8 -*-
"""pms/refresh.py: the refresh requests as sent, and /activities as dicts."""
from __future__ import absolute_import, division, print_function

from pleximprovement.pms import refresh
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpResult

ACTIVITIES = b'''<?xml version="1.0" encoding="UTF-8"?>
<MediaContainer size="2">
<Activity uuid="u-1" type="library.refresh.items" cancellable="0" userID="1" title="Refreshing"
 subtitle="Film \xc3\xa9t\xc3\xa9" progress="50"><Context librarySectionID="1"/></Activity>
<Activity uuid="u-2" type="media.generate.bif" title="Thumbnails" progress="x"/>
</MediaContainer>
'''


class Recorder(object):
    def __init__(self, body=b''):
        self.body = body
        self.calls = []

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        self.calls.append((method, url))
        return HttpResult(200, {}, self.body)


def client(fake):
    return PmsClient('http://127.0.0.1:32400', 'tok', http=fake, sleep=lambda s: None)


def test_refresh_item_is_a_put_with_force():
    fake = Recorder()
    refresh.refresh_item(client(fake), 12)
    refresh.refresh_item(client(fake), u'13', force=False)
    assert fake.calls == [('PUT', 'http://127.0.0.1:32400/library/metadata/12/refresh?force=1'),
                          ('PUT', 'http://127.0.0.1:32400/library/metadata/13/refresh')]


def test_refresh_section_scan_force_and_path():
    fake = Recorder()
    refresh.refresh_section(client(fake), 1)
    refresh.refresh_section(client(fake), 2, force=True, path=u'/data/movies/Am\xe9lie')
    assert fake.calls == [('GET', 'http://127.0.0.1:32400/library/sections/1/refresh'),
                          ('GET', 'http://127.0.0.1:32400/library/sections/2/refresh?force=1&path=%2Fdata%2Fmovies'
                                  '%2FAm%C3%A9lie')]


def test_activities():
    found = refresh.activities(client(Recorder(ACTIVITIES)))
    assert found == [
        {'uuid': u'u-1', 'type': u'library.refresh.items', 'title': u'Refreshing', 'subtitle': u'Film \xe9t\xe9',
         'progress': 50, 'section_id': u'1'},
        {'uuid': u'u-2', 'type': u'media.generate.bif', 'title': u'Thumbnails', 'subtitle': None,
         'progress': None, 'section_id': None},
    ]
