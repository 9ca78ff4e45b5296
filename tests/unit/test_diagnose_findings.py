# -*- coding: utf-8 -*-
"""One snapshot per evidence source: the findings name the kind, agent, count, share and items."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.diagnose.diagnosis import diagnose

from snapshot_builders import (A, B, agent, count_after_ten_searches, empty_snapshot, error_class, item, only,
                               traceback, unclassified)


@pytest.mark.parametrize('status,kind', [('403', 'blocked'), ('404', 'not_found'), ('429', 'rate_limited'),
                                         ('503', 'server_error'), ('500', 'server_error'),
                                         ('400', 'http_error')])
def test_status_kinds(status, kind):
    s = empty_snapshot()
    agent(s, A, total_search_ops=20, url_errors=6, statuses={status: 6}, url_errors_by_class={'http': 6})
    hit = item(s, A, 'Heat', searches=1, statuses={status: 1}, url_errors={'http': 1},
               requests=['https://films.example.org/search?q=Heat'])
    item(s, A, 'Ronin', searches=1, found=1)
    error_class(s, 'http', A, 6, {status: 6}, ["Error opening URL 'x' HTTP Error %s: Reason" % status])
    finding = only(diagnose(s), kind)
    assert finding['count'] == 6
    assert finding['share_of_operations'] == pytest.approx(6 / 20.0)
    assert finding['share_of_failures'] == 1.0
    assert [i['key'] for i in finding['items']] == [hit]
    assert finding['statuses'] == {status: 6}
    assert finding['evidence'] and status in finding['evidence'][0]


@pytest.mark.parametrize('cls,kind', [('timeout', 'timeout'), ('dns', 'dns'), ('ssl', 'ssl'),
                                      ('refused', 'refused'), ('other', 'network_error')])
def test_url_class_kinds(cls, kind):
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, url_errors=4, url_errors_by_class={cls: 4})
    hit = item(s, A, 'Alien', url_errors={cls: 2}, searches=2)
    finding = only(diagnose(s), kind)
    assert finding['count'] == 4 and finding['share_of_operations'] == pytest.approx(0.4)
    assert [i['key'] for i in finding['items']] == [hit]


def test_http_errors_without_a_status_are_http_error():
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, url_errors_by_class={'http': 5}, statuses={'403': 3})
    d = diagnose(s)
    assert only(d, 'blocked')['count'] == 3
    assert only(d, 'http_error')['count'] == 2


def test_traceback_echo_of_a_counted_403_is_not_added_twice():
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, statuses={'403': 4}, url_errors_by_class={'http': 4})
    tb = traceback(s, A, 'HTTPError', 'HTTP Error 403: Forbidden', 'page = HTML.ElementFromURL(url)', count=4)
    finding = only(diagnose(s), 'blocked')
    assert finding['count'] == 4
    assert finding['locations'][0]['line'] == tb['line']


def test_one_traceback_record_of_mixed_statuses_adds_nothing_to_the_counted_statuses():
    # One code line raised 4 403s and 2 429s: the record keeps the first message (403) and 6.
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, statuses={'403': 4, '429': 2}, url_errors_by_class={'http': 6})
    blocked = item(s, A, 'Heat', searches=1, statuses={'403': 1}, url_errors={'http': 1})
    throttled = item(s, A, 'Ronin', searches=1, statuses={'429': 1}, url_errors={'http': 1})
    traceback(s, A, 'HTTPError', 'HTTP Error 403: Forbidden', 'page = HTML.ElementFromURL(url)', count=6,
              items=[blocked, throttled])
    d = diagnose(s)
    assert (only(d, 'blocked')['count'], only(d, 'rate_limited')['count']) == (4, 2)
    assert d['summary']['failure_events'] == 6
    assert [i['key'] for i in only(d, 'blocked')['items']] == [blocked]


def test_echoes_add_only_what_the_url_error_counters_lack():
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, statuses={'403': 2}, url_errors_by_class={'http': 2, 'timeout': 3})
    traceback(s, A, 'HTTPError', 'HTTP Error 403: Forbidden', 'page = HTML.ElementFromURL(url)', count=5)
    traceback(s, A, 'HTTPError', 'HTTP Error 404: Not Found', 'page = HTML.ElementFromURL(url)', count=1, line=60)
    traceback(s, A, 'URLError', '<urlopen error timed out>', 'page = HTML.ElementFromURL(url)', count=3, line=70)
    d = diagnose(s)
    # http: 2 counted, 6 restated: 4 uncounted, to the largest gap first (403: 3, then 404: 1).
    assert (only(d, 'blocked')['count'], only(d, 'not_found')['count']) == (5, 1)
    assert only(d, 'timeout')['count'] == 3  # its own group: the 3 counted timeouts cover it


def test_traceback_403_alone_still_counts():
    assert count_after_ten_searches('blocked', lambda s: traceback(
        s, A, 'urllib2.HTTPError', 'HTTP Error 403: Forbidden', 'page = HTML.ElementFromURL(url)', count=3)) == 3


def test_title_never_matched_excludes_items_with_other_causes():
    s = empty_snapshot()
    # 6 searches ended without an error and found nothing; 3 had a failed fetch or a caught traceback inside.
    agent(s, A, total_search_ops=10, titles_found=4, title_failures=6, title_failures_with_errors=3,
          statuses={'403': 2}, url_errors_by_class={'http': 2})
    clean = item(s, A, 'The Thing (1982)', searches=3, failed=3, queries=['The Thing (1982) [1080p]'])
    item(s, A, 'Blocked', searches=2, failed=2, statuses={'403': 2}, url_errors={'http': 2})
    item(s, A, 'Crashed', searches=1, failed=1, tracebacks=['KeyError'])
    item(s, A, 'Fine', searches=4, found=4)
    finding = only(diagnose(s), 'title_never_matched')
    assert finding['count'] == 3
    assert [i['key'] for i in finding['items']] == [clean]
    assert finding['items'][0]['query'] == 'The Thing (1982) [1080p]'
    assert 'The Thing (1982) [1080p]' in finding['evidence'][0]


def test_title_failures_of_untracked_items_count_as_never_matched():
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, title_failures=5)
    item(s, A, 'Tracked', searches=2, failed=2)
    assert only(diagnose(s), 'title_never_matched')['count'] == 5


def test_model_error_from_counter():
    s = empty_snapshot()
    agent(s, A, total_search_ops=5, updates_ok=5, model_errors=2)
    finding = only(diagnose(s), 'model_error')
    assert finding['count'] == 2 and finding['share_of_operations'] == pytest.approx(0.2)


def test_unknown_messages_become_clustered_findings():
    s = empty_snapshot()
    unclassified(s, 'Could not load poster for 1234', 3, {A: 3})
    unclassified(s, 'Could not load poster for 98', 2, {A: 1, B: 1})
    d = diagnose(s)
    finding = only(d, 'unknown_error')
    assert finding['count'] == 4 and finding['detail'] == 'Could not load poster for <NUM>'
    assert only(d, 'unknown_error', B)['count'] == 1


def test_empty_snapshot_gives_an_empty_diagnosis():
    d = diagnose(empty_snapshot())
    assert d['findings'] == [] and d['fixes'] == [] and d['recommendations'] == [] and d['mode'] == 'full'
