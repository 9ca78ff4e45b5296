# -*- coding: utf-8 -*-
"""The /selfcheck route of PlexImprovement.bundle in the emulator: a container with objects (Kitana
drops a reply without any), each check an entry, Back last; with no server it says so and Status
gets one line pointing at the page."""
from __future__ import absolute_import, division, print_function

import socket

from pleximprovement.names import IDENTIFIER, PREFIX


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_the_selfcheck_route_answers_a_container_with_objects(emulator):
    url = 'http://127.0.0.1:%d' % closed_port()
    assert emulator.request('/:/plugins/%s/prefs/set' % IDENTIFIER, query={'server_url': url}).status == 200
    response = emulator.request(PREFIX + '/selfcheck')
    assert response.status == 200, response.body[:500]
    root = response.xml()
    assert root.tag == 'MediaContainer' and root.get('title2') == 'Self-check'
    entries = root.findall('Directory')
    titles = [d.get('title') for d in entries]
    assert len(entries) >= 5 and titles[-1] == 'Back to the main menu' and entries[-1].get('key') == PREFIX
    assert all(d.get('key') == PREFIX + '/selfcheck' for d in entries[:-1])
    assert any(t.startswith('PROBLEM: The server does not answer: ') for t in titles), titles
    assert any(t.startswith("PROBLEM: No PlexImprovement bundle in the server's Plug-ins folder ") for t in titles)
    status = [d.get('title') for d in emulator.request(PREFIX + '/status').xml().findall('Directory')]
    assert status[1].startswith('Set-up: ') and 'problem(s)' in status[1]
