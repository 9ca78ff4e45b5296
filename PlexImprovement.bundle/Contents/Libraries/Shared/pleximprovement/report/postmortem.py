# -*- coding: utf-8 -*-
"""The post-mortem of a loop session: final_improvement_report.md.

In: the loop state and decision log (loop/record.py) and the last diagnosis of the session (its
findings, ranked fixes and recommendations; None when the session ended before diagnosing).
Out: the Markdown, saved as a Data item through report/saved.py (redacted): baseline vs final
for every metric with the real change and % change, the iteration history, the fixes kept and
rolled back with the evidence that decided each (p-value, pairs), the findings that remain with
what to do about each, and the exit condition in words. Every cell comes from the state; a
metric without data says "no data" rather than a number nobody measured.
"""
from __future__ import absolute_import, division, print_function

import time

from ..loop.choose import kept
from ..loop.metrics import compare
from ..names import FINAL_REPORT
from .diagnostic import md, table
from .saved import save_text

MAX_ROWS = 200
NO_DATA = u'no data'
EXIT_WORDS = {
    'success': u'Success',
    'plateau': u'Plateau',
    'diminishing_returns': u'Diminishing returns',
    'max_iterations': u'Maximum iterations reached',
    'regression': u'Regression: the fixes kept since the last good iteration were rolled back',
    'critical_failure': u'Critical failure (the loop can be resumed once the cause is fixed)',
    'stop_requested': u'Stopped on request (the loop can be resumed)',
    'proposals_only': u'Proposals only (automatic fixes are off)',
}


def when(epoch):
    return time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(epoch)) if epoch else u'-'


def number(value):
    if value is None:
        return NO_DATA
    if isinstance(value, float):
        return u'%.2f' % value
    return u'%s' % (value,)


def metric_rows(state):
    rows = []
    for row in compare(state.get('baseline_metrics'), state.get('current_metrics')):
        if row['percent_change'] is not None:
            relative = u'%+.1f %%' % row['percent_change']
        else:
            relative = u'n/a (baseline 0)' if row['baseline'] == 0 else NO_DATA
        change = NO_DATA if row['change'] is None else (u'%+.2f' % row['change'] if isinstance(row['change'], float)
                                                        else u'%+d' % row['change'])
        rows.append([md(row['metric']), number(row['baseline']), number(row['final']), change, relative])
    return rows


def signed(points):
    return NO_DATA if points is None else u'%+.2f' % points


def history_rows(state):
    rows = []
    for entry in state.get('iteration_history') or []:
        fix = entry.get('fix')
        metrics = entry.get('metrics') or {}
        rows.append([u'%d' % entry['iteration'], number(metrics.get('success_rate')), signed(entry.get('rate_change')),
                     number(entry.get('findings')), md(u'%s on %s' % (fix['fix_id'], fix['agent']) if fix else u'-'),
                     md(entry.get('decision')), signed(entry.get('improvement')), md(entry.get('next_action'))])
    return rows


def evidence(fix):
    if fix.get('p_value') is None:
        return md(fix.get('reason') or u'not tested')
    return u'p = %.4g; improved %d, worsened %d of %d pairs; %s' % (
        fix['p_value'], fix.get('improved', 0), fix.get('worsened', 0), fix.get('pairs', 0), md(fix.get('report')))


def fix_rows(fixes):
    return [[md(f['fix_id']), md(f['agent']), u'%d' % f['iteration'], md(f.get('decision') or u'none'),
             evidence(f), md(f.get('rolled_back') and u'rolled back: %s' % f['rolled_back'] or f.get('reason'))]
            for f in fixes]


def remaining_rows(diagnosis, state):
    """The last diagnosis's findings, each with the next thing to do about it."""
    if not diagnosis:
        return []
    applied = kept(state)
    proposals = diagnosis.get('fixes') or []
    advice = dict((item['finding_id'], item['text']) for item in diagnosis.get('recommendations') or [])
    rows = []
    for finding in diagnosis.get('findings') or []:
        offered = [p for p in proposals if finding['id'] in (p.get('addresses') or [])]
        if offered:
            todo = u'try %s (expected gain %s)' % (offered[0]['fix_id'], offered[0]['expected_gain'])
        elif advice.get(finding['id']):
            todo = advice[finding['id']]
        elif any((fix_id, finding['agent']) in applied for fix_id in finding.get('fix_ids') or []):
            todo = u'a kept fix addresses it: watch whether it goes on shrinking'
        else:
            todo = u'every catalogued fix for it was tried: report it to the agent\'s author with the logs'
        rows.append([md(finding['kind']), md(finding['agent']), u'%d' % finding.get('count', 0), md(todo, 200)])
    return rows


def render(state, decisions, diagnosis):
    words = EXIT_WORDS.get(state.get('exit_condition'), state.get('exit_condition') or u'still running')
    lines = [u'# Final improvement report', u'',
             u'- Session: %s to %s (%s)' % (
                 when(state.get('started')), when(state.get('finished')), md(state.get('trigger'))),
             u'- Iterations: %d of at most %d' % (state.get('iteration', 0), state.get('max_iterations', 0)),
             u'- Automatic fixes: %s' % (u'on' if state.get('apply_fixes') else
                                         u'off: the loop aggregated, diagnosed and proposed; it applied nothing'),
             u'- Exit: **%s**: %s' % (md(words), md(state.get('exit_text'), 500)),
             u'- Decisions logged: %d' % len((decisions or {}).get('decisions') or []),
             u'', u'## Baseline and final metrics', u'',
             u'Success rate = titles found / searches whose outcome the log shows; failure rate = the rest.', u'']
    lines.extend(table([u'Metric', u'Baseline', u'Final', u'Change', u'% change'], metric_rows(state), MAX_ROWS,
                       u'metrics'))
    lines.extend([u'', u'## Iterations', u''])
    rows = history_rows(state)
    headers = [u'Iteration', u'Success rate %', u'Rate change (points)', u'Findings', u'Fix', u'Decision',
               u'Gain on test items (points)', u'Next']
    lines.extend(table(headers, rows, MAX_ROWS, u'iterations') if rows else [u'No iteration ran.'])
    headers = [u'Fix', u'Agent', u'Iteration', u'Decision', u'Evidence', u'Note']
    for title, fixes, none in (
            (u'Fixes kept', state.get('fixes_successful') or [], u'No fix was kept.'),
            (u'Fixes rolled back or not applied', state.get('fixes_failed') or [], u'No fix was rolled back.'),
            (u'Fixes left for a re-test', state.get('retest_queue') or [], u'None.')):
        lines.extend([u'', u'## ' + title, u''])
        lines.extend(table(headers, fix_rows(fixes), MAX_ROWS, u'fixes') if fixes else [none])
    lines.extend([u'', u'## What remains', u''])
    rows = remaining_rows(diagnosis, state)
    if rows:
        lines.extend(table([u'Finding', u'Agent', u'Events', u'What to do'], rows, MAX_ROWS, u'findings'))
    elif diagnosis is None:
        lines.append(u'The session ended before a diagnosis: run Diagnose to see what remains.')
    else:
        lines.append(u'The last diagnosis found nothing left to fix.')
    return u'\n'.join(lines) + u'\n'


def save_final_report(store, state, decisions, diagnosis):
    """Write final_improvement_report.md; returns its name."""
    save_text(store, FINAL_REPORT, render(state, decisions, diagnosis))
    return FINAL_REPORT
