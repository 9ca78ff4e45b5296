# -*- coding: utf-8 -*-
"""The menu as the core builds it: every entry present, texts from Strings/en.json."""
from __future__ import absolute_import, division, print_function

import io
import os
import re

import pytest

from pleximprovement.menu import app as app_module
from pleximprovement import runtime
from pleximprovement.menu import strings
from pleximprovement.menu import views

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')
CORE = os.path.join(BUNDLE, 'Contents', 'Libraries', 'Shared', 'pleximprovement')


def make_app(tmpdir, **prefs):
    rt = runtime.local_runtime(str(tmpdir), prefs=prefs, bundle_path=BUNDLE)
    return app_module.App(rt)


def test_main_menu_lists_every_item_in_order(tmpdir):
    menu = make_app(tmpdir).main_menu()
    titles = [e['title'] for e in menu['entries']]
    assert titles == ['Status', 'Run the whole loop', 'Aggregate logs', 'Diagnose', 'Apply next fix',
                      'Test applied fix', 'Post-mortem report', 'Stop', 'Reports', 'Applied fixes',
                      'Preferences']
    assert menu['entries'][-1]['kind'] == views.PREFS
    assert all(e['summary'] for e in menu['entries'][:-1])


def test_unbuilt_items_say_so_and_do_nothing(tmpdir):
    application = make_app(tmpdir)
    before = application.state.read()['generation']
    page = application.unavailable('MENU_APPLY_FIX')
    assert page['header'] == 'Not available yet'
    assert '"Apply next fix" is not available' in page['message']
    assert application.state.read()['generation'] == before
    assert application.unavailable('<script>')['title'] == 'Unknown menu entry'


def test_bad_prefs_show_on_main_menu_and_status(tmpdir):
    application = make_app(tmpdir, max_iterations='lots')
    first = application.main_menu()['entries'][0]['title']
    assert first.startswith('Preference problem: max_iterations')
    assert any('max_iterations' in e['title'] for e in application.status()['entries'])


def test_status_when_idle_and_stop_with_nothing_running(tmpdir):
    application = make_app(tmpdir)
    titles = [e['title'] for e in application.status()['entries']]
    assert titles[0] == 'Nothing is running'
    assert 'No log aggregation yet: choose Aggregate logs' in titles
    assert application.stop()['message'] == 'Nothing is running.'


def test_reports_list_and_paging(tmpdir):
    application = make_app(tmpdir)
    assert application.reports()['entries'][0]['title'] == 'No reports yet: choose Aggregate logs'
    lines = ['line %d <b>' % i for i in range(app_module.REPORT_LINES_PER_PAGE + 5)]
    application.rt.store.save('aggregated_logs_iteration_2.txt', '\n'.join(lines))
    application.rt.store.save('aggregated_logs_iteration_10.txt', 'ten')
    names = [e['title'] for e in application.reports()['entries'][:-1]]
    assert names == ['aggregated_logs_iteration_10.txt', 'aggregated_logs_iteration_2.txt']
    page1 = application.report_view('aggregated_logs_iteration_2.txt')
    assert page1['entries'][0]['title'] == u'line 0 \u2039b\u203a'
    assert page1['entries'][app_module.REPORT_LINES_PER_PAGE]['title'] == 'Next page (2 of 2)'
    page2 = application.report_view('aggregated_logs_iteration_2.txt', '2')
    assert page2['entries'][0]['title'].startswith('line %d' % app_module.REPORT_LINES_PER_PAGE)
    missing = application.report_view('../../etc/passwd')
    assert missing['header'] == 'Report not found'


def test_safe_titles_and_paths():
    assert views.safe(u'a<b>c\x00\n') == u'a\u2039b\u203ac  '
    assert len(views.safe(u'x' * 500)) == views.MAX_TITLE
    assert views.safe(b'\xff') == u'\ufffd'
    assert views.path_with('/r', name=u'caf\xe9 1', page=2) == '/r?name=caf%C3%A9+1&page=2'


def test_every_text_key_used_by_the_core_exists():
    table = strings.load_table('en')
    used = set()
    pattern = re.compile(r"""text\(\s*'([A-Z0-9_]+)'\s*[,)]""")
    for name in os.listdir(CORE):
        if name.endswith('.py') and name != 'strings.py':
            with io.open(os.path.join(CORE, name), encoding='utf-8') as handle:
                used.update(pattern.findall(handle.read()))
    for key, _path in app_module.MENU:
        used.update([key, key + '_SUMMARY'])
    used.update('JOB_STATUS_' + s for s in ('DONE', 'FAILED', 'STOPPED', 'INTERRUPTED', 'RUNNING'))
    used.update('JOB_' + j.upper() + suffix for j in ('aggregate', 'diagnose') for suffix in ('', '_STARTED'))
    missing = sorted(k for k in used if k not in table)
    assert missing == []
    with io.open(os.path.join(BUNDLE, 'Contents', 'Code', '__init__.py'), encoding='utf-8') as handle:
        code_keys = re.findall(r"L\('([A-Z_]+)'\)", handle.read())
    assert code_keys and all(k in table for k in code_keys)


def test_every_pref_label_is_a_string_key():
    import json
    with io.open(os.path.join(BUNDLE, 'Contents', 'DefaultPrefs.json'), encoding='utf-8') as handle:
        items = json.load(handle)
    table = strings.load_table('en')
    assert all(item['label'] in table for item in items)


