# -*- coding: utf-8 -*-
"""diagnose(): full and focused mode on hand-written snapshots, and real-format log fixtures end to end.

Focused mode: a later diagnosis compares with the previous one and ranks what remains.
Fixtures (tests/fixtures/diagnose/<kind>/): each folder holds one plug-in log written in the
framework's format (plex-runtime.md 6.2, log-formats.md) showing one kind of failure; its
folder goes through Phase 1's aggregation into diagnose, which must name that kind.
tests/fixtures/diagnose/demo_excerpt/ is cut from a `make demo` Logs folder; its hand counts
are in EXCERPT_COUNTS.
"""
from __future__ import absolute_import, division, print_function

import os

import pytest

from pleximprovement.read.aggregate import run_aggregation
from pleximprovement.diagnose.diagnosis import diagnose
from pleximprovement.read.snapshot import MAX_ITEMS
from pleximprovement.report import diagnostic as report

from snapshot_builders import A, B, agent, copy_of, empty_snapshot, item, traceback


def first_snapshot():
    s = empty_snapshot()
    agent(s, A, total_search_ops=40, titles_found=20, title_failures=8, statuses={'403': 12},
          url_errors_by_class={'http': 12, 'timeout': 3})
    return s


def kinds(entries):
    return sorted(e['kind'] for e in entries)


def test_full_mode_first_then_focused_comparison():
    before = diagnose(first_snapshot())
    assert before['mode'] == 'full'
    assert kinds(before['comparison']['new']) == ['blocked', 'timeout', 'title_never_matched']
    after_snapshot = empty_snapshot()
    agent(after_snapshot, A, total_search_ops=40, titles_found=30, title_failures=5,
          url_errors_by_class={'timeout': 5})
    traceback(after_snapshot, A, 'KeyError', "'year'", "year = m.groupdict()['year']", function='search')
    after = diagnose(after_snapshot, previous=before)
    assert after['mode'] == 'focused'
    c = after['comparison']
    assert kinds(c['resolved']) == ['blocked']
    assert kinds(c['new']) == ['naming']
    assert sorted((p['kind'], p['before'], p['after']) for p in c['persisting']) == [
        ('timeout', 3, 5), ('title_never_matched', 8, 5)]
    status = dict((f['kind'], f['status']) for f in after['findings'])
    assert status == {'naming': 'new', 'timeout': 'persisting', 'title_never_matched': 'persisting'}
    assert (after['summary']['new'], after['summary']['resolved'], after['summary']['persisting']) == (1, 1, 2)


def test_finding_ids_are_stable_between_runs():
    one = diagnose(first_snapshot())
    two = diagnose(copy_of(first_snapshot()), previous=one)
    assert [f['id'] for f in one['findings']] == [f['id'] for f in two['findings']]
    assert two['comparison']['new'] == [] and two['comparison']['resolved'] == []


def test_focused_mode_ranks_only_what_remains_and_reports_previous_ranks():
    before = diagnose(first_snapshot())
    assert 'browser_headers' in [p['fix_id'] for p in before['fixes']]
    later = empty_snapshot()
    agent(later, A, total_search_ops=40, titles_found=32, title_failures=8)
    after = diagnose(later, previous=before)
    assert [p['fix_id'] for p in after['fixes']] == ['title_variants']
    previous_rank = [p['rank'] for p in before['fixes'] if p['fix_id'] == 'title_variants'][0]
    assert after['fixes'][0]['previous_rank'] == previous_rank and after['fixes'][0]['rank'] == 1


def test_focused_mode_with_everything_resolved():
    before = diagnose(first_snapshot())
    clean = empty_snapshot()
    agent(clean, A, total_search_ops=40, titles_found=40)
    after = diagnose(clean, previous=before)
    assert after['findings'] == [] and after['fixes'] == []
    assert len(after['comparison']['resolved']) == len(before['findings'])


FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'diagnose')

# folder -> (agent identifier, expected count, expected items, proposed fix or None)


