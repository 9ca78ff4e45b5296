# -*- coding: utf-8 -*-
"""Refreshes are asynchronous like on PMS: the PUT returns at once, an Activity (and the
section's refreshing flag) shows the work, and both disappear when it is done. The agent
step is replaced by a gate here, so these tests do not depend on agent hosting."""
from __future__ import absolute_import, division, print_function

import os
import signal
import subprocess
import sys
import threading
from xml.etree import ElementTree

from harness import pms_sim

from .conftest import call

HARNESS = os.path.dirname(os.path.abspath(pms_sim.__file__))


def gated(sim):
    """Replace the agent step with one that waits for the returned event."""
    gate = threading.Event()
    entered = threading.Event()
    processed = []

    def process(item, force):
        entered.set()
        gate.wait(60)
        processed.append(item.rating_key)
        return sim.finish(item, {'ratingKey': item.rating_key, 'searched': True, 'results': 0,
                                 'matched': False, 'updated': False, 'error': None, 'phase': 'search'})
    sim.process = process
    return gate, entered, processed


def xml(sim, path):
    status, _h, body = call(sim.base_url, path, token=sim.token)
    assert status == 200
    return ElementTree.fromstring(body)


def test_item_refresh_is_an_activity_until_done(make_sim):
    sim = make_sim()
    gate, entered, processed = gated(sim)
    status, _h, body = call(sim.base_url, '/library/metadata/5/refresh?force=1', token=sim.token, method='PUT')
    assert status == 200 and body == b''
    entered.wait(60)
    activities = xml(sim, '/activities')
    assert activities.get('size') == '1'
    activity = activities.find('Activity')
    for name in ('uuid', 'type', 'title', 'subtitle', 'progress', 'cancellable'):
        assert activity.get(name) is not None, name
    assert activity.get('type') == 'library.refresh.items'
    assert activity.find('Context').get('librarySectionID') == '1'
    gate.set()
    assert sim.wait_idle(60)
    assert processed == [5] and xml(sim, '/activities').get('size') == '0'


def test_section_refresh_sets_refreshing_and_covers_every_item(make_sim):
    sim = make_sim()
    gate, entered, processed = gated(sim)
    assert call(sim.base_url, '/library/sections/1/refresh?force=1', token=sim.token)[0] == 200
    entered.wait(60)
    assert xml(sim, '/library/sections').find('Directory').get('refreshing') == '1'
    gate.set()
    assert sim.wait_idle(60)
    assert sorted(processed) == list(range(1, 13))
    assert xml(sim, '/library/sections').find('Directory').get('refreshing') == '0'


def test_scan_without_force_only_touches_unmatched_items(make_sim):
    sim = make_sim()
    gate, _entered, processed = gated(sim)
    gate.set()
    sim.items[1].guid = u'%s://1?lang=en' % pms_sim.SAMPLE_AGENT_ID
    call(sim.base_url, '/library/sections/1/refresh', token=sim.token)
    assert sim.wait_idle(60)
    assert sorted(processed) == list(range(2, 13))


def test_make_sim_entry_point_prints_one_line_and_stops_on_sigterm(tmpdir):
    app_support = os.path.join(str(tmpdir), 'Plex Media Server')
    proc = subprocess.Popen([sys.executable, os.path.join(HARNESS, 'pms_sim.py'), '--size', '10',
                             '--app-support', app_support], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = proc.stdout.readline().decode('utf-8')
        fields = line.split()
        assert len(fields) == 3 and fields[0] == 'PMS' and fields[1].startswith('http://127.0.0.1:')
        token = fields[2].split('=', 1)[1]
        status, _h, body = call(fields[1], '/library/sections', token=token)
        assert status == 200 and b'<Directory' in body
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert out.strip() == b''  # exactly one line was printed
