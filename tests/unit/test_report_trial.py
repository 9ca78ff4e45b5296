# -*- coding: utf-8 -*-
"""report/trial.py: a trial result as test_report_<fix>_iteration_N.md (summary, the statistic, the
p-value, the decision, the per-item before/after table) and its JSON, numbered across fixes,
redacted, with table cells made safe."""
from __future__ import absolute_import, division, print_function

from pleximprovement.report import trial as report
from pleximprovement.runtime.store import FileStore


def side(state, guid=None, errors=()):
    return {'success': state == 'success', 'state': state, 'guid': guid, 'guid_agent': guid and guid.split(':')[0],
            'errors': list(errors)}


def result(fix='browser_headers', decision='KEEP', reason='significant', interrupted=None):
    pairs = [
        {'item': {'rating_key': u'1', 'title': u'Film | One', 'year': 2001, 'file': u'/m/Film.mkv',
                  'source': 'finding'},
         'before': side('unmatched', errors=['http 403']), 'after': side('success', u'a.b://9?lang=en'),
         'change': 'improved'},
        {'item': {'rating_key': u'2', 'title': u'Two', 'year': None, 'file': None, 'source': 'unmatched'},
         'before': side('unmatched'), 'after': None, 'change': None},
    ]
    return {'fix': fix, 'agent': u'a.b', 'bundle': u'A.bundle', 'params': {'profile': 'chrome'},
            'started': 1700000000, 'finished': 1700000100, 'sections': [{'id': u'1', 'title': u'Films'}],
            'notes': [u'token=abcdefabcdef0123 was seen'], 'decision': decision, 'reason': reason,
            'interrupted': interrupted,
            'statistic': {'improved': 5, 'worsened': 0, 'p_value': 0.03125, 'p_exact': '1/32', 'alpha': 0.05,
                          'min_discordant': 5, 'new_error_limit': 2},
            'p_value': 0.03125, 'discordant': {'improved': 5, 'worsened': 0}, 'unchanged': 3, 'planned': 10,
            'new_errors': {'ImportError': 1}, 'pairs': pairs, 'refreshes': 15, 'refreshes_full': 20,
            'refreshes_saved': 5, 'backoff_waited': 2.5, 'contributor_seen': 4, 'fix_state': 'applied'}


def test_saved_as_markdown_and_json_numbered_across_fixes(tmpdir):
    store = FileStore(str(tmpdir))
    assert report.save_report(store, result()) == 'test_report_browser_headers_iteration_1.md'
    assert report.save_report(store, result('custom:my fix')) == 'test_report_custom-my-fix_iteration_2.md'
    saved = store.load_json('test_report_custom-my-fix_iteration_2.json')
    assert saved['iteration'] == 2 and saved['report'] == 'test_report_custom-my-fix_iteration_2.md'
    assert report.next_iteration(store) == 3


def test_the_markdown_holds_the_decision_the_statistic_and_each_pair(tmpdir):
    store = FileStore(str(tmpdir))
    name = report.save_report(store, result())
    text = store.load(name).decode('utf-8')
    assert text.startswith(u'# Test report: fix browser\\_headers on a.b, iteration 1\n')
    assert u'## Decision: KEEP' in text and u'significantly more items improved than worsened' in text
    assert u'- p-value: 0.03125 (exactly 1/32) at alpha 0.05' in text
    assert u'Refreshes: 15 done, 5 saved' in text and u'(refreshing every item twice: 20)' in text
    assert u'| 1 | Film \\| One | 2001 |' in text
    assert u'success (a.b://9?lang=en) | improved |' in text and u'| not refreshed | not judged |' in text
    assert u'New error classes after the fix: ImportError on 1 (limit: 2 items)' in text
    assert u'abcdefabcdef0123' not in text          # redacted on the way out
    assert u'- Fix parameters: {"profile": "chrome"}; the fix is now applied on A.bundle' in text


def test_an_interrupted_trial_says_why(tmpdir):
    store = FileStore(str(tmpdir))
    name = report.save_report(store, result(decision='MONITOR', reason='server_unreachable',
                                            interrupted={'reason': 'server_unreachable', 'detail': u'No server'}))
    text = store.load(name).decode('utf-8')
    assert u'## Decision: MONITOR' in text and u'the server stopped answering: re-test later' in text
    assert u'- Interrupted: No server' in text
