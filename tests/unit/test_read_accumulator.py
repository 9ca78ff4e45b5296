# -*- coding: utf-8 -*-
"""read/accumulator.py: every metric pinned on hand-written logs (tests/fixtures/logs/server, a
Logs folder), on a folder somebody sent (tests/fixtures/logs/variants: console, syslog-wrapped,
padded, Hama-private and pasted logs), and never an exception nor a negative on random input.


Hand count (definitions: docs/counts.md), com.plexapp.agents.example (.log.1 then .log):
  searches 4: .log.1 one (No results -> failed); .log: Found 2 results (found), HTTP 403 +
  search exception (raised: counted under its error, not as a title failure), Third (no
  phrase -> unknown). url_errors 2: http 403 (in the search) and http 404 (the start-up
  resourceHashes fetch, outside any call). model 0 (`Cannot read model` is the first
  update of an item: noise). updates: tt0004 ok, tt0005 exception -> failed. tracebacks 3
  (HTTPError runtime.py:1293 at start-up, HTTPError __init__.py:41, AttributeError
  __init__.py:119). restarts 2.
hama: 1 search found (candidate lines), 1 update ok with a timeout fetch error, the
  `update() - ...` ERROR is noise.
aebn (PGMA): 2 searches, one "did not pull any results" (+ HTTP 404 fetch error: a title
  failure with an error), one "Titles Found 3" with 2 candidate rejections; the emoji
  breadcrumb is noise.
server log: serveronly has no plug-in log -> its 2 `Issuing search query` lines count;
  example's one does not (its plug-in log is there).
"""
from __future__ import absolute_import, division, print_function

import os

import pytest
from hypothesis import given, settings, strategies as st

from pleximprovement.read import accumulator, aggregate, snapshot

from log_lines import SHAPES

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs')
EX = 'com.plexapp.agents.example'


@pytest.fixture(scope='module')
def snap():
    return aggregate.run_aggregation(os.path.join(FIXTURES, 'server'))


def test_totals(snap):
    t = snap['totals']
    assert (t['total_search_ops'], t['titles_found'], t['title_failures'], t['outcome_unknown']) == (9, 3, 2, 3)
    assert (t['search_exceptions'], t['outcome_known'], t['title_failures_with_errors']) == (1, 6, 1)
    assert (t['url_errors'], t['model_errors'], t['updates_ok'], t['updates_failed']) == (4, 0, 2, 1)
    assert (t['tracebacks'], t['restarts'], t['url_errors_outside_calls']) == (3, 2, 1)
    assert t['success_rate'] == pytest.approx(3 / 9.0)
    assert t['success_rate_known'] == pytest.approx(3 / 6.0)
    assert isinstance(t['success_rate'], float)


def test_totals_equal_sum_over_agents(snap):
    for key in ('total_search_ops', 'titles_found', 'title_failures', 'outcome_unknown', 'outcome_known',
                'search_exceptions', 'url_errors', 'model_errors', 'updates_ok', 'updates_failed', 'tracebacks',
                'restarts'):
        assert snap['totals'][key] == sum(a[key] for a in snap['agents'].values()), key


def test_example_agent(snap):
    a = snap['agents'][EX]
    assert (a['total_search_ops'], a['titles_found'], a['title_failures'], a['outcome_unknown']) == (4, 1, 1, 1)
    assert a['search_exceptions'] == 1
    assert a['url_errors_by_class'] == {'http': 2} and a['statuses'] == {'403': 1, '404': 1}
    assert a['url_errors_outside_calls'] == 1 and a['outside_calls_statuses'] == {'404': 1}
    assert (a['model_errors'], a['updates_ok'], a['updates_failed'], a['tracebacks'], a['restarts']) == (0, 1, 1, 3, 2)
    assert a['success_rate'] == 0.25 and a['success_rate_known'] == pytest.approx(1 / 3.0)


