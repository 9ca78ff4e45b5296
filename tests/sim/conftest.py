# -*- coding: utf-8 -*-
"""Fixtures for the simulated server: each test gets its own app-support tree and sim,
stopped by a finalizer so no server or thread outlives the test; plus the small clients
and log checks several test modules share."""
from __future__ import absolute_import, division, print_function

import io
import os
import re
import shutil
from xml.etree import ElementTree

import pytest

from pleximprovement.runtime.paths import ServerLayout

from harness.pmssim import fakesite
from harness.pmssim.assumptions import Assumptions
from harness.pmssim.plugins import SAMPLE_AGENT_BUNDLE, SAMPLE_AGENT_ID
from harness.pmssim.server import SimServer

try:  # pragma: no cover - 2.7 only
    import urllib2 as request_module
except ImportError:
    import urllib.request as request_module

# plex-runtime.md 6.2 / log-formats.md 2.1
PLUGIN_LINE = re.compile(r'^(?P<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \((?P<thread>-?[0-9a-f]+)\) : {1,2}'
                         r'(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) \((?P<module>[\w.]+):(?P<line>\d+)\) - '
                         r'(?P<msg>.*)$')
FRAME_LINE = re.compile(r'^\s+(File "[^"]+", line \d+, in \S+|\S.*)$')
EXCEPTION_LINE = re.compile(r'^[A-Za-z_][\w.]*(: .*)?$')


@pytest.fixture
def app_support(tmpdir):
    return os.path.join(str(tmpdir), 'Plex Media Server')


@pytest.fixture
def make_sim(app_support):
    """Factory: make_sim(**kwargs) -> started SimServer; stopped at teardown."""
    started = []

    def factory(**kwargs):
        kwargs.setdefault('seed', 3)
        kwargs.setdefault('library_size', 12)
        kwargs.setdefault('start_agents', False)
        kwargs.setdefault('pace', 0)
        # The stricter defaults, with "late" Activities kept short so the suite stays quick.
        kwargs.setdefault('assumptions', Assumptions(activity_delay=0.1))
        path = kwargs.pop('app_support', app_support)
        sim = SimServer(path, **kwargs)
        started.append(sim)
        sim.start()
        return sim

    yield factory
    for sim in started:
        sim.stop()


@pytest.fixture
def quiet_config():
    return fakesite.SiteConfig.quiet(seed=3)


def call(base_url, path, token=None, method='GET', headers=None):
    """(status, headers dict, body bytes) for one request; HTTP errors are returned, not raised."""
    all_headers = dict(headers or {})
    if token is not None:
        all_headers['X-Plex-Token'] = token
    req = request_module.Request(base_url + path, headers=all_headers)
    req.get_method = lambda: method
    try:
        handle = request_module.urlopen(req, timeout=30)
    except request_module.HTTPError as exc:
        body = exc.read()
        return exc.code, dict((k.lower(), v) for k, v in exc.headers.items()), body
    try:
        return handle.getcode(), dict((k.lower(), v) for k, v in handle.headers.items()), handle.read()
    finally:
        handle.close()


def get_xml(sim, path):
    """The parsed XML answer of a 200 with PMS's content type and declaration."""
    status, headers, body = call(sim.base_url, path, token=sim.token)
    assert status == 200, (path, status, body[:200])
    assert headers['content-type'].startswith('text/xml')
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(body)


def read_text(path):
    with io.open(path, 'rb') as handle:
        return handle.read().decode('utf-8', 'replace')


def plugin_log(sim):
    return read_text(sim.layout.plugin_log(SAMPLE_AGENT_ID))


def system_log(sim):
    """The System bundle's log (com.plexapp.system.log), where agentservice.py writes."""
    return read_text(sim.layout.plugin_log('com.plexapp.system'))


def assert_plugin_log_format(text):
    """Every line is a record line or part of a traceback under one."""
    in_traceback = False
    for line in text.splitlines():
        if PLUGIN_LINE.match(line):
            in_traceback = line.endswith('(most recent call last):')
            continue
        assert in_traceback and (FRAME_LINE.match(line) or EXCEPTION_LINE.match(line) or not line), line


def pick(sim, predicate):
    """The first item that fits; a test whose seed has none fails (it would test nothing)."""
    for item in sorted(sim.items.values(), key=lambda i: i.rating_key):
        if predicate(item):
            return item
    raise AssertionError('no library item fits this test with this seed')


def refresh(sim, item):
    """Refresh one item through the API, wait for the queue, return its <Video> afterwards."""
    status, _h, _b = call(sim.base_url, '/library/metadata/%d/refresh' % item.rating_key, token=sim.token,
                          method='PUT')
    assert status == 200
    assert sim.wait_idle(120)
    root = ElementTree.fromstring(call(sim.base_url, item.key, token=sim.token)[2])
    return root.find('Video')


def findable(sim):
    """An item the naive agent can find, on a standard detail page."""
    return pick(sim, lambda i: i.entry.naive_query_matches and sim.site.layout_of(i.entry.site.site_id) == 'standard')


def copy_agent(app_support):
    """The sample agent installed in Plug-ins before the sim starts (the sim then keeps it)."""
    target = ServerLayout(app_support).bundle_dir('SampleAgent.bundle')
    shutil.copytree(SAMPLE_AGENT_BUNDLE, target)
    return target


def patch_agent(bundle, old, new):
    path = os.path.join(bundle, 'Contents', 'Code', '__init__.py')
    source = read_text(path)
    assert old in source
    with io.open(path, 'wb') as handle:
        handle.write(source.replace(old, new).encode('utf-8'))


def touch_plist(bundle):
    """What System's restart does; the mtime is moved forward so coarse clocks still see a change."""
    plist = os.path.join(bundle, 'Contents', 'Info.plist')
    stamp = os.stat(plist).st_mtime + 10
    os.utime(plist, (stamp, stamp))


def update_overlap(text):
    """(peak number of UpdateMetadata requests open at once, threads that served one)."""
    open_threads = set()
    threads = set()
    peak = 0
    for line in text.splitlines():
        match = PLUGIN_LINE.match(line)
        if not match:
            continue
        thread, msg = match.group('thread'), match.group('msg')
        if msg.startswith('Handling request GET ') and '/messaging/function/X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/' in msg:
            open_threads.add(thread)
            threads.add(thread)
            peak = max(peak, len(open_threads))
        elif msg.startswith('Response: [') and thread in open_threads:
            open_threads.discard(thread)
    return peak, threads


def interleaved(text):
    """True when a line of another thread falls inside one thread's request."""
    current = {}
    for line in text.splitlines():
        match = PLUGIN_LINE.match(line)
        if not match:
            continue
        thread, msg = match.group('thread'), match.group('msg')
        if any(t != thread for t in current):
            return True
        if msg.startswith('Handling request GET '):
            current[thread] = True
        elif msg.startswith('Response: ['):
            current.pop(thread, None)
    return False