EXPECTED = {
    'blocked': ('com.example.agents.blocked', 3, 3, 'browser_headers'),
    'not_found': ('com.example.agents.notfound', 3, 3, None),
    'rate_limited': ('com.example.agents.ratelimited', 3, 3, 'retry_backoff'),
    'server_error': ('com.example.agents.servererror', 3, 3, 'retry_backoff'),
    'timeout': ('com.example.agents.timeout', 2, 2, 'network_timeout'),
    'dns': ('com.example.agents.dns', 2, 2, None),
    'ssl': ('com.example.agents.ssl', 2, 2, None),
    'refused': ('com.example.agents.refused', 2, 2, None),
    'title_never_matched': ('com.example.agents.nomatch', 3, 3, 'title_variants'),
    'layout_changed': ('com.example.agents.layout', 3, 3, None),
    'code_bug': ('com.example.agents.codebug', 2, 2, None),
    'decoding_error': ('com.example.agents.decoding', 1, 1, 'safe_decoding'),
    'model_error': ('com.example.agents.model', 2, 0, None),
    'crash_loop': ('com.example.agents.crashloop', 4, 0, None),
    'naming': ('com.example.agents.naming', 2, 2, None),
    'unknown_error': ('com.example.agents.unknown', 3, 0, None),
}


def diagnosis_of(kind):
    return diagnose(run_aggregation(os.path.join(FIXTURES, kind)))


# Fixture folders that are not about one kind.
EXCERPTS = ('demo_excerpt',)


def test_there_is_one_fixture_per_kind():
    assert sorted(os.listdir(FIXTURES)) == sorted(list(EXPECTED) + list(EXCERPTS))


@pytest.mark.parametrize('kind', sorted(EXPECTED))
def test_fixture_is_diagnosed_as_its_kind(kind):
    agent_id, count, items, fix_id = EXPECTED[kind]
    d = diagnosis_of(kind)
    found = [f for f in d['findings'] if f['kind'] == kind]
    assert found, [(f['kind'], f['count']) for f in d['findings']]
    assert all(f['agent'] == agent_id for f in found)
    assert max(f['count'] for f in found) == count
    assert found[0]['items_total'] == items
    assert found[0]['first_seen'] and found[0]['first_seen'].startswith('2024-05-02')
    if fix_id:
        top = [p for p in d['fixes'] if found[0]['id'] in p['addresses']]
        assert fix_id in [p['fix_id'] for p in top]
    else:
        assert [r for r in d['recommendations'] if r['finding_id'] == found[0]['id']]


def test_network_tracebacks_are_not_double_counted():
    d = diagnosis_of('blocked')
    assert [(f['kind'], f['count']) for f in d['findings']] == [('blocked', 3)]
    assert d['findings'][0]['statuses'] == {'403': 3}
    assert 'HTTPError: HTTP Error 403: Forbidden' in d['findings'][0]['evidence'][0]


def test_layout_recommendation_points_at_the_xpath_line():
    d = diagnosis_of('layout_changed')
    rec = d['recommendations'][0]
    assert rec['line'] == 88 and rec['function'] == 'update'
    assert rec['file'].endswith('ExampleLayout.bundle/Contents/Code/__init__.py')
    assert rec['url_pattern'].startswith('https://films.layout.example.org/film/')
    assert ".xpath('//h1" in rec['text']


def test_naming_is_rename_advice_with_the_search_string():
    d = diagnosis_of('naming')
    assert d['fixes'] == []
    assert [f['kind'] for f in d['findings']] == ['naming']
    text = d['recommendations'][0]['text']
    assert "rename '/data/scenes/Some.Scene.2019.1080p.mp4'" in text
    assert "expected form: '(Studio) - Title (Year)'" in text
    assert "the agent searched for 'Some Scene'" in text
    assert 'Studio Scene' not in text  # the well-named item found its match


def test_crash_loop_points_at_the_startup_traceback():
    d = diagnosis_of('crash_loop')
    loop = [r for r in d['recommendations'] if r['kind'] == 'crash_loop'][0]
    assert loop['line'] == 9 and 'ImportError' in loop['text']


def test_unknown_messages_cluster_into_two_shapes():
    d = diagnosis_of('unknown_error')
    shapes = sorted(f['detail'] for f in d['findings'] if f['kind'] == 'unknown_error')
    assert len(shapes) == 2
    assert any(s.startswith('Poster download for') for s in shapes)
    assert any(s.startswith('Studio map has no entry') for s in shapes)


