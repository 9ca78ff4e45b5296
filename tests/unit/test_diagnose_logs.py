# -*- coding: utf-8 -*-
"""Real-format log fixtures (tests/fixtures/diagnose/<kind>/) through Phase 1's aggregation into diagnose.

Each folder holds one plug-in log written in the framework's format (plex-runtime.md 6.2,
log-formats.md) showing one kind of failure; the diagnosis of that folder must name it.
"""
from __future__ import absolute_import, division, print_function

import os

import pytest

from pleximprovement.read.aggregate import run_aggregation
from pleximprovement.diagnose.diagnosis import diagnose

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
