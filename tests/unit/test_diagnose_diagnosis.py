# -*- coding: utf-8 -*-
"""diagnose(): full and focused mode on hand-written snapshots, and real-format log fixtures end to end.

Focused mode: a later diagnosis compares with the previous one and ranks what remains.
Fixtures (tests/fixtures/diagnose/<kind>/): each folder holds one plug-in log written in the
framework's format (plex-runtime.md 6.2, log-formats.md) showing one kind of failure; its
folder goes through Phase 1's aggregation into diagnose, which must name that kind.
"""
from __future__ import absolute_import, division, print_function

import os

import pytest

from pleximprovement.read.aggregate import run_aggregation
from pleximprovement.diagnose.diagnosis import diagnose

from snapshot_builders import agent, copy_of, empty_snapshot, traceback


A = 'com.example.agents.films'


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
    'timeout': ('com.example.agents.timeout', 2, 2, 'longer_timeout'),
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


def test_there_is_one_fixture_per_kind():
    assert sorted(os.listdir(FIXTURES)) == sorted(EXPECTED)


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
    assert len(d['summary']['agents']) == len(EXPECTED)
