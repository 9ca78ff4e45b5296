# -*- coding: utf-8 -*-
"""Recommendations: findings no fix handles point at the file, line, URL pattern and items to act on."""
from __future__ import absolute_import, division, print_function

from pleximprovement.diagnose.diagnosis import diagnose

from snapshot_builders import A, agent, empty_snapshot, item, only, traceback


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
    assert rec['line'] == 88 and rec['url_pattern'] == 'https://films.example.org/film/<n>'
    assert 'xpath' in rec['text']


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


def test_naming_from_key_error_on_regex_group_gives_rename_advice():
    s = empty_snapshot()
    agent(s, A, total_search_ops=3, search_exceptions=2)
    key = item(s, A, 'Some Scene', filename='Some.Scene.2019.1080p.mp4', searches=2, errors=2,
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


def test_failed_fetches_outside_calls_are_set_apart_with_their_statuses():
    s = empty_snapshot()
    agent(s, A, total_search_ops=4, titles_found=4, url_errors=2, url_errors_by_class={'http': 2}, statuses={'404': 2},
          url_errors_outside_calls=2, outside_calls_by_class={'http': 2}, outside_calls_statuses={'404': 2})
    d = diagnose(s)
    finding = only(d, 'fetch_outside_calls')
    assert finding['count'] == 2 and finding['share_of_failures'] is None and d['summary']['failure_events'] == 0
    assert [f['kind'] for f in d['findings']] == ['fetch_outside_calls']  # not also not_found
    rec = [r for r in d['recommendations'] if r['finding_id'] == finding['id']][0]
    assert rec['text'].startswith(u'2 fetches outside any search or update failed (HTTP 404 x2)')
