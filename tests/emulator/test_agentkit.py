# -*- coding: utf-8 -*-
"""Agent hosting: registration, search/update round trip, failure logging (plex-runtime.md §5)."""
from __future__ import absolute_import, division, print_function

import os
import threading

import pytest

from harness.plexemu.compat import BaseHTTPRequestHandler, HTTPServer

from .conftest import FIXTURES, LINE_RE, log_lines, make_bundle, read_text

AGENT = os.path.join(FIXTURES, 'Agent.bundle')


@pytest.fixture
def agent(emulators, app_support):
    return emulators(AGENT, app_support)


def test_registration_logged(agent):
    lines = log_lines(agent)
    assert any(line_.endswith('DEBUG (agentkit:1132) - Creating new agent class called EmuAgent') for line_ in lines)
    assert len(agent.agents.agents) == 1


def test_search_results_sorted_and_logged(agent):
    results = agent.agent_search({'name': 'Hello Film', 'year': '2001'})
    assert [r['id'] for r in results] == ['42', '43', '7']  # year, then score descending (stable)
    assert results[0] == {'id': '42', 'name': 'Hello Film', 'year': '2001', 'score': 95, 'lang': 'en',
                          'thumb': None}
    lines = log_lines(agent)
    handling = [line_ for line_ in lines if '(runtime:717) - Handling request GET' in line_][-1]
    assert '/:/plugins/com.example.emu.agent/messaging/function/X0FnZW50S2l0OlNlYXJjaA__/' in handling
    assert any("INFO (agentkit:961) - Searching for matches for {'name': 'Hello Film', 'year': '2001'}" in line_
               for line_ in lines)
    assert any('AGENT: search name=Hello Film year=2001 manual=False' in line_ for line_ in lines)
    assert LINE_RE.match(lines[-1]).group('message').startswith('Response: [200] str, ')


def test_search_exception_logged_like_the_framework(agent):
    assert agent.agent_search({'name': 'explode'}) == []
    text = read_text(agent.log_path)
    assert ("CRITICAL (agentkit:1018) - Exception in the search function of agent named 'Emu Agent', called with "
            "keyword arguments {'name': 'explode'} (most recent call last):\n") in text
    assert '/Framework/api/agentkit.py", line 1011, in _search\n    agent.search(*f_args, **f_kwargs)\n' in text
    assert 'Agent.bundle/Contents/Code/__init__.py", line 19, in search\n' in text
    assert '\nValueError: search exploded\n' in text


def test_update_round_trip(agent, app_support):
    fields = agent.agent_update('42', force=True)
    assert fields['title'] == 'Film 42' and fields['year'] == 2001 and fields['id'] == '42'
    assert fields['genres'] == ['Documentary']
    assert fields['posters'] == {'http://img.example/p.jpg': {'kind': 'Preview', 'bytes': 9, 'sort_order': 1}}
    assert fields['roles'] == [{'name': 'Ann Actor', 'role': 'Lead'}]
    path = agent.agents.info_xml_path('com.example.emu.agent://42?lang=en')
    assert path.startswith(os.path.join(app_support, 'Metadata', 'Movies') + os.sep)
    xml = read_text(path)
    assert '<title>Film 42</title>' in xml and '<item index="0">Documentary</item>' in xml
    assert any('ERROR (agentkit:1076) - No database ID provided' in line_ for line_ in log_lines(agent))
    assert any('AGENT: update id=42 force=True' in line_ for line_ in log_lines(agent))


def test_update_exception_still_writes_model(agent):
    fields = agent.agent_update('bad', guid='com.example.emu.agent://bad?lang=en')
    assert fields['title'] == 'Film bad' and 'summary' not in fields
    text = read_text(agent.log_path)
    assert ("CRITICAL (agentkit:1095) - Exception in the update function of agent named 'Emu Agent', called with "
            "guid 'com.example.emu.agent://bad?lang=en' (most recent call last):") in text
    assert os.path.exists(agent.agents.info_xml_path('com.example.emu.agent://bad?lang=en'))
    assert isinstance(agent.agents.last_update_error, KeyError)


