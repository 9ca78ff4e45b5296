# -*- coding: utf-8 -*-
"""Focused mode: a later diagnosis compares with the previous one and ranks what remains."""
from __future__ import absolute_import, division, print_function

from pleximprovement.diagnose.diagnosis import diagnose

from test_diagnose_support import agent, copy_of, empty_snapshot, traceback

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
