# -*- coding: utf-8 -*-
"""The server's own logs roll like Plex's: Plex Media Server.log to .1.log at every start and
by size during a run (threshold: assumption A7), com.plexapp.system.log like every plug-in log
(RotatingFileHandler, 1 MiB x 5, plex-runtime.md 6.3) -- so long runs leave rolled files."""
from __future__ import absolute_import, division, print_function

import os

from pleximprovement.runtime.paths import ServerLayout

from harness.pmssim import logs
from harness.pmssim.assumptions import Assumptions

from .conftest import assert_plugin_log_format, call, read_text

MIB = 1048576


def test_server_log_rolls_at_start(make_sim, app_support):
    first = make_sim()
    first.stop()
    make_sim(app_support=app_support)
    assert os.path.exists(os.path.join(ServerLayout(app_support).logs_dir, 'Plex Media Server.1.log'))


def server_log_files(logs_dir):
    names = ['Plex Media Server.log'] + ['Plex Media Server.%d.log' % n for n in range(1, 6)]
    return [os.path.join(logs_dir, name) for name in names if os.path.exists(os.path.join(logs_dir, name))]


def test_server_log_rolls_by_size_during_a_run(make_sim):
    sim = make_sim(assumptions=Assumptions(main_log_max_bytes=8192))
    for _number in range(40):
        assert call(sim.base_url, '/library/sections', token=sim.token)[0] == 200
    files = server_log_files(sim.layout.logs_dir)
    assert len(files) >= 2  # rolled while running, not only at start
    for path in files:
        assert os.path.getsize(path) <= 8192
    text = u''.join(read_text(path) for path in files)
    assert text.count(u'GET /library/sections') == 80  # Request + Completed per call, none lost


def test_system_log_rolls_at_one_mebibyte(tmpdir):
    log = logs.SystemLog(str(tmpdir))
    message = u'Preparing metadata for Movie in com.plexapp.agents.sampleagent (%s)' % (u'x' * 150)
    for _number in range(6500):  # about 1.4 MiB of lines
        log.log('INFO', 'agentservice', 408, message)
    path = os.path.join(str(tmpdir), 'com.plexapp.system.log')
    assert os.path.exists(path + '.1') and not os.path.exists(path + '.2')
    assert os.path.getsize(path) <= MIB and os.path.getsize(path + '.1') <= MIB
    text = read_text(path + '.1') + read_text(path)
    assert_plugin_log_format(text)
    assert text.count(u'Preparing metadata for Movie') == 6500
