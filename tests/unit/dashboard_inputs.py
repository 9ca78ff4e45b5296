# -*- coding: utf-8 -*-
"""Hand-made dashboard inputs in the loop's stored shapes (loop_schema.md), for the unit tests."""
from __future__ import absolute_import, division, print_function

START = 1733338923.0
HOSTILE = u'<script>alert(1)</script> **bold** [link](http://example.invalid)'


def metrics(rate, titles, urls, models, when=START):
    return {'total_search_ops': 100, 'titles_found': 40, 'title_failures': titles, 'url_errors': urls,
            'model_errors': models, 'searches_known': 90, 'success_rate': rate,
            'failure_rate': None if rate is None else 100.0 - rate, 'time': when}


def fix(iteration, decision, p_value, improved, worsened, pairs, agent=u'com.plexapp.agents.hama', reason=u'ok'):
    return {'fix_id': u'browser_headers', 'agent': agent, 'params': {}, 'iteration': iteration,
            'decision': decision, 'p_value': p_value, 'improved': improved, 'worsened': worsened, 'pairs': pairs,
            'report': None, 'reason': reason}


def loop_state(iterations=2, status=u'running'):
    history = []
    for i in range(1, iterations + 1):
        history.append({'iteration': i, 'started': START + i, 'finished': START + i + 1,
                        'metrics': metrics(40.0 + (i * 7.25) % 55, 50 - i % 40, 10 + i % 7, i % 3, START + i),
                        'improvement': 7.25, 'findings': 3, 'fix': None, 'decision': u'KEEP',
                        'next_action': u'next_fix', 'reports': []})
    fixes = [fix(1, u'KEEP', 0.00048828125, 11, 0, 20, agent=u'com.plexapp.agents.' + HOSTILE, reason=HOSTILE),
             fix(2, u'ROLLBACK', 0.5, 2, 3, 20)]
    return {'schema': 1, 'generation': 4, 'session_start': u'2024-12-04T19:02:03Z', 'started': START,
            'finished': None, 'status': status, 'trigger': u'menu', 'apply_fixes': True,
            'iteration': iterations, 'max_iterations': 10, 'step': u'test',
            'baseline_metrics': metrics(40.0, 50, 10, 0), 'current_metrics': history[-1]['metrics'],
            'iteration_history': history, 'fixes_attempted': fixes, 'fixes_successful': fixes[:1],
            'fixes_failed': fixes[1:], 'exit_condition': None, 'exit_text': None}


def decision_log(count=2):
    kinds = (u'KEEP', u'ROLLBACK', u'MONITOR', u'next_fix')
    return {'schema': 1, 'generation': 4, 'decisions': [
        {'time': START + 60 * i, 'iteration': i + 1, 'step': u'decide', 'decision': kinds[i % len(kinds)],
         'next_action': u'next_fix', 'inputs': {'p_value': 0.01},
         'reason': u'p below alpha, X-Plex-Token=abcdef123456 ' + HOSTILE} for i in range(count)]}


def diagnosis():
    return {'summary': {'agents': {
        u'com.plexapp.agents.hama': {'total_search_ops': 10, 'titles_found': 3, 'success_rate_known': 0.375,
                                     'outcome_unknown': 2, 'failures': 5, 'findings': 2},
        HOSTILE: {'total_search_ops': 0, 'titles_found': 0, 'success_rate_known': None, 'outcome_unknown': 0,
                  'failures': 0, 'findings': 0}}},
            'plugins': [{'plugin': u'com.plexapp.system', 'role': u'system', 'failure_events': 3}]}


def aggregate_history(runs=2):
    return {'aggregate': [{'iteration': i, 'time': START + i, 'report': None, 'unread': [], 'unread_total': 0,
                           'totals': {'total_search_ops': 120, 'titles_found': 6, 'title_failures': 114,
                                      'url_errors': 40, 'model_errors': 2, 'success_rate': 0.05,
                                      'success_rate_known': 0.0625}} for i in range(1, runs + 1)],
            'diagnose': []}
