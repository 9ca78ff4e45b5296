# -*- coding: utf-8 -*-
"""One snapshot per finding kind: the diagnosis names the kind, agent, count and items."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.diagnose import rules
from pleximprovement.diagnose.diagnosis import diagnose

from test_diagnose_support import agent, empty_snapshot, error_class, item, traceback, unclassified

A = 'com.example.agents.films'
B = 'com.example.agents.other'


def only(diagnosis, kind, agent_id=A):
    found = [f for f in diagnosis['findings'] if f['kind'] == kind and f['agent'] == agent_id]
    assert len(found) == 1, [(f['kind'], f['agent']) for f in diagnosis['findings']]
    return found[0]


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
    assert finding['share'] == pytest.approx(6 / 20.0)
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
    assert finding['count'] == 4 and finding['share'] == pytest.approx(0.4)
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


def count_after_ten_searches(kind, add_evidence, agent_id=A):
    """Count of the one `kind` finding of agent_id after 10 searches plus add_evidence(snapshot)."""
    s = empty_snapshot()
    agent(s, agent_id, total_search_ops=10)
    add_evidence(s)
    return only(diagnose(s), kind, agent_id)['count']


def test_traceback_403_alone_still_counts():
    assert count_after_ten_searches('blocked', lambda s: traceback(
        s, A, 'urllib2.HTTPError', 'HTTP Error 403: Forbidden', 'page = HTML.ElementFromURL(url)', count=3)) == 3


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


def test_title_never_matched_excludes_items_with_other_causes():
    s = empty_snapshot()
    agent(s, A, total_search_ops=10, titles_found=4, title_failures=6, statuses={'403': 2},
          url_errors_by_class={'http': 2})
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


def test_layout_changed_from_xpath_index():
    s = empty_snapshot()
    agent(s, A, total_search_ops=5, tracebacks=3)
    key = item(s, A, 'Heat', tracebacks=['IndexError'], requests=['https://films.example.org/film/123'])
    traceback(s, A, 'IndexError', 'list index out of range',
              "title = html.xpath('//h1[@class=\"title\"]/text()')[0]", function='update', line=88, count=3,
              items=[key], phase='update')
    d = diagnose(s)
    finding = only(d, 'layout_changed')
    assert finding['count'] == 3 and not finding['fixable']
    rec = [r for r in d['recommendations'] if r['finding_id'] == finding['id']][0]
    assert rec['line'] == 88 and rec['url_pattern'] == 'https://films.example.org/film/123'
    assert 'xpath' in rec['text']


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


def test_code_bug_keeps_location_and_becomes_a_recommendation():
    s = empty_snapshot()
    agent(s, A, total_search_ops=4)
    traceback(s, A, 'NameError', "global name 'Prefz' is not defined", "if Prefz['debug']:", function='search',
              line=17, count=4)
    d = diagnose(s)
    finding = only(d, 'code_bug')
    rec = [r for r in d['recommendations'] if r['finding_id'] == finding['id']][0]
    assert (rec['file'], rec['line'], rec['function']) == (
        '/config/Plug-ins/Example.bundle/Contents/Code/__init__.py', 17, 'search')
    assert "Prefz" in rec['text']


def test_decoding_error_is_fixable():
    s = empty_snapshot()
    traceback(s, A, 'UnicodeDecodeError', "'ascii' codec can't decode byte 0xc3 in position 4",
              'name = str(media.name)', count=2)
    finding = only(diagnose(s), 'decoding_error')
    assert finding['fixable'] and finding['fix_ids'] == ['safe_decoding']


def test_model_error_from_counter():
    s = empty_snapshot()
    agent(s, A, total_search_ops=5, updates_ok=5, model_errors=2)
    finding = only(diagnose(s), 'model_error')
    assert finding['count'] == 2 and finding['share'] == pytest.approx(0.2)


@pytest.mark.parametrize('restarts,expected', [(rules.CRASH_LOOP_MIN_RESTARTS, True),
                                               (rules.CRASH_LOOP_MIN_RESTARTS - 1, False)])
def test_crash_loop_from_restarts(restarts, expected):
    s = empty_snapshot()
    agent(s, A, total_search_ops=5, restarts=restarts)
    kinds = [f['kind'] for f in diagnose(s)['findings']]
    assert ('crash_loop' in kinds) == expected


def test_naming_from_key_error_on_regex_group_gives_rename_advice():
    s = empty_snapshot()
    agent(s, A, total_search_ops=3, title_failures=2)
    key = item(s, A, 'Some Scene', filename='Some.Scene.2019.1080p.mp4', searches=2, failed=2,
               queries=['Some Scene 2019'], tracebacks=['KeyError'])
    code = ("studio = re.match(r'\\((?P<studio>[^)]+)\\) - (?P<title>.+) \\((?P<year>\\d{4})\\)', "
            "filename).groupdict()['studio']")
    traceback(s, A, 'KeyError', "'studio'", code, function='parse_filename', count=2, items=[key])
    d = diagnose(s)
    finding = only(d, 'naming')
    assert not finding['fixable'] and finding['fix_ids'] == []
    assert not [p for p in d['fixes'] if finding['id'] in p['addresses']]
    assert 'title_never_matched' not in [f['kind'] for f in d['findings']]
    rec = [r for r in d['recommendations'] if r['finding_id'] == finding['id']][0]
    assert "rename 'Some.Scene.2019.1080p.mp4'" in rec['text']
    assert "'(Studio) - Title (Year)'" in rec['text']
    assert "searched for 'Some Scene 2019'" in rec['text']


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


def test_unknown_messages_become_clustered_findings():
    s = empty_snapshot()
    unclassified(s, 'Could not load poster for 1234', 3, {A: 3})
    unclassified(s, 'Could not load poster for 98', 2, {A: 1, B: 1})
    d = diagnose(s)
    finding = only(d, 'unknown_error')
    assert finding['count'] == 4 and finding['detail'] == 'Could not load poster for <NUM>'
    assert only(d, 'unknown_error', B)['count'] == 1


def test_every_kind_in_the_catalog_is_described():
    for kind in ('blocked', 'not_found', 'rate_limited', 'server_error', 'timeout', 'dns', 'ssl', 'refused',
                 'title_never_matched', 'layout_changed', 'code_bug', 'decoding_error', 'model_error',
                 'crash_loop', 'naming', 'unknown_error'):
        assert rules.KIND_DESCRIPTIONS[kind]


def test_empty_snapshot_gives_an_empty_diagnosis():
    d = diagnose(empty_snapshot())
    assert d['findings'] == [] and d['fixes'] == [] and d['recommendations'] == [] and d['mode'] == 'full'
