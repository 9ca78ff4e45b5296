# -*- coding: utf-8 -*-
"""SimServer as a whole: one seed gives one library, stop() leaves no thread or port behind,
summarize()'s figures for the agent as it ships, and the `make sim` command line."""
from __future__ import absolute_import, division, print_function

import errno
import os
import signal
import socket
import subprocess
import sys
import threading

from harness.pmssim import fakesite
from harness.pmssim.server import SimServer, summarize

from .conftest import call, get_xml


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
    sim = SimServer(app_support, seed=3, library_size=12, start_agents=False)
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


def test_stop_after_agent_runs_leaves_no_thread(app_support, quiet_config):
    before = set(threading.enumerate())
    sim = SimServer(app_support, seed=3, library_size=20, site_config=quiet_config, pace=0)
    sim.start()
    call(sim.base_url, '/library/sections/1/refresh?force=1', token=sim.token)
    assert sim.wait_idle(120)
    assert any(o['updated'] for o in sim.outcomes)
    sim.stop()
    assert [t for t in threading.enumerate() if t not in before and t.is_alive()] == []


def test_shipped_agent_has_a_low_success_rate_for_logged_reasons(make_sim):
    config = fakesite.SiteConfig(seed=1, slow_rate=0.0, rate_limit=0)  # no timing in the test
    sim = make_sim(seed=1, library_size=60, site_config=config, start_agents=True)
    call(sim.base_url, '/library/sections/1/refresh?force=1', token=sim.token)
    assert sim.wait_idle(300)
    summary = summarize(sim)
    assert summary['searches'] == 60
    assert summary['success_rate'] < 0.25
    reasons = summary['reasons']
    assert reasons.get('HTTP 403 in search', 0) > 0 and reasons.get('no search results', 0) > 0
    assert summary['log']['search_lines'] == 60


def test_make_sim_entry_point_prints_its_folders_and_stops_on_sigterm(tmpdir, harness_environ):
    app_support = os.path.join(str(tmpdir), 'Plex Media Server')
    proc = subprocess.Popen([sys.executable, '-m', 'harness.pmssim', '--size', '10', '--app-support', app_support],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=harness_environ)
    try:
        line = proc.stdout.readline().decode('utf-8')
        fields = line.split()
        assert len(fields) == 3 and fields[0] == 'PMS' and fields[1].startswith('http://127.0.0.1:')
        token = fields[2].split('=', 1)[1]
        plugins = proc.stdout.readline().decode('utf-8').rstrip('\n')
        logs = proc.stdout.readline().decode('utf-8').rstrip('\n')
        assert plugins == 'Plug-ins: ' + os.path.join(app_support, 'Plug-ins')
        assert logs == 'Logs: ' + os.path.join(app_support, 'Logs')
        status, _h, body = call(fields[1], '/library/sections', token=token)
        assert status == 200 and b'<Directory' in body
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert out.strip() == b''  # the PMS, Plug-ins and Logs lines, nothing else
