# -*- coding: utf-8 -*-
"""Fixtures for the simulated server: each test gets its own app-support tree and sim,
stopped by a finalizer so no server or thread outlives the test."""
from __future__ import absolute_import, division, print_function

import os
import threading

import pytest

from harness import fakesite, pms_sim


def agent_hosting_available():
    """True once the emulator can host agents (its agent kit is a separate module)."""
    try:
        from harness.plexemu import agentkit, httpkit, parsekit  # noqa: F401
    except ImportError:
        return False
    return True


needs_agents = pytest.mark.skipif(not agent_hosting_available(),
                                  reason='plexemu cannot host agents yet (agentkit/httpkit/parsekit missing)')


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
        path = kwargs.pop('app_support', app_support)
        sim = pms_sim.SimServer(path, **kwargs)
        started.append(sim)
        sim.start()
        return sim

    yield factory
    for sim in started:
        sim.stop()


@pytest.fixture
def quiet_config():
    return fakesite.SiteConfig.quiet(seed=3)


def thread_names():
    return sorted(t.name for t in threading.enumerate())


def call(base_url, path, token=None, method='GET', headers=None):
    """(status, headers dict, body bytes) for one request; HTTP errors are returned, not raised."""
    try:  # pragma: no cover - 2.7 only
        import urllib2 as request_module
    except ImportError:
        import urllib.request as request_module
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
