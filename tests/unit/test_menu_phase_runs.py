# -*- coding: utf-8 -*-
"""The menu's jobs: an aggregation that read nothing fails, one that could not read everything
says what it could not read (both reach Status), and Stop ends a long read."""
from __future__ import absolute_import, division, print_function

import os
import shutil

import pytest

from pleximprovement import runtime
from pleximprovement.jobs import StopRequested
from pleximprovement.menu import app as app_module
from pleximprovement.menu import phase_runs
from pleximprovement.read.reader import CHUNK

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = os.path.join(HERE, '..', '..', 'PlexImprovement.bundle')
SERVER = os.path.join(HERE, '..', 'fixtures', 'logs', 'server')


class Job(object):
    def __init__(self):
        self.reports = []

    def check_stop(self):
        pass

    def progress(self, done, total, unit='', text=''):
        self.reports.append((done, total, unit))


def make_app(tmpdir, logs):
    rt = runtime.local_runtime(str(tmpdir.join('support')), prefs={'logs_path': logs, 'log_window_hours': '0'},
                               bundle_path=BUNDLE)
    return app_module.App(rt)


def test_an_empty_logs_folder_fails_the_aggregation(tmpdir):
    logs = tmpdir.mkdir('logs')
    application = make_app(tmpdir, str(logs))
    with pytest.raises(phase_runs.NoLogFiles) as raised:
        application.aggregate_work(Job())
    assert str(raised.value) == 'No log files found in %s' % logs
    assert application.rt.store.list('aggregated_logs') == []      # no empty all-clear report
    assert application.state.read()['history'].get('aggregate') in (None, [])


def test_what_could_not_be_read_is_kept_for_status(tmpdir, monkeypatch):
    logs = tmpdir.mkdir('logs')
    logs.mkdir('PMS Plugin Logs')
    shutil.copy(os.path.join(SERVER, 'Plex Media Server.log'), str(logs))
    real_listdir = os.listdir

    def listdir(path):
        if os.path.basename(path) == 'PMS Plugin Logs':
            raise OSError(13, 'Permission denied', path)
        return real_listdir(path)
    monkeypatch.setattr(os, 'listdir', listdir)
    application = make_app(tmpdir, str(logs))
    result = application.aggregate_work(Job())
    assert result['unread'] == 1
    entry = application.state.read()['history']['aggregate'][-1]
    expected = 'unreadable_folder: %s (Permission denied)' % os.path.join(str(logs), 'PMS Plugin Logs')
    assert entry['unread'] == [expected] and entry['unread_total'] == 1
    titles = [e['title'] for e in application.status()['entries']]
    assert 'Could not be read, so not counted: ' + expected in titles


class StoppingJob(Job):
    """A job whose Stop was pressed once the read has begun: check_stop raises from its 3rd call."""

    def __init__(self):
        Job.__init__(self)
        self.checks = 0

    def check_stop(self):
        self.checks += 1
        if self.checks >= 3:
            raise StopRequested()


def test_stop_ends_a_long_read_between_chunks_of_one_file(tmpdir):
    logs = tmpdir.mkdir('logs')
    line = b'2024-05-02 21:00:00,000 (7f01) :  INFO (__init__:52) - Found 1 results for Heat\n'
    logs.join('com.example.agents.big.log').write(line * (4 * CHUNK // len(line)), mode='wb')
    application = make_app(tmpdir, str(logs))
    job = StoppingJob()
    with pytest.raises(StopRequested):
        application.aggregate_work(job)
    done, total, unit = job.reports[-1]
    assert unit == 'bytes' and 0 < done < total      # stopped inside the file, not after it
