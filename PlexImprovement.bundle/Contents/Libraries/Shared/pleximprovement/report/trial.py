# -*- coding: utf-8 -*-
"""Renders a trial as test_report_<fix>_iteration_N.md and saves it with its JSON as Data items.

In: the store and the result dict of trial/runner.py:

    fix, params, agent, bundle, started, finished, sections [{id, title}], notes [text],
    decision (KEEP | ROLLBACK | MONITOR), reason, interrupted (None | {reason, detail}),
    statistic (trial/decide.py verdict: improved, worsened, discordant, planned, p_value,
    p_exact, alpha, min_discordant, new_error_items, new_error_limit), p_value, p_exact, alpha,
    discordant {improved, worsened}, unchanged, planned, new_errors {class: items},
    pairs [{item {rating_key, title, year, file, source}, before, after (refresh summaries:
    success, state, guid, guid_agent, title, year, fields, plausible, errors, search, signal,
    seconds, contributor), change}], refreshes, refreshes_full, refreshes_saved,
    backoff_waited, contributor_seen, cache_files_cleared, change (the installer's change id),
    fix_state ('applied' | 'not_applied')

Out: the two items, written through report/saved.py (redacted), and the Markdown's name (the
JSON holds the whole result, the Markdown the summary, the
per-item before/after table, the statistic, the p-value and the decision). N counts every
trial's reports in the store, whatever the fix; the fix id is made safe for a file name
(a custom fix 'custom:x' -> 'custom-x').
"""
from __future__ import absolute_import, division, print_function

import json
import re
import time

from ..names import TRIAL_JSON, TRIAL_MD, TRIAL_PREFIX
from .diagnostic import md, table
from .saved import save_json, save_text

MAX_PAIR_ROWS = 200
UNSAFE = re.compile(r'[^A-Za-z0-9_.-]')
ITERATION = re.compile(r'_iteration_(\d+)\.json$')
REASONS = {
    'significant': 'significantly more items improved than worsened',
    'worse': 'more items worsened than improved',
    'no_improvement': 'as many items improved as worsened',
    'not_significant': 'more improved than worsened, but not significantly',
    'too_few_discordant': 'too few items changed to tell: re-test later',
    'sample_too_small': 'too few items to tell even if all improved: re-test later with more items',
    'new_errors': 'a new class of error appeared on too many items',
    'server_unreachable': 'the server stopped answering: re-test later',
    'token_refused': 'the server refused the token: re-test with a valid token',
    'server_timeout': 'the server stopped answering in time: re-test later',
    'server_error': 'the server answered with an error: re-test later',
    'refreshes_unfinished': 'refreshes did not finish: re-test later',
    'site_backoff': 'a site asked for a back-off longer than the trial waits: re-test later',
    'stopped': 'stopped on request: re-test later',
    'fix_refused': 'the installer refused the fix',
    'agent_did_not_start': 'the agent did not start with the fix; it was rolled back at once',
}


def file_piece(fix_id):
    return UNSAFE.sub('-', fix_id or 'none')


def next_iteration(store):
    """1 + the highest N of any trial report in the store."""
    numbers = [int(m.group(1)) for m in (ITERATION.search(n) for n in store.list(TRIAL_PREFIX)) if m]
    return max(numbers or [0]) + 1


def when(epoch):
    return time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(epoch)) if epoch else '-'


def side_text(side):
    """One refresh in a table cell: its state, the guid and the errors seen."""
    if side is None:
        return u'not refreshed'
    text = side['state']
    if side.get('guid') and side.get('guid_agent') not in (None, u'local'):
        text += u' (%s)' % (side['guid'],)
    if side.get('errors'):
        text += u'; ' + u', '.join(side['errors'])
    return text


def summary_lines(result):
    stat = result['statistic']
    lines = [u'# Test report: fix %s on %s, iteration %d'
             % (md(result['fix']), md(result['agent']), result['iteration']),
             u'',
             u'## Decision: %s' % result['decision'], u'',
             u'- Reason: %s (%s)' % (md(result['reason']), md(REASONS.get(result['reason'], result['reason']), 300))]
    if result['interrupted']:
        lines.append(u'- Interrupted: %s' % (md(result['interrupted']['detail'], 300),))
    lines.extend([
        u'- Fix parameters: %s; the fix is now %s on %s' % (
            md(json.dumps(result.get('params'), sort_keys=True)),
            u'applied' if result['fix_state'] == 'applied' else u'not applied', md(result['bundle'])),
        u'- Trial: %s to %s; sections: %s' % (
            when(result['started']), when(result['finished']),
            md(u', '.join(s['title'] or s['id'] for s in result['sections']) or None)),
        u'- Items: %d chosen, %d with a baseline that could be judged (planned pairs)' % (
            len(result['pairs']), result['planned']),
        u'- Refreshes: %d done, %d saved by stopping once the decision could no longer change '
        u'(refreshing every item twice: %d)' % (result['refreshes'], result['refreshes_saved'],
                                                result['refreshes_full']),
        u'- Refreshes the contributor confirmed: %d' % (result['contributor_seen'],),
    ])
    if result['backoff_waited']:
        lines.append(u'- Waited %s s for sites in a back-off window' % (result['backoff_waited'],))
    lines.extend(u'- Note: %s' % md(note, 300) for note in result['notes'])
    lines.extend([u'', u'## Statistic', u'',
                  u'One-sided exact sign test (McNemar) on the discordant pairs: improved = failed before the fix '
                  u'and succeeded after, worsened = the reverse.', u'',
                  u'- Improved: %d, worsened: %d, unchanged: %d'
                  % (stat['improved'], stat['worsened'], result['unchanged']),
                  u'- p-value: %s (exactly %s) at alpha %s; at least %d discordant pairs can reach alpha' % (
                      u'%.6g' % stat['p_value'], stat['p_exact'], stat['alpha'], stat['min_discordant']),
                  u'- New error classes after the fix: %s (limit: %d items)' % (
                      md(u', '.join(u'%s on %d' % kv for kv in sorted(result['new_errors'].items())) or u'none'),
                      stat['new_error_limit'])])
    return lines


def pair_rows(result):
    rows = []
    for pair in result['pairs']:
        item = pair['item']
        rows.append([md(item['rating_key']), md(item['title'], 60), md(item['year']), md(item['file'], 60),
                     md(item['source']), md(side_text(pair['before'])), md(side_text(pair['after'])),
                     md(pair['change'] or (u'not judged' if pair['before'] is not None else u'-'))])
    return rows


def render(result):
    lines = summary_lines(result)
    lines.extend([u'', u'## Items, before and after the fix', u''])
    lines.extend(table([u'ratingKey', u'Title', u'Year', u'File', u'Chosen as', u'Before', u'After', u'Change'],
                       pair_rows(result), MAX_PAIR_ROWS, u'items'))
    return u'\n'.join(lines) + u'\n'


def save_report(store, result):
    """Number the result, save the Markdown and the JSON; returns the Markdown item's name."""
    result['iteration'] = iteration = next_iteration(store)
    piece = file_piece(result['fix'])
    result['report'] = TRIAL_MD % (piece, iteration)
    save_json(store, TRIAL_JSON % (piece, iteration), result)
    save_text(store, TRIAL_MD % (piece, iteration), render(result))
    return result['report']
