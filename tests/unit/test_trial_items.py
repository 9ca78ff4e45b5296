# -*- coding: utf-8 -*-
"""trial/items.py: the items a trial refreshes are the ones the targeted findings name (by file name,
title and year, the hints' id, or the guid an update failed on), then unmatched items of the
agent's sections, at most the limit."""
from __future__ import absolute_import, division, print_function

from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpResult
from pleximprovement.trial import items

AGENT = u'com.example.agent'


def item(key, title, year=None, guid=None, path=None):
    guid = guid or u'local://%d' % key
    return {'rating_key': u'%d' % key, 'title': title, 'year': year, 'guid': guid,
            'matched': not guid.startswith(u'local'), 'files': [path or u'/m/%s.mkv' % title]}


LIBRARY = [item(1, u'Alpha', 2001), item(2, u'Beta', 2002, path=u'/m/Beta.2002.1080p.mkv'),
           item(3, u'Gamma', guid=u'com.example.agent://77?lang=en'), item(4, u'Delta'), item(5, u'Epsilon')]


def diagnosis():
    return {
        'findings': [
            {'id': 'F1', 'agent': AGENT, 'kind': 'blocked', 'items': [
                {'key': u'a|2', 'id': u'2', 'name': u'beta', 'year': None,
                 'filename': u'/other/path/BETA.2002.1080P.MKV'},
                {'key': u'a|77', 'id': u'77', 'name': None, 'year': None, 'filename': None},
                {'key': u'a|x', 'id': u'x', 'name': u'Not in the library', 'year': None, 'filename': None}]},
            {'id': 'F2', 'agent': AGENT, 'kind': 'timeout', 'items': [
                {'key': u'a|1', 'id': u'1', 'name': u'Alpha', 'year': u'2001', 'filename': None}]},
            {'id': 'F3', 'agent': u'com.other', 'kind': 'blocked', 'items': [
                {'key': u'o|4', 'id': u'4', 'name': u'Delta', 'year': None, 'filename': None}]}],
        'fixes': [{'fix_id': 'browser_headers', 'agent': AGENT, 'addresses': ['F1']}],
    }


def keys(pairs):
    return [i['rating_key'] for i, _ref in pairs]


def test_the_proposal_names_the_findings():
    assert [f['id'] for f in items.targeted_findings(diagnosis(), AGENT, 'browser_headers')] == ['F1']
    # without a proposal: the findings of a kind the fix covers, else every finding of the agent
    assert [f['id'] for f in items.targeted_findings(diagnosis(), AGENT, 'network_timeout')] == ['F2']
    assert [f['id'] for f in items.targeted_findings(diagnosis(), AGENT, 'custom:x')] == ['F1', 'F2']
    assert items.targeted_findings(None, AGENT, 'browser_headers') == []


def test_refs_match_by_file_name_guid_title_and_id():
    refs = items.finding_refs(diagnosis(), AGENT, 'browser_headers')
    assert keys(items.match(refs, LIBRARY)) == [u'2', u'3']
    by_title = [{'name': u'ALPHA', 'year': u'2001', 'filename': None, 'id': None},
                {'name': u'Delta', 'year': u'1999', 'filename': None, 'id': None},
                {'name': u'Zeta', 'year': None, 'filename': None, 'id': u'5'},
                {'name': u'Alpha', 'year': None, 'filename': None, 'id': None}]
    assert keys(items.match(by_title, LIBRARY)) == [u'1', u'4', u'5']


def test_file_key_ignores_folders_case_and_quoting():
    assert items.file_key(u'%2Fdata%2FMovies%2FFilm%20One.MKV') == u'film one.mkv'
    assert items.file_key(u'C:\\Movies\\Film.mkv') == u'film.mkv'
    assert items.file_key(None) is None


class Server(object):
    SECTIONS = (b'<MediaContainer size="2"><Directory key="1" type="movie" title="Films" agent="com.example.agent"/>'
                b'<Directory key="2" type="movie" title="Other" agent="com.other"/></MediaContainer>')

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        if '/library/sections/1/all' in url:
            videos = b''.join(b'<Video ratingKey="%s" title="%s" guid="%s"><Media><Part file="%s"/></Media></Video>' % (
                i['rating_key'].encode('ascii'), i['title'].encode('ascii'), i['guid'].encode('ascii'),
                i['files'][0].encode('ascii')) for i in LIBRARY)
            return HttpResult(200, {}, b'<MediaContainer size="5" totalSize="5">' + videos + b'</MediaContainer>')
        return HttpResult(200, {}, self.SECTIONS)


def test_choose_takes_the_findings_items_then_unmatched_ones_up_to_the_limit():
    client = PmsClient('http://pms:32400', 't', http=Server())
    chosen, sections = items.choose(client, AGENT, 'browser_headers', diagnosis(), 4)
    assert [s['id'] for s in sections] == [u'1']
    assert [(c['item']['rating_key'], c['source']) for c in chosen] == [
        (u'2', 'finding'), (u'3', 'finding'), (u'1', 'unmatched'), (u'4', 'unmatched')]
    assert chosen[0]['ref']['id'] == u'2' and chosen[2]['ref'] is None
    assert [c['item']['rating_key'] for c in items.choose(client, AGENT, 'browser_headers', None, 2)[0]] == [
        u'1', u'2']
    assert items.choose(client, u'com.nobody', 'browser_headers', diagnosis(), 4) == ([], [])
