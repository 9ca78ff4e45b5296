# -*- coding: utf-8 -*-
"""The simulated server's API: paths, XML shapes and attribute names as PMS (and plexapi)
has them, token rules, server log lines, determinism, and a clean stop."""
from __future__ import absolute_import, division, print_function

import errno
import io
import os
import re
import socket
import threading
from xml.etree import ElementTree

from harness import pms_sim

from .conftest import call

SERVER_LINE = re.compile(r'^(?P<ts>[A-Z][a-z]{2} \d\d, \d{4} \d\d:\d\d:\d\d\.\d{3}) \[(?P<thread>0x[0-9a-f]+|\d+)\] '
                         r'(?P<level>DEBUG|INFO|WARN|ERROR|VERBOSE) - (?P<msg>.*)$')


def get_xml(sim, path):
    status, headers, body = call(sim.base_url, path, token=sim.token)
    assert status == 200, (path, status, body[:200])
    assert headers['content-type'].startswith('text/xml')
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(body)


def server_log_lines(sim):
    with io.open(sim.server_log_path, 'rb') as handle:
        return handle.read().decode('utf-8').splitlines()


def test_identity_and_root(make_sim):
    sim = make_sim()
    root = get_xml(sim, '/')
    assert root.tag == 'MediaContainer'
    assert root.get('machineIdentifier') == sim.machine_identifier and root.get('version')
    status, _h, body = call(sim.base_url, '/identity')  # no token needed, as on PMS
    assert status == 200 and ElementTree.fromstring(body).get('machineIdentifier') == sim.machine_identifier


def test_sections_shape(make_sim):
    sim = make_sim()
    root = get_xml(sim, '/library/sections')
    assert root.get('size') == '1'
    directory = root.find('Directory')
    for name in ('key', 'type', 'title', 'agent', 'scanner', 'language', 'refreshing', 'uuid', 'updatedAt'):
        assert directory.get(name) is not None, name
    assert directory.get('type') == 'movie' and directory.get('agent') == pms_sim.SAMPLE_AGENT_ID
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
    sim.items[2].guid = u'%s://1234?lang=en' % pms_sim.SAMPLE_AGENT_ID
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


def test_agents_and_plugins(make_sim):
    sim = make_sim()
    agents = get_xml(sim, '/system/agents?mediaType=1')
    sample = [a for a in agents.findall('Agent') if a.get('identifier') == pms_sim.SAMPLE_AGENT_ID]
    assert sample and sample[0].get('name') == 'Sample Agent' and sample[0].get('primary') == '1'
    plugins = get_xml(sim, '/:/plugins')
    assert [p.get('identifier') for p in plugins.findall('Plugin')] == [pms_sim.SAMPLE_AGENT_ID]


def test_prefs_read_and_set_without_a_running_plugin(make_sim):
    sim = make_sim()
    base = '/:/plugins/%s/prefs' % pms_sim.SAMPLE_AGENT_ID
    settings = dict((s.get('id'), s) for s in get_xml(sim, base).findall('Setting'))
    assert settings['site_url'].get('value') == sim.site.base_url
    assert settings['site_url'].get('type') == 'text' and settings['debug'].get('type') == 'bool'
    assert call(sim.base_url, base + '/set?debug=false', token=sim.token)[0] == 200
    settings = dict((s.get('id'), s) for s in get_xml(sim, base).findall('Setting'))
    assert settings['debug'].get('value') == 'false' and settings['site_url'].get('value') == sim.site.base_url
    xml_path = os.path.join(sim.preferences_dir, pms_sim.SAMPLE_AGENT_ID + '.xml')
    with io.open(xml_path, 'rb') as handle:
        assert ElementTree.fromstring(handle.read()).tag == 'PluginPreferences'


def test_server_log_has_request_and_completed_lines(make_sim):
    sim = make_sim()
    call(sim.base_url, '/library/sections?X-Plex-Token=%s' % sim.token)
    lines = server_log_lines(sim)
    assert all(SERVER_LINE.match(line) for line in lines), [x for x in lines if not SERVER_LINE.match(x)][:3]
    requests = [x for x in lines if ' - Request: [127.0.0.1:' in x and 'GET /library/sections' in x]
    completed = [x for x in lines if ' - Completed: [127.0.0.1:' in x and ' 200 GET /library/sections' in x]
    assert requests and completed
    assert sim.token not in u'\n'.join(lines) and 'X-Plex-Token=xxxxxxxxxxxxxxxxxxxx' in requests[0]


def test_server_log_rolls_at_start(make_sim, app_support):
    first = make_sim()
    first.stop()
    make_sim(app_support=app_support)
    assert os.path.exists(os.path.join(app_support, 'Logs', 'Plex Media Server.1.log'))


def test_same_seed_same_library_over_the_api(tmpdir, make_sim):
    a = make_sim(app_support=os.path.join(str(tmpdir), 'a'), seed=8)
    b = make_sim(app_support=os.path.join(str(tmpdir), 'b'), seed=8)
    c = make_sim(app_support=os.path.join(str(tmpdir), 'c'), seed=9)

    def files(sim):
        return [p.get('file') for p in get_xml(sim, '/library/sections/1/all').iter('Part')]
    assert files(a) == files(b) and files(a) != files(c)
    assert a.machine_identifier == b.machine_identifier


def test_stop_leaves_no_thread_or_port(app_support):
    before = set(threading.enumerate())
    sim = pms_sim.SimServer(app_support, seed=3, library_size=12, start_agents=False)
    base = sim.start()
    site_port = int(sim.site.base_url.rsplit(':', 1)[1])
    port = int(base.rsplit(':', 1)[1])
    call(base, '/library/sections', token=sim.token)
    call(base, '/library/metadata/1/refresh', token=sim.token, method='PUT')  # no agent hosting: fails fast
    sim.wait_idle(60)
    sim.stop()
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert leaked == []
    for number in (port, site_port):
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            assert probe.connect_ex(('127.0.0.1', number)) in (errno.ECONNREFUSED, errno.ECONNRESET)
        finally:
            probe.close()
