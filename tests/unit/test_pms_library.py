# -*- coding: utf-8 -*-
"""pms/library.py: the server, sections and items as plain dicts, paging, unmatched items."""
from __future__ import absolute_import, division, print_function

from pleximprovement.pms import library
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpFailure, HttpResult

try:  # pragma: no cover - 2.7 only
    from urlparse import parse_qsl, urlsplit
except ImportError:
    from urllib.parse import parse_qsl, urlsplit

SECTIONS = b'''<?xml version="1.0" encoding="UTF-8"?>
<MediaContainer size="2">
<Directory key="1" type="movie" title="Films" agent="com.plexapp.agents.sampleagent"
 scanner="Plex Video Files Scanner" language="en-US" refreshing="1">
<Location id="1" path="/data/movies"/><Location id="2" path="/data/more"/></Directory>
<Directory key="2" type="show" title="S\xc3\xa9ries" agent="tv.plex.agents.series" scanner="Plex TV Series"
 language="fr-FR" refreshing="0"/>
</MediaContainer>
'''


def video(key, guid, title, year=None, summary=None, thumb=None, updated=1700000000):
    attrs = 'ratingKey="%d" key="/library/metadata/%d" guid="%s" type="movie" title="%s" updatedAt="%d" ' \
            'addedAt="1690000000"' % (key, key, guid, title, updated)
    if year:
        attrs += ' year="%d"' % year
    if summary is not None:
        attrs += ' summary="%s"' % summary
    if thumb:
        attrs += ' thumb="%s"' % thumb
    return ('<Video %s><Media id="9"><Part id="8" file="/data/movies/%s.mkv"/></Media></Video>'
            % (attrs, title)).encode('utf-8')


class Library(object):
    """A fake server for the section list, a paged section and item reads."""

    def __init__(self, videos, honour_paging=True):
        self.videos = videos
        self.honour_paging = honour_paging
        self.calls = []

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        self.calls.append((method, parts.path, query))
        if parts.path == '/library/sections':
            return HttpResult(200, {}, SECTIONS)
        if parts.path == '/':
            return HttpResult(200, {}, b'<MediaContainer machineIdentifier="abc" version="1.32" '
                                       b'friendlyName="Nas"/>')
        if parts.path == '/library/sections/1/all':
            chosen = [v for v in self.videos if query.get('unmatched') != '1' or b'local://' in v]
            start = int(query.get('X-Plex-Container-Start', 0))
            size = int(query.get('X-Plex-Container-Size', len(chosen)))
            page = chosen[start:start + size] if self.honour_paging else chosen
            head = ('<MediaContainer size="%d" totalSize="%d" librarySectionID="1">'
                    % (len(page), len(chosen))).encode('ascii')
            return HttpResult(200, {}, head + b''.join(page) + b'</MediaContainer>')
        if parts.path == '/library/metadata/3':
            return HttpResult(200, {}, b'<MediaContainer size="1" librarySectionID="1">' + self.videos[2]
                              + b'</MediaContainer>')
        raise HttpFailure('http', 'HTTP 404', 404, b'')


def client(fake):
    return PmsClient('http://127.0.0.1:32400', 'tok', http=fake, sleep=lambda s: None)


def test_sections_with_agent_and_locations():
    found = library.sections(client(Library([])))
    assert found == [
        {'id': u'1', 'title': u'Films', 'type': u'movie', 'agent': u'com.plexapp.agents.sampleagent',
         'scanner': u'Plex Video Files Scanner', 'language': u'en-US', 'refreshing': True,
         'locations': [u'/data/movies', u'/data/more']},
        {'id': u'2', 'title': u'S\xe9ries', 'type': u'show', 'agent': u'tv.plex.agents.series',
         'scanner': u'Plex TV Series', 'language': u'fr-FR', 'refreshing': False, 'locations': []},
    ]
    assert all(isinstance(value, type(u'')) for value in found[0].values() if isinstance(value, (bytes, type(u''))))


def test_server():
    assert library.server(client(Library([]))) == {'machine_identifier': u'abc', 'version': u'1.32', 'name': u'Nas'}


def make_videos(count):
    videos = []
    for number in range(1, count + 1):
        if number % 3 == 0:
            videos.append(video(number, 'local://%d' % number, 'Film.%d.2004.1080p' % number))
        else:
            videos.append(video(number, 'com.plexapp.agents.sampleagent://%d?lang=en' % number, 'Film %d' % number,
                                year=2004, summary='Plot', thumb='/library/metadata/%d/thumb/1' % number))
    return videos


def test_items_pages_through_the_section():
    fake = Library(make_videos(7))
    found = library.items(client(fake), 1, page_size=3)
    assert [i['rating_key'] for i in found] == [u'%d' % n for n in range(1, 8)]
    starts = [query['X-Plex-Container-Start'] for _m, path, query in fake.calls]
    assert starts == ['0', '3', '6']
    first, third = found[0], found[2]
    assert first == {
        'rating_key': u'1', 'key': u'/library/metadata/1', 'type': u'movie',
        'guid': u'com.plexapp.agents.sampleagent://1?lang=en', 'guid_agent': u'com.plexapp.agents.sampleagent',
        'matched': True, 'title': u'Film 1', 'year': 2004, 'has_summary': True, 'has_poster': True,
        'updated_at': 1700000000, 'added_at': 1690000000, 'files': [u'/data/movies/Film 1.mkv'],
        'file': u'/data/movies/Film 1.mkv', 'section_id': u'1'}
    assert third['guid_agent'] == u'local' and third['matched'] is False
    assert third['has_summary'] is False and third['has_poster'] is False and third['year'] is None


def test_items_unmatched_only_and_exact_page_multiple():
    fake = Library(make_videos(9))
    found = library.items(client(fake), u'1', unmatched=True, page_size=3)
    assert [i['rating_key'] for i in found] == [u'3', u'6', u'9']
    assert all(query.get('unmatched') == '1' for _m, _p, query in fake.calls)
    assert len(fake.calls) == 1  # 3 of totalSize 3: no second page asked


def test_items_from_a_server_that_ignores_paging_are_not_repeated():
    fake = Library(make_videos(5), honour_paging=False)
    found = library.items(client(fake), 1, page_size=2)
    assert [i['rating_key'] for i in found] == [u'1', u'2', u'3', u'4', u'5']
    assert len(fake.calls) == 1


def test_one_item_and_a_missing_one():
    fake = Library(make_videos(3))
    found = library.item(client(fake), 3)
    assert found['rating_key'] == u'3' and found['section_id'] == u'1'
    assert library.item(client(fake), 4) is None


def test_guid_agent_and_updated_since():
    assert library.guid_agent(None) is None
    assert library.guid_agent(u'plex://movie/5d77') == u'plex'
    assert library.guid_agent(u'odd') == u''
    assert library.updated_since({'updated_at': 5}, {'updated_at': 6})
    assert not library.updated_since({'updated_at': 6}, {'updated_at': 6})
    assert not library.updated_since({'updated_at': 6}, {'updated_at': None})
    assert library.updated_since({'updated_at': None}, {'updated_at': 1})