def test_hama_and_pgma(snap):
    hama = snap['agents']['com.plexapp.agents.hama']
    assert (hama['total_search_ops'], hama['titles_found'], hama['updates_ok']) == (1, 1, 1)
    assert hama['url_errors_by_class'] == {'timeout': 1}
    pgma = snap['agents']['com.plexapp.agents.aebn']
    assert (pgma['total_search_ops'], pgma['titles_found'], pgma['title_failures']) == (2, 1, 1)
    assert pgma['candidate_rejects'] == 2 and pgma['title_failures_with_errors'] == 1
    assert pgma['statuses'] == {'404': 1}
    assert snap['noise'] == {'pgma_breadcrumb': 1, 'hama_success': 1, 'model_not_created_yet': 1}


def test_server_only_agent_counts_server_searches_as_unknown(snap):
    a = snap['agents']['com.plexapp.agents.serveronly']
    assert (a['total_search_ops'], a['outcome_unknown'], a['search_ops_server']) == (2, 2, 2)
    assert (a['success_rate'], a['success_rate_known']) == (0.0, None)
    assert snap['agents'][EX]['search_ops_server'] == 1


def test_errors_by_class(snap):
    assert set(snap['errors']) == {'http', 'timeout'}
    assert snap['errors']['http']['statuses'] == {'403': 1, '404': 2}
    assert snap['errors']['http']['agents'] == {EX: 2, 'com.plexapp.agents.aebn': 1}
    assert snap['model']['count'] == 0


def test_tracebacks_keyed_by_last_agent_frame(snap):
    tbs = dict(((t['exception'], os.path.basename(t['file']), t['line']), t) for t in snap['tracebacks'])
    assert set(tbs) == {('HTTPError', '__init__.py', 41), ('AttributeError', '__init__.py', 119),
                        ('HTTPError', 'runtime.py', 1293)}
    assert tbs[('HTTPError', 'runtime.py', 1293)]['phase'] == 'other'   # start-up: no call open
    http = tbs[('HTTPError', '__init__.py', 41)]
    assert http['code'] == 'page = HTML.ElementFromURL(url)'
    assert http['phase'] == 'search' and http['items'] == [EX + '|1235']
    upd = tbs[('AttributeError', '__init__.py', 119)]
    assert upd['phase'] == 'update' and upd['items'] == [EX + '|tt0005']
    assert upd['message'] == "'RestrictedModule' object has no attribute 'AdjustMapping'"


def test_items(snap):
    item = snap['items'][EX + '|1234']
    assert (item['searches'], item['found'], item['failed'], item['unknown'], item['errors']) == (2, 1, 1, 0, 0)
    assert item['name'] == 'Some Title' and item['year'] == '2001'
    assert item['filename'] == '/home/<user>/Movies/Some Title (2001).mkv'
    assert item['requests'] == ['https://example.org/search?q=Some+Title&api_key=<redacted>']
    other = snap['items'][EX + '|1235']
    assert other['statuses'] == {'403': 1} and other['tracebacks'] == ['HTTPError']
    assert (other['searches'], other['errors'], other['failed']) == (1, 1, 0)
    assert snap['items'][EX + '|tt0004']['updates_ok'] == 1
    assert snap['items'][EX + '|tt0005']['updates_failed'] == 1
    assert snap['items']['com.plexapp.agents.hama|anidb-77']['url_errors'] == {'timeout': 1}
    assert snap['items']['com.plexapp.agents.aebn|501']['queries'] == ['https://aebn.example/search?q=Film+A']


def test_unclassified_templates_are_masked_and_redacted(snap):
    groups = dict((g['template'], g) for g in snap['unclassified'])
    assert groups["Unexpected page layout for id <n> at '<*>'"]['count'] == 2
    assert any('Signed-in Token (<user>)' in t for t in groups)
    assert not any('alice' in t for t in groups)
    assert sum(g['agents'].get('pms', 0) for g in snap['unclassified']) == 2


