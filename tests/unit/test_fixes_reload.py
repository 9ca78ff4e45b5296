# -*- coding: utf-8 -*-
"""fixes/reload.py: Info.plist touched, and a fresh start read from the agent's log."""
from __future__ import absolute_import, division, print_function

import io
import os
import time

from fix_trees import code_only_agent, make_server, write_plist
from pleximprovement.fixes.fileops import FileOps
from pleximprovement.fixes.reload import LogStartConfirmer, fresh_start, line_time, restart
from pleximprovement.fixes.target import find_target


def stamp(seconds):
    return time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(seconds)).encode('ascii') + b',123'


def log(seconds, *messages):
    return b''.join(stamp(seconds) + b' (7f3a) :  INFO (core:349) - ' + m + b'\n' for m in messages)


def test_line_time_reads_the_local_stamp():
    now = int(time.time())
    assert line_time(stamp(now) + b' (1) :  INFO') == now
    assert line_time(b'  File "x", line 3') is None


def test_fresh_start():
    since = time.time()
    assert fresh_start(log(since + 2, b'Starting framework core - Version: 2.6.3', b'Started plug-in'), since) is True
    assert fresh_start(log(since + 2, b'Starting framework core', b'Exception while loading code'), since) is False
    assert fresh_start(log(since - 60, b'Starting framework core', b'Started plug-in'), since) is None
    assert fresh_start(log(since + 1, b'Starting framework core'), since) is None
    assert fresh_start(b'', since) is None


def test_restart_touches_info_plist(tmpdir):
    server = make_server(tmpdir)
    code_only_agent(server)
    target = find_target(server.plugins, 'Hama', None)
    os.utime(target.info_plist, (1000, 1000))
    ops = FileOps()
    assert restart(target, ops) is None and ops.count == 1
    assert os.stat(target.info_plist).st_mtime > 1000
    assert restart(target, ops, lambda t, since: t is target and since > 1000) is True


def test_the_log_confirmer(tmpdir):
    server = make_server(tmpdir)
    code_only_agent(server)
    target = find_target(server.plugins, 'Hama', None)
    logs = str(tmpdir.mkdir('PMS Plugin Logs'))
    clock = [1000000.0]
    written = []

    def sleep(seconds):
        clock[0] += seconds
        if not written:
            with io.open(os.path.join(logs, 'com.plexapp.agents.hama.log'), 'wb') as handle:
                handle.write(log(clock[0], b'Starting framework core', b'Started plug-in'))
            written.append(1)
    confirm = LogStartConfirmer(logs, deadline_seconds=10, poll_seconds=2, clock=lambda: clock[0], sleep=sleep)
    assert confirm(target, clock[0]) is True
    assert confirm(target, clock[0] + 5) is False       # the only start is older: waits out the deadline
    quiet = u'\t<key>PlexPluginLogLevel</key>\n\t<string>Warning</string>\n'
    write_plist(target.contents_dir, target.identifier, quiet)
    assert confirm(target, clock[0]) is None
