# -*- coding: utf-8 -*-
"""report/aggregation.py: the plain report starts with the specification's five lines."""
from __future__ import absolute_import, division, print_function

import os

from pleximprovement.read import aggregate, snapshot
from pleximprovement.report import aggregation
from pleximprovement.runtime.store import FileStore

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs')


def test_report_text_has_spec_lines():
    snap = aggregate.run_aggregation(os.path.join(FIXTURES, 'server'))
    text = aggregation.report_text(snap)
    lines = text.splitlines()
    assert lines[:5] == ['Total Search Operations: 9', 'Titles Found Events: 3', 'Title Match Failures: 2',
                         'URL Fetch Errors: 4', 'Model Read Errors: 0']
    assert '3 of 9 searches had an outcome the log does not show' in text
    assert 'Success Rate (titles found / all searches): 33.3%' in lines
    assert 'Success Rate Over Known Outcomes (titles found / searches with a known outcome): 50.0%' in lines
    assert 'Searches That Raised An Error: 1' in lines


def test_no_searches_shows_no_rate():
    """An agent (or a whole folder) without searches has no rate: "no searches", never 0.0 %."""
    snap = snapshot.derive(dict(snapshot.empty(), agents={'com.x': dict(snapshot.AGENT.new(), plugin_lines=3)}))
    text = aggregation.report_text(snap)
    assert 'Success Rate (titles found / all searches): no searches' in text
    assert 'with a known outcome): no search with a known outcome' in text
    assert 'success no searches of all, none of known outcomes' in text
    assert '0.0%' not in text


def test_bounded_item_detail_is_said():
    snap = dict(snapshot.empty(), items_dropped=7)
    assert ('Per-item detail bounded: kept for the first %d items; 7 operations have no item record'
            % snapshot.MAX_ITEMS) in aggregation.report_text(snap)


def test_write_reports(tmpdir):
    store = FileStore(str(tmpdir))
    snap = aggregate.run_aggregation(os.path.join(FIXTURES, 'server'))
    names = aggregation.write_reports(store, 3, snap)
    assert names == ('aggregated_logs_iteration_3.txt', 'aggregated_logs_iteration_3.json')
    text = store.load('aggregated_logs_iteration_3.txt').decode('utf-8')
    # the fixture's only model line is "Cannot read model from": not an error (docs/counts.md)
    assert 'Model Read Errors: 0\n' in text
    assert store.load_json('aggregated_logs_iteration_3.json')['totals']['titles_found'] == 3
