# -*- coding: utf-8 -*-
"""The Dashboard entry: what it reads from the store, its key numbers for Kitana, its HTML page."""
from __future__ import absolute_import, division, print_function

from pleximprovement.loop import files
from pleximprovement.menu.dashboard import HTML_PATH, DashboardPages
from pleximprovement.menu.strings import Text
from pleximprovement.names import DECISION_LOG, DIAGNOSTIC_JSON, LOOP_STATE
from pleximprovement.runtime.store import FileStore
from pleximprovement.state import StateStore

from dashboard_inputs import aggregate_history, decision_log, diagnosis, loop_state


class Clock(object):
    def now(self):
        return 1733338923.0


def pages(tmpdir):
    store = FileStore(str(tmpdir))
    return store, DashboardPages(store, StateStore(store, Clock()), Text('en'))


def titles(view):
    return [e['title'] for e in view['entries']]


def test_nothing_stored_gives_words_and_the_html_link(tmpdir):
    store, dashboard = pages(tmpdir)
    view = dashboard.view()
    assert titles(view) == ['No loop has run yet: the figures below come from the last aggregation and diagnosis.',
                            'Open the dashboard with charts (HTML page)', 'Back to the main menu']
    assert view['entries'][1]['path'] == HTML_PATH == '/dashboard?format=html'
    html = dashboard.html()
    assert html.startswith('<!DOCTYPE html>') and '<svg' not in html
    assert 'No loop has run yet, and there is no aggregation or diagnosis either' in html


def test_the_loop_files_and_the_last_diagnosis_are_read(tmpdir):
    store, dashboard = pages(tmpdir)
    files.save(store, LOOP_STATE, loop_state(3))
    files.save(store, DECISION_LOG, decision_log(4))
    store.save_json(DIAGNOSTIC_JSON % 1, {'summary': {'agents': {}}})
    store.save_json(DIAGNOSTIC_JSON % 2, diagnosis())
    lines = titles(dashboard.view())
    assert lines[:5] == [
        'Loop: running, iteration 3 of 10',
        'Success rate 61.8 % at iteration 3 (first: 40.0 %)',
        'Failures at iteration 3: 47 title, 13 URL, 0 model',
        'Agents diagnosed: 2; weakest com.plexapp.agents.hama at 37.5 %',
        'Decisions: 4 (KEEP 1, ROLLBACK 1, MONITOR 1)']
    html = dashboard.html()
    assert html.count('<svg') == 4 and '<title>Dashboard</title>' in html


def test_a_damaged_generation_is_named_not_read(tmpdir):
    store, dashboard = pages(tmpdir)
    files.save(store, LOOP_STATE, loop_state(1))
    files.save(store, LOOP_STATE, loop_state(2))
    store.save(LOOP_STATE, b'{not json')
    inputs = dashboard.inputs()
    assert inputs['loop']['iteration'] == 1 and inputs['damaged'] == [LOOP_STATE]
    assert 'could not be read and was left alone: loop_state.json' in dashboard.html()


def test_without_a_loop_the_aggregation_runs_give_the_key_numbers(tmpdir):
    store, dashboard = pages(tmpdir)
    for entry in aggregate_history(2)['aggregate']:
        dashboard.state.add_history('aggregate', entry)
    lines = titles(dashboard.view())
    assert lines[1:3] == ['Success rate 6.3 % at aggregation run #2 (first: 6.3 %)',
                          'Failures at aggregation run #2: 114 title, 40 URL, 2 model']
