# -*- coding: utf-8 -*-
"""--logs/--hours/--agent as every reading command takes them: no hang, no false all-clear.

A FIFO, a device or a link to /dev/zero named *.log is left out and named, an unreadable
folder is named with exit status 3, an empty folder says "no log files found", a single log
file is read, an agent the logs do not mention is refused with the agents they do mention,
and every bad --hours is one line with exit status 2.
"""
from __future__ import absolute_import, division, print_function

import io
import os
import shutil
import subprocess
import sys
import time

import pytest

from pleximprovement.cli import aggregate as cli_aggregate
from pleximprovement.cli import diagnose as cli_diagnose
from pleximprovement.cli import read_logs

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, '..', '..', 'PlexImprovement.bundle', 'Contents', 'Libraries', 'Shared')
SERVER = os.path.join(HERE, '..', 'fixtures', 'logs', 'server')
PLUGIN_LOGS = os.path.join(SERVER, 'PMS Plugin Logs')


def run(command, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = command.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def run_child(args, timeout=60):
    """The command in a child Python, killed if it has not finished after `timeout` seconds."""
    env = dict(os.environ, PYTHONPATH=SHARED)
    proc = subprocess.Popen([sys.executable, '-m', 'pleximprovement'] + list(args), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + timeout
    while proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
        proc.communicate()
        pytest.fail('%s did not finish within %ds' % (' '.join(args), timeout))
    out, err = proc.communicate()
    return proc.returncode, out.decode('utf-8'), err.decode('utf-8')


@pytest.mark.skipif(not hasattr(os, 'mkfifo'), reason='no FIFOs on this platform')
def test_fifo_device_and_link_to_dev_zero_are_named_not_read(tmpdir):
    folder = str(tmpdir)
    shutil.copy(os.path.join(PLUGIN_LOGS, 'com.plexapp.agents.hama.log'), folder)
    os.mkfifo(os.path.join(folder, 'com.example.agents.pipe.log'))
    os.symlink('/dev/zero', os.path.join(folder, 'com.example.agents.zero.log'))
    pipe = os.path.join(folder, 'com.example.agents.pipe.log')
    zero = os.path.join(folder, 'com.example.agents.zero.log')
    named = ['left out: not_a_regular_file: %s (a FIFO)' % pipe,
             'left out: not_a_regular_file: %s (a character device)' % zero]
    for command in ('aggregate', 'diagnose'):
        for extra in ([], ['--json']):
            code, out, err = run_child([command, '--logs', folder] + extra)
            assert code == 0, err
            assert err.splitlines() == ['%s: %s' % (command, line) for line in named]
            assert out.startswith('Total Search Operations: 1\n' if command == 'aggregate' and not extra else
                                  '# Diagnostic report' if not extra else '{')
    code, out, _ = run_child(['aggregate', '--logs', folder, '--json'])
    assert '"not_a_regular_file: %s (a FIFO)": 1' % pipe in out


def test_an_unreadable_folder_is_named_and_is_exit_3(tmpdir, monkeypatch):
    logs = tmpdir.mkdir('Logs')
    plugin_logs = logs.mkdir('PMS Plugin Logs')
    shutil.copy(os.path.join(SERVER, 'Plex Media Server.log'), str(logs))
    real_listdir = os.listdir

    def listdir(path):
        if os.path.basename(path) == 'PMS Plugin Logs':
            raise OSError(13, 'Permission denied', path)
        return real_listdir(path)
    monkeypatch.setattr(os, 'listdir', listdir)
    code, out, err = run(cli_aggregate, '--logs', str(logs))
    assert code == read_logs.NOT_READ
    assert err == u'aggregate: could not read: unreadable_folder: %s (Permission denied)\n' % plugin_logs
    assert out.startswith(u'Total Search Operations: ')      # what could be read is still shown
    code, out, err = run(cli_diagnose, '--logs', str(logs))
    assert code == read_logs.NOT_READ and u'could not read: unreadable_folder' in err
    # Nothing readable at all: no report, never "No failures found".
    os.remove(str(logs.join('Plex Media Server.log')))
    code, out, err = run(cli_diagnose, '--logs', str(logs))
    assert code == read_logs.NOT_READ and out == u''
    assert err.splitlines() == [u'diagnose: could not read: unreadable_folder: %s (Permission denied)' % plugin_logs,
                                u'diagnose: no log files found in %s' % logs]


def test_an_empty_folder_says_no_log_files_found(tmpdir):
    for command in (cli_aggregate, cli_diagnose):
        code, out, err = run(command, '--logs', str(tmpdir))
        assert code == read_logs.NOT_READ and out == u''
        assert err.endswith(u': no log files found in %s\n' % tmpdir) and len(err.splitlines()) == 1


def test_one_log_file_is_analysed():
    path = os.path.join(PLUGIN_LOGS, 'com.plexapp.agents.hama.log')
    code, out, err = run(cli_aggregate, '--logs', path, '--json')
    assert code == 0 and err == u''
    assert u'"com.plexapp.agents.hama"' in out and u'"com.plexapp.agents.example"' not in out
    code, out, err = run(cli_diagnose, '--logs', path)
    assert code == 0 and out.startswith(u'# Diagnostic report')


def test_an_agent_the_logs_do_not_mention_names_the_agents_seen():
    for command in (cli_aggregate, cli_diagnose):
        code, out, err = run(command, '--logs', SERVER, '--agent', 'nope')
        assert code == read_logs.NOT_READ and out == u''
        assert err.startswith(u'%s: no line of agent nope in %s; agents seen: ' % (command.NAME, SERVER))
        assert u'com.plexapp.agents.example' in err and u'com.plexapp.agents.hama' in err
        assert len(err.splitlines()) == 1


@pytest.mark.parametrize('hours', ['inf', 'nan', '1e400', '-5', '-0.1', '8761', 'x', ''])
def test_every_bad_hours_is_refused_with_one_line(hours):
    for command in (cli_aggregate, cli_diagnose):
        code, out, err = run(command, '--logs', SERVER, '--hours', hours)
        assert code == read_logs.USAGE_ERROR and out == u''
        assert err == u'%s: argument --hours: "%s" is not a number of hours from 0 to 8760 (0: every line) ' \
                      u'(see --help)\n' % (command.NAME, hours)


def test_good_hours_and_bad_arguments():
    assert read_logs.hours('0') == 0.0 and read_logs.hours(' 1.5 ') == 1.5 and read_logs.hours('8760') == 8760
    code, out, err = run(cli_aggregate)
    assert code == read_logs.USAGE_ERROR and out == u'' and len(err.splitlines()) == 1 and u'--logs' in err
    code, out, err = run(cli_aggregate, '--logs', '/no/such/folder')
    assert code == read_logs.USAGE_ERROR and err == u'aggregate: logs folder not found: /no/such/folder\n'