def test_update_with_media_tree(agent):
    agent.agent_update('1', media={'title': 'T', 'items': [{'parts': [{'file': '/m/a.mkv'}]}]})
    assert not any('No database ID provided' in line_ for line_ in log_lines(agent))


PROBE_AGENT = '''# -*- coding: utf-8 -*-
def Start():
    pass


class Probe(Agent.Movies):
    name = 'Probe'
    languages = [Locale.Language.English]

    def search(self, results, media, lang):
        seen = []
        for attr in ['name', 'year', 'bogus', 'no_such_hint', 'title', 'items']:
            try:
                value = getattr(media, attr)
                if attr == 'items':
                    value = value[0].parts[0].file + ',' + str(value[0].parts[0].size)
                seen.append('%s=%s' % (attr, value))
            except AttributeError:
                seen.append(attr + '=AttributeError')
        results.Append(MetadataSearchResult(id='1', name='|'.join(seen), score=90, lang=lang))
'''

TREE = (b'<?xml version="1.0" encoding="UTF-8"?><MediaContainer size="1">'
        b'<MetadataItem id="5" title="Tree Title" guid="local://5" metadataType="1">'
        b'<MediaItem id="50" duration="100"><MediaPart id="500" file="/m/x.mkv" size="1234" hash="abcdef"/>'
        b'</MediaItem></MetadataItem></MediaContainer>')


class _TreeHandler(BaseHTTPRequestHandler):
    seen = []

    def do_GET(self):
        _TreeHandler.seen.append((self.path, self.headers.get('X-Plex-Token')))
        body = TREE if self.path == '/library/metadata/5/tree' else b'<MediaContainer size="0"/>'
        self.send_response(200 if self.path == '/library/metadata/5/tree' else 404)
        self.send_header('Content-Type', 'text/xml')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def pms():
    _TreeHandler.seen = []
    server = HTTPServer(('127.0.0.1', 0), _TreeHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05})
    thread.daemon = True
    thread.start()
    yield 'http://127.0.0.1:%d' % server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_media_keeps_known_hints_and_falls_back_to_the_item_tree(emulators, app_support, pms):
    """api/agentkit.py MediaObject: only its own attributes are taken from the hints, an `id` hint
    fetches /library/metadata/<id>/tree, and other attributes come from that tree or raise."""
    emu = emulators(make_bundle(app_support + '-b', 'Probe', PROBE_AGENT, klass='Agent'), app_support,
                    env={'PLEXTOKEN': 'tok'}, server_url=pms)
    results = emu.agent_search({'name': 'N', 'year': '2001', 'bogus': 'b', 'id': '5'})
    assert results[0]['name'] == ('name=N|year=2001|bogus=AttributeError|no_such_hint=AttributeError|'
                                  'title=Tree Title|items=/m/x.mkv,1234')
    assert _TreeHandler.seen == [('/library/metadata/5/tree', 'tok')]


def test_media_without_a_tree(emulators, app_support):
    emu = emulators(make_bundle(app_support + '-b', 'Probe', PROBE_AGENT, klass='Agent'), app_support,
                    server_url='http://127.0.0.1:9')
    results = emu.agent_search({'name': 'N'})
    assert results[0]['name'] == ('name=N|year=None|bogus=AttributeError|no_such_hint=AttributeError|'
                                  'title=AttributeError|items=AttributeError')
    results = emu.agent_search({'name': 'N', 'id': '5'})  # the tree cannot be fetched: logged, search goes on
    assert results[0]['name'].endswith('title=AttributeError|items=AttributeError')
    assert "CRITICAL (agentkit:643) - Exception when constructing media object (most recent call last):" in \
        read_text(emu.log_path)


