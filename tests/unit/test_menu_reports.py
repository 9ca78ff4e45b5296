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
