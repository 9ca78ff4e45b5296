# -*- coding: utf-8 -*-
"""The Status page: the running job, the last runs, the collector, nothing hidden."""
from __future__ import absolute_import, division, print_function

import os

from pleximprovement import runtime
from pleximprovement.menu import app as app_module
from pleximprovement.menu import status
from pleximprovement.menu.strings import Text
from pleximprovement.state import empty_state

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')


def make_app(tmpdir, **prefs):
    rt = runtime.local_runtime(str(tmpdir), prefs=prefs, bundle_path=BUNDLE)
    return app_module.App(rt)


class IdleJobs(object):
    def running(self):
        return None

    def progress_of(self, name):
        return None


class Settings(object):
    collector_interval_minutes = 5


def test_status_when_idle_and_stop_with_nothing_running(tmpdir):
    application = make_app(tmpdir)
    titles = [e['title'] for e in application.status()['entries']]
    assert titles[0] == 'Nothing is running'
    assert 'No log aggregation yet: choose Aggregate logs' in titles
    assert application.stop()['message'] == 'Nothing is running.'


def test_collector_off_when_interval_is_zero(tmpdir):
    application = make_app(tmpdir, collector_interval_minutes='0')
    assert application.collector.schedule() is None
    assert 'Background log collection is off (Preferences)' in [e['title'] for e in application.status()['entries']]


def test_last_runs_link_to_their_reports():
    state = empty_state(0)
    state['jobs']['aggregate'] = {'status': 'failed', 'finished': None, 'error': 'IOError: gone'}
    state['history']['aggregate'].append({'iteration': 4, 'time': None, 'report': 'aggregated_logs_iteration_4.txt',
                                          'totals': {'total_search_ops': 8, 'titles_found': 2, 'success_rate': 0.25}})
    state['history']['diagnose'].append({'iteration': 1, 'time': None, 'findings': 3, 'fixes': 2, 'report': None})
    entries = status.status_page(Text('en'), IdleJobs(), state, Settings(), [])['entries']
    last_job = [e for e in entries if e['summary'] == 'IOError: gone']
    assert len(last_job) == 1 and last_job[0]['path'] == '/status'
    assert last_job[0]['title'] == 'Log aggregation: failed at -: IOError: gone'
    paths = [e['path'] for e in entries]
    assert '/reports/view?name=aggregated_logs_iteration_4.txt' in paths and '/reports' in paths
    assert entries[-1]['path'] == ''


def test_numbers_as_the_page_shows_them():
    assert status.format_time(0) == '-'
    assert status.format_bytes(3 * 1048576) == '3.0 MB'
    assert status.percent_done(1, 4) == 25.0 and status.percent_done(1, 0) == 0.0


def test_what_an_aggregation_could_not_read_is_shown():
    state = empty_state(0)
    unread = ['unreadable_folder: /Logs/PMS Plugin Logs (Permission denied)', 'unreadable_file']
    state['history']['aggregate'].append({'iteration': 2, 'time': None, 'report': None, 'totals': {},
                                          'unread': unread, 'unread_total': 14})
    titles = [e['title'] for e in status.status_page(Text('en'), IdleJobs(), state, Settings(), [])['entries']]
    assert 'Could not be read, so not counted: unreadable_folder: /Logs/PMS Plugin Logs (Permission denied)' in titles
    assert 'Could not be read, so not counted: unreadable_file' in titles
    assert '... and 12 more folders or files that could not be read' in titles


def test_a_rate_is_shown_only_where_there_were_searches():
    text = Text('en')
    assert status.rate_text(text, 0.25) == '25.0%'
    assert status.rate_text(text, 0.0625) == '6.3%'      # a tie rounds up on 2.7 and 3 alike
    assert status.rate_text(text, None) == 'no searches'
    state = empty_state(0)
    state['history']['aggregate'].append({'iteration': 1, 'time': None, 'report': None,
                                          'totals': {'total_search_ops': 0, 'success_rate': None}})
    titles = [e['title'] for e in status.status_page(text, IdleJobs(), state, Settings(), [])['entries']]
    assert any('(no searches)' in t for t in titles) and not any('0.0%' in t for t in titles)
