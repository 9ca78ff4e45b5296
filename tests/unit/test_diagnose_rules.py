# -*- coding: utf-8 -*-
"""The rule catalog: which evidence (page text, exception, code line, counter) means which kind."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.diagnose import rules
from pleximprovement.diagnose.diagnosis import diagnose

from snapshot_builders import A, B, agent, count_after_ten_searches, empty_snapshot, item, only, traceback, unclassified


def test_bot_challenge_page_text_is_blocked():
    assert count_after_ten_searches('blocked', lambda s: unclassified(
        s, 'Search page returned a captcha: Just a moment...', 7, {A: 7})) == 7


def test_ban_text_is_rate_limited():
    assert count_after_ten_searches('rate_limited', lambda s: unclassified(
        s, 'AniDB - Loading locally since banned', 2, {B: 2}), agent_id=B) == 2


def test_timeout_traceback():
    assert count_after_ten_searches('timeout', lambda s: traceback(
        s, A, 'URLError', '<urlopen error timed out>', 'data = HTTP.Request(url).content', count=2)) == 2


def test_dns_traceback():
    s = empty_snapshot()
    traceback(s, A, 'URLError', '<urlopen error [Errno -2] Name or service not known>', 'x = urlopen(u)')
    assert only(diagnose(s), 'dns')['count'] == 1


def test_layout_changed_from_none_attribute_in_parsing_code():
    s = empty_snapshot()
    traceback(s, A, 'AttributeError', "'NoneType' object has no attribute 'text'",
              "summary = page.find('div', {'class': 'plot'}).text", function='update')
    assert only(diagnose(s), 'layout_changed')['count'] == 1


def test_index_error_outside_parsing_is_a_code_bug():
    s = empty_snapshot()
    traceback(s, A, 'IndexError', 'list index out of range', 'best = candidates[0]', function='score')
    finding = only(diagnose(s), 'code_bug')
    assert finding['detail'].startswith('IndexError@') and finding['detail'].endswith(':41')


def test_decoding_error_is_fixable():
    s = empty_snapshot()
    traceback(s, A, 'UnicodeDecodeError', "'ascii' codec can't decode byte 0xc3 in position 4",
              'name = str(media.name)', count=2)
    finding = only(diagnose(s), 'decoding_error')
    assert finding['fixable'] and finding['fix_ids'] == ['safe_decoding']


@pytest.mark.parametrize('restarts,expected', [(rules.CRASH_LOOP_MIN_RESTARTS, True),
                                               (rules.CRASH_LOOP_MIN_RESTARTS - 1, False)])
def test_crash_loop_from_restarts(restarts, expected):
    s = empty_snapshot()
    agent(s, A, total_search_ops=5, restarts=restarts)
    kinds = [f['kind'] for f in diagnose(s)['findings']]
    assert ('crash_loop' in kinds) == expected


def test_naming_from_agent_message_about_the_file_name():
    s = empty_snapshot()
    item(s, A, 'Clip', filename='clip_0042.mp4', searches=1, failed=1)
    unclassified(s, "Filename 'clip_0042.mp4' does not match the expected format", 1, {A: 1})
    finding = only(diagnose(s), 'naming')
    assert finding['items'][0]['filename'] == 'clip_0042.mp4'


def test_framework_traceback_without_agent_frame():
    s = empty_snapshot()
    traceback(s, A, 'TypeError', 'expected string or buffer', 'x = f(y)', file_name=None)
    only(diagnose(s), 'framework_error')


def test_known_noise_is_set_aside_with_its_reason():
    s = empty_snapshot()
    unclassified(s, u'AEBN - SEARCH:: \u274c File: __init__.py, Line: 178, Function: search', 9, {A: 9})
    d = diagnose(s)
    assert d['findings'] == []
    assert d['ignored'][0]['count'] == 9 and 'PGMA' in d['ignored'][0]['reason']


def test_every_kind_in_the_catalog_is_described():
    for kind in ('blocked', 'not_found', 'rate_limited', 'server_error', 'timeout', 'dns', 'ssl', 'refused',
                 'title_never_matched', 'layout_changed', 'code_bug', 'decoding_error', 'model_error',
                 'crash_loop', 'naming', 'unknown_error'):
        assert rules.KIND_DESCRIPTIONS[kind]