def test_collector_tick_shows_on_status_and_reschedules(tmpdir):
    import shutil
    logs = tmpdir.join('Logs')
    shutil.copytree(os.path.join(os.path.dirname(BUNDLE), 'tests', 'fixtures', 'logs', 'server'), str(logs))
    application = make_app(tmpdir.join('support'), logs_path=str(logs))
    titles = [e['title'] for e in application.status()['entries']]
    assert 'Background log collection has not run yet' in titles
    application.collector_tick()
    try:
        assert len(application.rt.tasks.timers) == 1  # the next tick is scheduled
    finally:
        application.rt.tasks.cancel_all()
    titles = [e['title'] for e in application.status()['entries']]
    ran = [t for t in titles if t.startswith('Background log collection last ran')]
    assert ran and ' new in ' in ran[0]
    collected = [t for t in titles if t.startswith('Collected so far: ')]
    assert collected and not collected[0].startswith('Collected so far: 0 ')


@pytest.mark.parametrize('keep_days, kept', [(None, set()), ('0', {'2024-05-01', '2024-05-02'}),
                                             ('101', {'2024-05-02'})])
def test_collector_tick_keeps_the_days_the_pref_asks_for(tmpdir, keep_days, kept):
    import shutil
    from pleximprovement.read import collector
    logs = tmpdir.join('Logs')
    shutil.copytree(os.path.join(os.path.dirname(BUNDLE), 'tests', 'fixtures', 'logs', 'server'), str(logs))
    prefs = {'logs_path': str(logs)}
    if keep_days is not None:
        prefs['collector_keep_days'] = keep_days
    application = make_app(tmpdir.join('support'), **prefs)
    application.rt.clock.now = lambda: 1714680000.0 + 100 * 86400     # 100 days after the fixture's day
    try:
        application.collector_tick()
    finally:
        application.rt.tasks.cancel_all()
    store = application.rt.store
    assert collector.saved_days(store) | set(collector.parts_on_disk(store)) == kept
    titles = [e['title'] for e in application.status()['entries']]
    assert not [t for t in titles if t.startswith('Collected so far: 0 ')]     # a pruned day still counted


def test_collected_totals_run_per_tick_and_match_the_saved_days(tmpdir):
    """Status totals are kept by adding each tick's counts; they must equal a full merge of
    what the collector saved, also after a tick that was never recorded."""
    import shutil
    from pleximprovement.read import collector
    logs = tmpdir.join('Logs')
    shutil.copytree(os.path.join(os.path.dirname(BUNDLE), 'tests', 'fixtures', 'logs', 'server'), str(logs))
    application = make_app(tmpdir.join('support'), logs_path=str(logs))
    plugin_log = [os.path.join(str(logs), 'PMS Plugin Logs', n) for n in os.listdir(str(logs.join('PMS Plugin Logs')))
                  if n.endswith('.log')][0]
    with io.open(plugin_log, 'rb') as handle:
        lines = handle.read().splitlines(True)
    tick = collector.Collector(application.rt, logs_dir=str(logs)).tick

    def totals():
        return application.state.read()['collector']['collected_totals']

    def saved():
        return collector.collected_snapshot(application.rt.store)['totals']

    application.record_collection(tick())
    first = totals()
    assert first == saved() and first['total_search_ops'] > 0
    for unrecorded in (False, True):
        with io.open(plugin_log, 'ab') as handle:
            handle.write(b''.join(lines))
        summary = tick()
        if unrecorded:      # this tick's summary is lost: the next one merges the saved days
            with io.open(plugin_log, 'ab') as handle:
                handle.write(b''.join(lines))
            summary = tick()
        application.record_collection(summary)
        assert totals() == saved()
    assert totals()['total_search_ops'] > first['total_search_ops']      # the appended copies counted


def test_collector_loss_and_errors_are_shown_not_hidden(tmpdir):
    application = make_app(tmpdir)
    application.record_collection({'tick': 1, 'files': 3, 'bytes_read': 10, 'lost': {'bytes_estimated': 3 * 1048576}})
    application.record_collection({'tick': 2, 'files': 3, 'bytes_read': 10, 'lost': {'bytes_estimated': 1048576}})
    titles = [e['title'] for e in application.status()['entries']]
    assert any(t.startswith('About 4.0 MB of log lines rotated away') for t in titles)
    application.record_collection({'tick': 3, 'files': 0, 'bytes_read': 0, 'lost': None, 'error': 'no such folder'})
    titles = [e['title'] for e in application.status()['entries']]
    assert any('could not read the logs: no such folder' in t for t in titles)
    events = [a['event'] for a in application.state.read()['audit']]
    assert events.count('collector_loss') == 2 and 'collector_error' in events


def test_collector_off_when_interval_is_zero(tmpdir):
    application = make_app(tmpdir, collector_interval_minutes='0')
    assert application.schedule_collector() is None
    assert 'Background log collection is off (Preferences)' in [e['title'] for e in application.status()['entries']]


def test_running_job_progress_line(tmpdir):
    import threading
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
        assert not application.collector_scheduled()
        values['collector_interval_minutes'] = '5'
        rt.prefs.values.update(values)
        assert application.validate_prefs()['header'] == 'Preferences saved'
        assert application.collector_scheduled()
        first = application.collector_timer
        application.validate_prefs()  # saving again does not stack a second timer
        assert application.collector_timer is first
    finally:
        rt.tasks.cancel_all()
