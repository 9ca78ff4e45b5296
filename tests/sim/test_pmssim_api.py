# -*- coding: utf-8 -*-
"""The simulated server's API (api.py, serving xml.py's views): paths, XML shapes and
attribute names as PMS (and plexapi) has them, token rules, the Request/Completed server log
lines around each request, and manual match candidates asked from the agent."""
from __future__ import absolute_import, division, print_function

import io
import re
from xml.etree import ElementTree

from harness.pmssim.plugins import SAMPLE_AGENT_ID

from .conftest import call, findable, get_xml


SERVER_LINE = re.compile(r'^(?P<ts>[A-Z][a-z]{2} \d\d, \d{4} \d\d:\d\d:\d\d\.\d{3}) \[(?P<thread>0x[0-9a-f]+|\d+)\] '
                         r'(?P<level>DEBUG|INFO|WARN|ERROR|VERBOSE) - (?P<msg>.*)$')


def server_log_lines(sim):
    with io.open(sim.server_log.path, 'rb') as handle:
        return handle.read().decode('utf-8').splitlines()


def test_identity_and_root(make_sim):
    sim = make_sim()
    root = get_xml(sim, '/')
    assert root.tag == 'MediaContainer'
    assert root.get('machineIdentifier') == sim.machine_identifier and root.get('version')
    status, _h, body = call(sim.base_url, '/identity')  # no token needed, as on PMS
    assert status == 200 and ElementTree.fromstring(body).get('machineIdentifier') == sim.machine_identifier


def test_library_root(make_sim):
    """GET /library, which python-plexapi's PlexServer.library asks for first."""
    root = get_xml(make_sim(), '/library')
    assert root.get('identifier') == 'com.plexapp.plugins.library' and root.get('title1') == 'Plex Library'
    assert [d.get('key') for d in root.findall('Directory')] == ['sections', 'recentlyAdded', 'onDeck']


def test_sections_shape(make_sim):
    sim = make_sim()
    root = get_xml(sim, '/library/sections')
    assert root.get('size') == '1'
    directory = root.find('Directory')
    for name in ('key', 'type', 'title', 'agent', 'scanner', 'language', 'refreshing', 'uuid', 'updatedAt'):
        assert directory.get(name) is not None, name
    assert directory.get('type') == 'movie' and directory.get('agent') == SAMPLE_AGENT_ID
    assert directory.get('refreshing') == '0'
    assert directory.find('Location').get('path') == '/data/movies'


def test_all_items_shape_and_paging(make_sim):
    sim = make_sim()
    root = get_xml(sim, '/library/sections/1/all?type=1')
    assert root.get('size') == '12' and root.get('totalSize') == '12' and root.get('librarySectionID') == '1'
    videos = root.findall('Video')
    assert len(videos) == 12
    first = videos[0]
    for name in ('ratingKey', 'key', 'guid', 'type', 'title', 'addedAt', 'updatedAt'):
        assert first.get(name), name
    assert first.get('type') == 'movie' and first.get('guid') == 'local://%s' % first.get('ratingKey')
    assert first.get('key') == '/library/metadata/%s' % first.get('ratingKey')
    part = first.find('Media/Part')
    assert part.get('file').startswith('/data/movies/') and part.get('key') and part.get('size')
    assert part.get('file') == sim.items[int(first.get('ratingKey'))].path
    page = get_xml(sim, '/library/sections/1/all?X-Plex-Container-Start=10&X-Plex-Container-Size=5')
    assert page.get('size') == '2' and page.get('offset') == '10' and page.get('totalSize') == '12'
    status, _h, body = call(sim.base_url, '/library/sections/1/all', token=sim.token,
                            headers={'X-Plex-Container-Start': '0', 'X-Plex-Container-Size': '3'})
    assert len(ElementTree.fromstring(body).findall('Video')) == 3
    assert get_xml(sim, '/library/sections/1/all?type=2').get('size') == '0'


def test_unmatched_filter(make_sim):
    sim = make_sim()
    assert get_xml(sim, '/library/sections/1/all?unmatched=1').get('size') == '12'
    sim.items[2].guid = u'%s://1234?lang=en' % SAMPLE_AGENT_ID
    keys = [v.get('ratingKey') for v in get_xml(sim, '/library/sections/1/all?unmatched=1').findall('Video')]
    assert '2' not in keys and len(keys) == 11


def test_metadata_and_tree(make_sim):
    sim = make_sim()
    root = get_xml(sim, '/library/metadata/4')
    video = root.find('Video')
    assert video.get('ratingKey') == '4' and video.get('librarySectionID') == '1'
    assert root.get('librarySectionID') == '1' and root.get('identifier') == 'com.plexapp.plugins.library'
    tree = get_xml(sim, '/library/metadata/4/tree')
    item = tree.find('MetadataItem')
    assert item.get('id') == '4' and item.get('title') == sim.items[4].title
    assert item.find('MediaItem/MediaPart').get('file') == sim.items[4].path
    assert call(sim.base_url, '/library/metadata/999', token=sim.token)[0] == 404
    assert len(get_xml(sim, '/library/metadata/1,2,3').findall('Video')) == 3


def test_token_is_required(make_sim):
    sim = make_sim()
    for path in ('/', '/library/sections', '/library/metadata/1', '/activities', '/:/plugins'):
        assert call(sim.base_url, path)[0] == 401, path
        assert call(sim.base_url, path, token='wrong')[0] == 401, path
    assert call(sim.base_url, '/library/metadata/1/refresh', method='PUT')[0] == 401
    assert call(sim.base_url, '/library/sections?X-Plex-Token=%s' % sim.token)[0] == 200
    assert sim.outcomes == []  # an unauthorised refresh did nothing


def test_server_log_has_request_and_completed_lines(make_sim):
    sim = make_sim()
    call(sim.base_url, '/library/sections?X-Plex-Token=%s' % sim.token)
    lines = server_log_lines(sim)
    assert all(SERVER_LINE.match(line) for line in lines), [x for x in lines if not SERVER_LINE.match(x)][:3]
    requests = [x for x in lines if ' - Request: [127.0.0.1:' in x and 'GET /library/sections' in x]
    completed = [x for x in lines if ' - Completed: [127.0.0.1:' in x and ' 200 GET /library/sections' in x]
    assert requests and completed
    assert sim.token not in u'\n'.join(lines) and 'X-Plex-Token=xxxxxxxxxxxxxxxxxxxx' in requests[0]


def test_manual_match_candidates_come_from_the_agent(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = findable(sim)
    status, _h, body = call(sim.base_url, '/library/metadata/%d/matches?manual=1' % item.rating_key,
                            token=sim.token)
    results = ElementTree.fromstring(body).findall('SearchResult')
    assert status == 200 and len(results) == 1
    assert results[0].get('guid') == u'%s://%s?lang=en' % (SAMPLE_AGENT_ID, item.entry.site.site_id)
    assert item.guid.startswith('local://')  # looking at candidates does not match the item