TWO_AGENTS = '''# -*- coding: utf-8 -*-
def Start():
    pass


class First(Agent.Movies):
    name = 'First'
    languages = [Locale.Language.English]

    def search(self, results, media, lang):
        raise ValueError('first agent broke')

    def update(self, metadata, media, lang):
        Log.Info('FIRST update')
        metadata.title = 'from first'
        raise KeyError('first update broke')


class Second(Agent.Movies):
    name = 'Second'
    languages = [Locale.Language.English]

    def search(self, results, media, lang):
        results.Append(MetadataSearchResult(id='2', name='from second', score=80, lang=lang))

    def update(self, metadata, media, lang):
        Log.Info('SECOND update sees title=%s', metadata.title)
        metadata.summary = 'from second'
'''


def test_next_agent_is_tried_when_search_raises_and_every_agent_updates(emulators, app_support):
    """_search: an agent that raises is logged and the next registered one is tried; _update has no
    early exit, so each matching agent updates (and writes) in turn."""
    emu = emulators(make_bundle(app_support + '-b', 'Two', TWO_AGENTS, klass='Agent'), app_support)
    results = emu.agent_search({'name': 'x'})
    assert [r['name'] for r in results] == ['from second']
    text = read_text(emu.log_path)
    assert "Exception in the search function of agent named 'First'" in text
    fields = emu.agent_update('2')
    assert fields['title'] == 'from first' and fields['summary'] == 'from second'
    text = read_text(emu.log_path)
    assert "Exception in the update function of agent named 'First'" in text
    assert 'SECOND update sees title=from first' in text


GROWING_AGENT = '''# -*- coding: utf-8 -*-
def Start():
    pass


class Growing(Agent.Movies):
    name = 'Growing'
    languages = [Locale.Language.English]

    def search(self, results, media, lang):
        pass

    def update(self, metadata, media, lang):
        Log.Info('GROWING before title=%s genres=%s', metadata.title, ','.join(list(metadata.genres)))
        if metadata.title is None:
            metadata.title = 'First title'
            metadata.year = 1999
            metadata.rating = 7.5
            metadata.posters['http://img/p.jpg'] = Proxy.Preview('jpegbytes', sort_order=2)
            role = metadata.roles.new()
            role.name = 'Ann'
        metadata.genres.add('G%d' % len(metadata.genres))
'''


def test_models_are_read_back_from_disk_at_every_update(emulators, app_support):
    """modelling/model.py: `metadata_cls[guid]` builds the model from Info.xml each time (no cache
    in memory), so what an update leaves is there for the next one, across restarts too."""
    emu = emulators(make_bundle(app_support + '-b', 'Growing', GROWING_AGENT, klass='Agent'), app_support)
    guid = 'com.example.emu.growing://9?lang=en'
    first = emu.agent_update('9')
    assert first['genres'] == ['G0']
    info_dir = os.path.dirname(emu.agents.info_xml_path(guid))
    assert any(line_.endswith("ERROR (model:205) - Cannot read model from %s" % info_dir) for line_ in log_lines(emu))
    emu.reload()
    second = emu.agent_update('9')
    assert second['genres'] == ['G0', 'G1']
    assert second['title'] == 'First title' and second['year'] == 1999 and second['rating'] == 7.5
    assert second['posters'] == {'http://img/p.jpg': {'kind': 'Preview', 'bytes': 9, 'sort_order': 2}}
    assert second['roles'] == [{'name': 'Ann'}]
    assert second['id'] == '9'
    assert any(line_.endswith('DEBUG (model:32) - Loading model with GUID %s' % guid) for line_ in log_lines(emu))
    assert any('GROWING before title=First title genres=G0' in line_ for line_ in log_lines(emu))
    third = emu.agent_update('10', guid=guid)  # another id for the same guid: the model starts over
    assert third['genres'] == ['G0'] and third['title'] == 'First title' and third['id'] == '10'
    assert any('Whacking existing data because the ID changed (9 -> 10)' in line_ for line_ in log_lines(emu))
