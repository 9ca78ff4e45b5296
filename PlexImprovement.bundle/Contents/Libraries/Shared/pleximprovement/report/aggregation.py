# -*- coding: utf-8 -*-
"""The aggregation reports: a metrics snapshot in, the plain report and the JSON text out.

report_text is the specification's five lines, then the breakdowns; write_reports saves
it and the snapshot as the iteration's `aggregated_logs_iteration_N.txt` and `.json` Data
items, redacted (report/saved.py). The counts are those of
docs/counts.md; both success rates are shown, each labelled, and a total without searches
has no rate ("no searches"), never 0 %.
"""
from __future__ import absolute_import, division, print_function

from ..names import AGGREGATE_JSON, AGGREGATE_TXT
from ..text import decode_bytes
from .saved import save_json, save_text

NO_SEARCHES = 'no searches'
NO_KNOWN_OUTCOME = 'no search with a known outcome'


def rate_text(value, missing=NO_SEARCHES):
    """A success rate as `12.5%`; `missing` when there is none (nothing to divide by)."""
    return missing if value is None else '%.1f%%' % (100.0 * value)


def report_text(snapshot):
    """The plain report: the specification's five lines first, then the breakdowns."""
    t = snapshot['totals']
    out = [
        'Total Search Operations: %d' % t['total_search_ops'],
        'Titles Found Events: %d' % t['titles_found'],
        'Title Match Failures: %d' % t['title_failures'],
        'URL Fetch Errors: %d' % t['url_errors'],
        'Model Read Errors: %d' % t['model_errors'],
        '',
        'Success Rate (titles found / all searches): %s' % rate_text(t['success_rate']),
        'Success Rate Over Known Outcomes (titles found / searches with a known outcome): %s'
        % rate_text(t['success_rate_known'], NO_KNOWN_OUTCOME),
        'Searches That Raised An Error: %d' % t['search_exceptions'],
        'Searches With Unknown Outcome: %d' % t['outcome_unknown'],
        ('%d of %d searches had an outcome the log does not show (the agent did not log found/not found); '
         'they are in the first rate\'s denominator, not in the second\'s.'
         % (t['outcome_unknown'], t['total_search_ops'])),
        'Updates OK: %d' % t['updates_ok'],
        'Updates Failed: %d' % t['updates_failed'],
        'Tracebacks: %d' % t['tracebacks'],
        'Restarts: %d' % t['restarts'],
        'Window: %s .. %s' % (snapshot['window']['start'], snapshot['window']['end']),
        '',
        'Per agent:',
    ]
    for name in sorted(snapshot['agents']):
        a = snapshot['agents'][name]
        out.append('  %s: searches %d, found %d, failed %d, raised %d, unknown %d, url errors %d, model errors %d, '
                   'updates ok %d failed %d, tracebacks %d, success %s of all, %s of known outcomes' % (
                       name, a['total_search_ops'], a['titles_found'], a['title_failures'], a['search_exceptions'],
                       a['outcome_unknown'], a['url_errors'], a['model_errors'], a['updates_ok'], a['updates_failed'],
                       a['tracebacks'], rate_text(a['success_rate']), rate_text(a['success_rate_known'], 'none')))
    out.append('')
    out.append('URL errors by class:')
    for cls in sorted(snapshot['errors']):
        err = snapshot['errors'][cls]
        statuses = ', '.join('%s x%d' % (k, v) for k, v in sorted(err['statuses'].items()))
        out.append('  %s: %d%s' % (cls, err['count'], (' (' + statuses + ')') if statuses else ''))
        for ex in err['examples']:
            out.append('    e.g. %s' % ex)
    out.append('')
    out.append('Tracebacks by exception and location:')
    for tb in snapshot['tracebacks'][:30]:
        out.append('  %dx %s at %s:%s (%s, %s)%s' % (
            tb['count'], tb['exception'], tb['file'] or '?', tb['line'], tb['agent'], tb['phase'],
            (' -- ' + tb['code']) if tb['code'] else ''))
    if snapshot['unclassified']:
        out.append('')
        out.append('Other errors (grouped):')
        for group in snapshot['unclassified'][:30]:
            out.append('  %dx [%s] %s' % (group['count'], group['level'], group['template']))
    if snapshot['skipped']:
        out.append('')
        out.append('Skipped: ' + ', '.join('%s %d' % (k, v) for k, v in sorted(snapshot['skipped'].items())))
    if snapshot['lost']['bytes_estimated']:
        out.append('Lost to rotation (estimated bytes): %d' % snapshot['lost']['bytes_estimated'])
    if snapshot.get('items_dropped'):
        out.append('Per-item detail bounded: kept for the first %d items; %d operations have no item record '
                   '(every count above is exact).' % (snapshot.get('items_limit') or 0, snapshot['items_dropped']))
    return u'\n'.join(decode_bytes(line) for line in out) + u'\n'


def write_reports(store, iteration, snapshot):
    """Save `aggregated_logs_iteration_N.txt` and `.json` through the runtime's store."""
    txt_name = AGGREGATE_TXT % iteration
    json_name = AGGREGATE_JSON % iteration
    save_text(store, txt_name, report_text(snapshot))
    save_json(store, json_name, snapshot)
    return txt_name, json_name
