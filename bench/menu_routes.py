# -*- coding: utf-8 -*-
"""`make bench` (the loop's menu): each route's response time with 1,000 iterations of history.

Builds a plug-in data folder whose loop state holds 1,000 iterations (each with metrics and a
fix), a decision log of 3,000 decisions, a post-mortem of that session and a diagnosis, then
asks the App (menu/app.py, the object every route calls) for each page the loop's history
feeds, REPEAT times. Baseline, in the same process: loading loop_state.json alone (what every
one of these pages must at least do). Goal: under 100 ms per route. No assertion.
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.join(REPO, 'PlexImprovement.bundle', 'Contents', 'Libraries', 'Shared')
if SHARED not in sys.path:
    sys.path.insert(0, SHARED)

from pleximprovement import runtime  # noqa: E402 (after the path)
from pleximprovement.loop import files  # noqa: E402
from pleximprovement.loop.record import LoopRecord  # noqa: E402
from pleximprovement.menu.app import App  # noqa: E402
from pleximprovement.names import LOOP_STATE  # noqa: E402
from pleximprovement.report.postmortem import save_final_report  # noqa: E402

ITERATIONS = 1000
REPEAT = 20
GOAL_MS = 100.0
AGENT = 'com.plexapp.agents.sampleagent'


def metrics(n):
    found = 10 + n % 50
    return {'total_search_ops': 100 + n, 'titles_found': found, 'title_failures': 90 + n - found, 'url_errors': 40,
            'model_errors': 1, 'searches_known': 100 + n, 'success_rate': round(100.0 * found / (100 + n), 2),
            'failure_rate': round(100.0 - 100.0 * found / (100 + n), 2), 'agents': [AGENT], 'time': 1.0e9 + n}


def fill(record):
    state = record.begin('menu', True, ITERATIONS, {'max_iterations': ITERATIONS, 'plateau_threshold': 5.0,
                                                    'plateau_window': 2, 'target_success_rate': 90.0})
    for n in range(1, ITERATIONS + 1):
        decision = ('KEEP', 'ROLLBACK', 'MONITOR')[n % 3]
        fix = {'fix_id': 'fix_%d' % n, 'agent': AGENT, 'params': {'n': n}, 'iteration': n, 'decision': decision,
               'p_value': 0.03125, 'improved': 5, 'worsened': 0, 'pairs': 20, 'report': 'test_report_%d.md' % n,
               'reason': 'significant'}
        state['iteration_history'].append({'iteration': n, 'started': 1.0e9 + n, 'finished': 1.0e9 + n + 1,
                                           'metrics': metrics(n), 'improvement': 1.0, 'rate_change': 0.5,
                                           'findings': 4, 'fix': fix, 'decision': decision,
                                           'next_action': 'next_fix', 'reports': []})
        state['fixes_attempted'].append(fix)
        (state['fixes_successful'] if decision == 'KEEP' else state['fixes_failed']).append(fix)
        for step in ('diagnose', 'implement', 'decide'):
            record.decide(step, decision, 'bench entry %d' % n, fix=['fix_%d' % n, AGENT])
    state['iteration'] = ITERATIONS
    state.update(status='finished', exit_condition='max_iterations', exit_text='bench', baseline_metrics=metrics(0),
                 current_metrics=metrics(ITERATIONS), finished=2.0e9)
    record.save()
    save_final_report(record.store, state, record.decisions, None)


def timed(fn):
    started = time.time()
    for _number in range(REPEAT):
        fn()
    return 1000.0 * (time.time() - started) / REPEAT


def main():
    folder = tempfile.mkdtemp(prefix='pleximprovement-bench-menu-')
    try:
        rt = runtime.local_runtime(folder, token='bench-token')
        fill(LoopRecord(rt.store))
        application = App(rt)
        baseline = timed(lambda: files.load_newest(rt.store, LOOP_STATE, 1))
        routes = (('/', application.main_menu), ('/status', application.status), ('/loop', application.loop.page),
                  ('/loop/report', application.loop.report), ('/dashboard', application.dashboard.view),
                  ('/dashboard?format=html', application.dashboard.html))
        print('')
        print('Menu routes with %d iterations of loop history (%s, mean of %d calls):'
              % (ITERATIONS, sys.version.split()[0], REPEAT))
        print('  baseline: loading %s alone: %.1f ms' % (LOOP_STATE, baseline))
        worst = 0.0
        for path, fn in routes:
            ms = timed(fn)
            worst = max(worst, ms)
            print('  %-24s %7.1f ms = %5.1fx the baseline' % (path, ms, ms / baseline))
        verdict = 'met' if worst < GOAL_MS else 'NOT met'
        print('  goal: under %d ms per route: slowest %.1f ms -> %s' % (GOAL_MS, worst, verdict))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
