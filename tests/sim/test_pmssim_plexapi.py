# -*- coding: utf-8 -*-
"""A real client against `make sim`: python-plexapi 4.x talks to ``python -m harness.pmssim``
started as a child process, the way a user (or PlexImprovement's own code) would.

python-plexapi 4 runs on Python 3 only; requirements-dev.txt installs it only there, and these
tests are skipped on 2.7 alone (never on 3: a missing plexapi there fails the import)."""
from __future__ import absolute_import, division, print_function

import errno
import io
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from harness.pmssim.plugins import SAMPLE_AGENT_ID

if sys.version_info[0] >= 3:
    from plexapi.exceptions import Unauthorized
    from plexapi.library import MovieSection
    from plexapi.server import PlexServer
    from plexapi.video import Movie

pytestmark = pytest.mark.skipif(sys.version_info[0] < 3,
                                reason='python-plexapi 4.x runs on Python 3 only (not installed in the 2.7 venv)')

SIZE = 10


class SimProcess(object):
    """`python -m harness.pmssim` in a child process; the first stdout line gives URL and token."""

    def __init__(self, app_support, environ, extra=()):
        self.app_support = app_support
        self.proc = subprocess.Popen(
            [sys.executable, '-m', 'harness.pmssim', '--size', str(SIZE), '--app-support', app_support]
            + list(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ)
        fields = self.proc.stdout.readline().decode('utf-8').split()
        assert len(fields) == 3 and fields[0] == 'PMS', fields
        self.base_url = fields[1]
        self.token = fields[2].split('=', 1)[1]
        self.port = int(self.base_url.rsplit(':', 1)[1])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate()
        return self.proc.returncode, out, err

    def log_text(self, *parts):
        path = os.path.join(self.app_support, 'Logs', *parts)
        if not os.path.exists(path):
            return u''
        with io.open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'replace')


@pytest.fixture
def sim_process(tmpdir, harness_environ):
    started = []

    def factory(*extra):
        process = SimProcess(os.path.join(str(tmpdir), 'Plex Media Server'), harness_environ, extra)
        started.append(process)
        return process

    yield factory
    for process in started:
        process.stop()


def wait_until(predicate, timeout=60.0, step=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def test_server_root_and_identity(sim_process):
    sim = sim_process()
    plex = PlexServer(sim.base_url, sim.token)
    assert plex.machineIdentifier and plex.version and plex.friendlyName
    identity = plex.identity()
    assert identity.machineIdentifier == plex.machineIdentifier and identity.version == plex.version


def test_library_and_its_sections_with_their_agent(sim_process):
    sim = sim_process()
    plex = PlexServer(sim.base_url, sim.token)
    library = plex.library
    assert library.identifier == 'com.plexapp.plugins.library' and library.title1 == 'Plex Library'
    sections = library.sections()
    assert len(sections) == 1 and isinstance(sections[0], MovieSection)
    section = sections[0]
    assert section.agent == SAMPLE_AGENT_ID and section.type == 'movie' and section.refreshing is False
    assert section.locations == ['/data/movies'] and section.scanner
    assert library.sectionByID(section.key).title == section.title


def test_all_items_and_one_item(sim_process):
    sim = sim_process()
    plex = PlexServer(sim.base_url, sim.token)
    section = plex.library.sections()[0]
    movies = section.all()
    assert len(movies) == SIZE and all(isinstance(m, Movie) for m in movies)
    assert section.totalViewSize() == SIZE
    assert [m.ratingKey for m in section.all(container_size=3)] == [m.ratingKey for m in movies]
    first = movies[0]
    assert first.guid == 'local://%d' % first.ratingKey and first.librarySectionID == section.key
    item = plex.fetchItem(first.ratingKey)
    assert item.title == first.title and item.media[0].parts[0].file.startswith('/data/movies/')
    assert plex.fetchItem(item.key).ratingKey == item.ratingKey


def test_item_refresh_runs_the_agent(sim_process):
    sim = sim_process()
    plex = PlexServer(sim.base_url, sim.token)
    item = plex.library.sections()[0].all()[2]
    item.refresh()
    marker = "'id': '%d'" % item.ratingKey
    # Completion is read from System's log, not from /activities (it may never show an item refresh).
    assert wait_until(lambda: marker in sim.log_text('PMS Plugin Logs', 'com.plexapp.system.log'))
    assert u'PUT /library/metadata/%d/refresh' % item.ratingKey in sim.log_text('Plex Media Server.log')
    assert isinstance(plex.activities, list)


def test_section_refresh_is_an_activity(sim_process):
    sim = sim_process()
    plex = PlexServer(sim.base_url, sim.token)
    section = plex.library.sections()[0]
    section.refresh()
    seen = wait_until(lambda: [a for a in plex.activities if a.type == 'library.refresh.items'], timeout=30)
    assert seen and seen[0].uuid and seen[0].title and 0 <= seen[0].progress <= 100
    assert wait_until(lambda: not plex.activities, timeout=120)
    assert plex.library.sections()[0].refreshing is False


def test_wrong_token_is_unauthorized(sim_process):
    sim = sim_process()
    with pytest.raises(Unauthorized):
        PlexServer(sim.base_url, 'not-the-token')


def test_sigterm_stops_the_server(sim_process):
    sim = sim_process()
    PlexServer(sim.base_url, sim.token).library.sections()
    returncode, out, err = sim.stop()
    assert returncode == 0, err
    assert out.strip() == b''
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        assert probe.connect_ex(('127.0.0.1', sim.port)) in (errno.ECONNREFUSED, errno.ECONNRESET)
    finally:
        probe.close()
