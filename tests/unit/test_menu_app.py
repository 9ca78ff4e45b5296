# -*- coding: utf-8 -*-
"""The menu as the App answers it: every entry present, actions start jobs, Preferences reload."""
from __future__ import absolute_import, division, print_function

import os
import threading

from pleximprovement import runtime
from pleximprovement.menu import app as app_module
from pleximprovement.menu import views

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')


def make_app(tmpdir, **prefs):
    rt = runtime.local_runtime(str(tmpdir), prefs=prefs, bundle_path=BUNDLE)
    return app_module.App(rt)


def test_main_menu_lists_every_item_in_order(tmpdir):
    menu = make_app(tmpdir).main_menu()
    titles = [e['title'] for e in menu['entries']]
    assert titles == ['Status', 'Dashboard', 'Self-check', 'Run the whole loop', 'Aggregate logs', 'Diagnose',
                      'Apply next fix', 'Test applied fix', 'Post-mortem report', 'Stop', 'Reports',
                      "Logs for the agent's author", 'Applied fixes',
                      'Preferences']
    assert menu['entries'][-1]['kind'] == views.PREFS
    assert all(e['summary'] for e in menu['entries'][:-1])


def test_the_loop_says_what_it_will_do_and_asks_first(tmpdir):
    application = make_app(tmpdir)
    before = application.state.read()['generation']
    titles = [e['title'] for e in application.loop.page()['entries']]
    assert titles[0] == 'Loop: never run'
    assert 'automatic fixes OFF' in titles[1]
    report = application.loop.report()
    assert report['header'] == 'No post-mortem yet' and report['entries']
    refused = application.loop.run()
    assert refused['entries'] and application.jobs.running() is None
    assert application.state.read()['generation'] == before


def test_bad_prefs_show_on_main_menu_and_status(tmpdir):
    application = make_app(tmpdir, max_iterations='lots')
    first = application.main_menu()['entries'][0]['title']
    assert first.startswith('Preference problem: max_iterations')
    assert any('max_iterations' in e['title'] for e in application.status()['entries'])


def test_running_job_progress_line(tmpdir):
    application = make_app(tmpdir)
    release = threading.Event()
    reported = threading.Event()

    def work(job):
        job.progress(1048576, 4 * 1048576, 'bytes', application.text('PROGRESS_FILES', done=1, total=4))
        reported.set()
        release.wait(5)

    assert application.start_job('MENU_AGGREGATE', 'aggregate', work)['header'] == 'Started'
    try:
        assert reported.wait(5)
        expected = 'Log aggregation: 1.0 MB of 4.0 MB (25%) (1 of 4 files)'
        assert application.status()['entries'][0]['title'] == expected
        assert application.main_menu()['entries'][0]['title'] == expected
        busy = application.diagnose()
        assert busy['header'] == 'Busy' and 'Log aggregation is still running' in busy['message']
    finally:
        release.set()
        application.rt.tasks.cancel_all()
    assert application.status()['entries'][0]['title'] == 'Nothing is running'


def test_turning_the_collector_on_in_prefs_schedules_it(tmpdir):
    values = {'collector_interval_minutes': '0'}
    rt = runtime.local_runtime(str(tmpdir), prefs=values, bundle_path=BUNDLE)
    application = app_module.App(rt)
    application.start()
    try:
        assert not application.collector.scheduled()
        values['collector_interval_minutes'] = '5'
        rt.prefs.values.update(values)
        assert application.validate_prefs()['header'] == 'Preferences saved'
        assert application.collector.scheduled()
        first = application.collector.timer
        application.validate_prefs()  # saving again does not stack a second timer
        assert application.collector.timer is first
    finally:
        rt.tasks.cancel_all()