def test_window_and_files(snap):
    assert snap['window'] == {'start': '2024-05-01 10:00:00', 'end': '2024-05-02 22:01:00'}
    assert len(snap['files']) == 5 and snap['skipped'] == {}
    assert snap['schema'] == 1


@pytest.fixture(scope='module')
def variants():
    return aggregate.run_aggregation(os.path.join(FIXTURES, 'variants'))


def test_console_form_uses_identifier_column(variants):
    a = variants['agents']['com.plexapp.agents.subzero']
    assert (a['total_search_ops'], a['outcome_unknown']) == (1, 1)
    assert a['url_errors_by_class'] == {'refused': 1}


def test_syslog_wrapped_traceback(variants):
    a = variants['agents']['com.plexapp.agents.tvdb']
    assert (a['total_search_ops'], a['search_exceptions'], a['title_failures'], a['tracebacks']) == (1, 1, 0, 1)
    assert a['url_errors_by_class'] == {'dns': 1}


def test_padded_and_hama_private(variants):
    assert variants['agents']['padded']['titles_found'] == 1
    hama = variants['agents']['com.plexapp.agents.hama']     # Hama's own file: its own source
    assert (hama['titles_found'], hama['search_ops_private'], hama['search_ops_plugin']) == (1, 1, 0)


def test_damaged_paste(variants):
    a = variants['agents']['paste']
    # The IndexError traceback and the tail-only `... raise HTTPError / HTTPError: 503` one.
    assert (a['total_search_ops'], a['search_exceptions'], a['title_failures'], a['tracebacks']) == (1, 1, 0, 2)
    assert a['statuses'] == {'503': 1}
    tbs = dict((t['exception'], t) for t in variants['tracebacks'] if t['agent'] == 'paste')
    tb = tbs['IndexError']
    assert (tb['exception'], os.path.basename(tb['file']), tb['line']) == ('IndexError', 'siteX.py', 77)
    assert tb['code'] == "title = detail.xpath('//h1')[0].text"
    assert (tbs['HTTPError']['file'], tbs['HTTPError']['message']) == ('', 'HTTP Error 503: Service Unavailable')


def test_examples_are_redacted(variants):
    assert all('k3y' not in ex for err in variants['errors'].values() for ex in err['examples'])
    assert variants['skipped'] == {}


def check(snap):
    for name, entry in list(snap['agents'].items()) + [('totals', snap['totals'])]:
        for key, value in entry.items():
            if isinstance(value, (int, float)):
                assert value >= 0, (name, key)
    for key in snapshot.TOTAL_KEYS:
        assert snap['totals'][key] == sum(a[key] for a in snap['agents'].values())
    for a in snap['agents'].values():
        assert (a['titles_found'] + a['title_failures'] + a['search_exceptions'] + a['outcome_unknown']
                == a['total_search_ops'])
        assert a['title_failures_with_errors'] <= a['title_failures']
        assert a['url_errors_outside_calls'] <= a['url_errors']
    for entry in list(snap['agents'].values()) + [snap['totals']]:
        for key, whole in (('success_rate', 'total_search_ops'), ('success_rate_known', 'outcome_known')):
            if entry[whole]:
                assert 0.0 <= entry[key] <= 1.0
            else:
                assert entry[key] is None


def feed(chunks):
    acc = accumulator.MetricsAccumulator()
    acc.begin_file('a')
    acc.feed_lines(chunks)
    acc.end_file('x', 0, len(chunks))
    acc.finish()
    return acc.snapshot()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=200), max_size=40))
def test_random_bytes(chunks):
    check(feed(b'\n'.join(chunks).split(b'\n')))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SHAPES), max_size=60))
def test_random_line_mixes(lines):
    snap = feed(lines)
    check(snap)
    merged = snapshot.merge_snapshots(snap, snap)
    check(merged)
    assert merged['totals']['total_search_ops'] == 2 * snap['totals']['total_search_ops']
