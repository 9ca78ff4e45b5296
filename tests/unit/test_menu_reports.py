# -*- coding: utf-8 -*-
"""The Reports page: saved reports newest first, one page of lines at a time, no other files."""
from __future__ import absolute_import, division, print_function

from pleximprovement.menu import reports
from pleximprovement.menu.strings import Text
from pleximprovement.runtime.store import FileStore


def test_reports_list_and_paging(tmpdir):
    text, store = Text('en'), FileStore(str(tmpdir))
    assert reports.report_list_page(text, store)['entries'][0]['title'] == 'No reports yet: choose Aggregate logs'
    lines = ['line %d <b>' % i for i in range(reports.REPORT_LINES_PER_PAGE + 5)]
    store.save('aggregated_logs_iteration_2.txt', '\n'.join(lines))
    store.save('aggregated_logs_iteration_10.txt', 'ten')
    names = [e['title'] for e in reports.report_list_page(text, store)['entries'][:-1]]
    assert names == ['aggregated_logs_iteration_10.txt', 'aggregated_logs_iteration_2.txt']
    page1 = reports.report_page(text, store, 'aggregated_logs_iteration_2.txt')
    assert page1['entries'][0]['title'] == u'line 0 \u2039b\u203a'
    assert page1['entries'][reports.REPORT_LINES_PER_PAGE]['title'] == 'Next page (2 of 2)'
    page2 = reports.report_page(text, store, 'aggregated_logs_iteration_2.txt', '2')
    assert page2['entries'][0]['title'].startswith('line %d' % reports.REPORT_LINES_PER_PAGE)
    missing = reports.report_page(text, store, '../../etc/passwd')
    assert missing['header'] == 'Report not found'


def test_diagnosis_comes_before_the_aggregation_of_the_same_iteration():
    names = ['aggregated_logs_iteration_3.txt', 'diagnostic_report_iteration_3.md', 'aggregated_logs_iteration_12.txt']
    assert sorted(names, key=reports.report_sort_key, reverse=True) == [
        'aggregated_logs_iteration_12.txt', 'diagnostic_report_iteration_3.md', 'aggregated_logs_iteration_3.txt']


def test_a_missing_report_name_asks_for_one(tmpdir):
    text, store = Text('en'), FileStore(str(tmpdir))
    store.save('aggregated_logs_iteration_1.txt', 'x')
    for name in (None, ''):
        page = reports.report_page(text, store, name)
        assert page['header'] == 'Which report?'
        assert page['message'] == 'A report name is needed: choose a report from the Reports list.'
        assert [e['path'] for e in page['entries']] == ['/reports', '']


def test_a_secret_in_a_saved_report_is_not_shown(tmpdir):
    text, store = Text('en'), FileStore(str(tmpdir))
    store.save('aggregated_logs_iteration_1.txt', u"e.g. GET /x?X-Plex-Token=T0k3n {'api_key': 'K3y'}\n")
    title = reports.report_page(text, store, 'aggregated_logs_iteration_1.txt')['entries'][0]['title']
    assert u'T0k3n' not in title and u'K3y' not in title