def test_whole_fixture_folder_diagnoses_every_agent():
    d = diagnose(run_aggregation(FIXTURES))
    kinds = set(f['kind'] for f in d['findings'])
    assert kinds >= set(EXPECTED)
    assert len(d['summary']['agents']) == len(EXPECTED) + 1  # + the excerpt's sample agent


# ---------------------------------------------------------------- demo_excerpt, counted by hand

SAMPLE = 'com.plexapp.agents.sampleagent'
# com.plexapp.agents.sampleagent.log: 15 searches: 3 found a title, 4 found nothing without an
# error (Wild River, Άνεμος, 東京の夜, Zoë Empire), 8 raised at __init__.py line 50 (HTTP 403 x5,
# 429 x1, 503 x1, one timeout); 3 updates, all raised (403 and 429 at line 75, 429 at line 89).
# The 7 HTTPErrors at line 50 are one traceback record whose first message is the 403, the 2 at
# line 75 one record whose first message is the 403. Failed fetches: 403 x6, 429 x3, 503 x1,
# timeout x1 = 11; failure events 11 + 4 = 15; searches + updates 18.
# com.plexapp.plugins.pleximprovement.log: its start-up fetch of the server root failed (HTTP 401,
# with the framework's traceback; outside any search or update) and it logged 'Unable to load
# services from system'.
# com.plexapp.system.log: System's side of the same calls, no failure.
EXCERPT_COUNTS = {'blocked': 6, 'rate_limited': 3, 'server_error': 1, 'timeout': 1, 'title_never_matched': 4}


def test_each_failed_fetch_counts_once_though_one_traceback_record_mixes_statuses():
    d = diagnosis_of('demo_excerpt')
    assert dict((f['kind'], f['count']) for f in d['findings']) == EXCERPT_COUNTS
    assert d['summary']['failure_events'] == sum(EXCERPT_COUNTS.values()) == 15
    assert d['summary']['agents'][SAMPLE]['failures'] == 15
    assert d['summary']['agents'][SAMPLE]['operations'] == 18
    by_kind = dict((f['kind'], f) for f in d['findings'])
    assert by_kind['blocked']['statuses'] == {'403': 6} and by_kind['blocked']['items_total'] == 6
    assert by_kind['rate_limited']['statuses'] == {'429': 3} and by_kind['rate_limited']['items_total'] == 3


def test_a_finding_states_one_share_of_the_failures_everywhere():
    d = diagnosis_of('demo_excerpt')
    blocked = [f for f in d['findings'] if f['kind'] == 'blocked'][0]
    assert blocked['share_of_failures'] == 0.4            # 6 of 15 failure events
    assert blocked['share_of_operations'] == 0.3333       # 6 of 18 searches + updates
    headers = [p for p in d['fixes'] if p['fix_id'] == 'browser_headers'][0]
    assert headers['failure_share'] == blocked['share_of_failures']
    assert u'6 of 15 failure events (40.0 %)' in headers['rationale']
    row = [line for line in report.render_markdown(d, 1).splitlines() if line.startswith(u'| %s |' % blocked['id'])]
    assert row and u'| 40.0 % | 33.3 % |' in row[0]


def test_each_finding_has_the_url_patterns_of_its_own_items():
    d = diagnosis_of('demo_excerpt')
    patterns = dict((f['kind'], f['url_patterns']) for f in d['findings'])
    site = u'http://<n>.<n>.<n>.<n>:<n>'
    assert patterns['blocked'] == {site + u'/search': 5, site + u'/title/<n>': 1}
    assert patterns['rate_limited'] == {site + u'/search': 1, site + u'/title/<n>': 1, site + u'/img/<n>.jpg': 1}
    assert patterns['server_error'] == {site + u'/search': 1}
    assert patterns['timeout'] == {site + u'/search': 1}


def test_plugins_that_are_not_agents_get_a_health_line_and_no_fix():
    d = diagnosis_of('demo_excerpt')
    assert set(f['agent'] for f in d['findings']) == set([SAMPLE])
    assert set(p['agent'] for p in d['fixes']) == set([SAMPLE])
    assert set(r['agent'] for r in d['recommendations']) <= set([SAMPLE])
    assert list(d['summary']['agents']) == [SAMPLE]
    health = dict((p['plugin'], p) for p in d['plugins'])
    assert sorted(health) == ['com.plexapp.plugins.pleximprovement', 'com.plexapp.system']
    mine = health['com.plexapp.plugins.pleximprovement']
    assert mine['role'] == 'this plug-in' and mine['failure_events'] == 2
    kinds = sorted((f['kind'], f['count']) for f in mine['findings'])
    assert kinds == [('fetch_outside_calls', 1), ('unknown_error', 1)]
    assert health['com.plexapp.system']['role'] == 'system' and health['com.plexapp.system']['findings'] == []
    text = report.render_markdown(d, 1)
    assert u'- com.plexapp.plugins.pleximprovement (this plug-in): 2 failure events' in text
    assert u'- com.plexapp.system (system): no failure in this window.' in text


# ---------------------------------------------------------------- success rates

def test_both_success_rates_and_no_rate_without_searches():
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, titles_found=3, title_failures=2, outcome_unknown=5)
    agent(s, 'com.example.agents.idle', url_errors_by_class={'timeout': 1})
    d = diagnose(s)
    mine = d['summary']['agents'][A]
    assert (mine['total_search_ops'], mine['titles_found'], mine['outcome_known'], mine['outcome_unknown']) == (
        10, 3, 5, 5)
    assert mine['success_rate'] == 0.3          # found / all searches
    assert mine['success_rate_known'] == 0.6    # found / searches with a known outcome
    idle = d['summary']['agents']['com.example.agents.idle']
    assert idle['total_search_ops'] == 0 and idle['success_rate'] is None and idle['success_rate_known'] is None
    assert (d['summary']['success_rate'], d['summary']['success_rate_known']) == (0.3, 0.6)
    assert diagnose(empty_snapshot())['summary']['success_rate'] is None


# ---------------------------------------------------------------- past the item cap

def test_counts_and_kinds_stay_exact_when_per_item_detail_is_bounded():
    # The folder: A blocked by 403s in 5,784 searches, B failing DNS in 4,676 (its agent
    # catches the error: the searches end without one and find nothing, with a failed fetch inside).
    # Item records were kept for A's first 5,000 searches only.
    s = empty_snapshot()
    agent(s, A, total_search_ops=5784, search_exceptions=5784, statuses={'403': 5784},
          url_errors_by_class={'http': 5784})
    agent(s, B, total_search_ops=4676, title_failures=4676, title_failures_with_errors=4676,
          url_errors_by_class={'dns': 4676})
    for n in range(MAX_ITEMS):
        item(s, A, u'Film %d' % n, searches=1, errors=1, statuses={'403': 1}, url_errors={'http': 1},
             tracebacks=['HTTPError'])
    s['items_dropped'], s['items_limit'] = 784 + 4676, MAX_ITEMS
    d = diagnose(s)
    found = sorted((f['agent'], f['kind'], f['count']) for f in d['findings'])
    assert found == [(A, 'blocked', 5784), (B, 'dns', 4676)]
    for agent_id, summary in d['summary']['agents'].items():
        assert summary['failures'] <= summary['operations']
    assert 'title_variants' not in [p['fix_id'] for p in d['fixes']]
    assert d['detail_bounded'] == {'items_limit': MAX_ITEMS, 'operations_without_item': 5460}
    assert [f['items_total'] for f in d['findings'] if f['kind'] == 'blocked'] == [MAX_ITEMS]
    text = report.render_markdown(d, 1)
    assert (u'- Per-item detail is bounded: item records were kept for the first 5000 items; 5460 searches and '
            u'updates have none. Counts and kinds are exact; item lists and URL patterns are partial.') in text


def test_no_bound_no_line():
    s = empty_snapshot()
    agent(s, A, total_search_ops=2, titles_found=2)
    d = diagnose(s)
    assert d['detail_bounded'] is None and u'Per-item detail' not in report.render_markdown(d, 1)
