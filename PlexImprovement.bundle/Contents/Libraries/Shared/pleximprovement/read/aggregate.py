# -*- coding: utf-8 -*-
"""The one call the menu and the command line use to aggregate logs, and the report writer.

`run_aggregation` reads every discovered file once, oldest rotation first, into one
MetricsAccumulator. With `hours`, the window is the H hours up to the newest line found in
any file (logs someone sent you are old), found by reading only each file's tail first.
"""
from __future__ import absolute_import, division, print_function

import json
import os

from . import accumulator as metrics, reader as logs
from ..names import AGGREGATE_JSON, AGGREGATE_TXT


def logs_dir_of(runtime_or_path):
    """A path string, or the runtime's Logs folder (the `logs_path` pref wins when set)."""
    if isinstance(runtime_or_path, (str, type(u''))):
        return runtime_or_path
    getter = getattr(runtime_or_path, 'logs_dir', None)
    if callable(getter):
        return getter()
    return runtime_or_path.paths.logs_dir


def window_start_for(files, hours):
    """Bytes timestamp `hours` before the newest record of any file, or None."""
    if not hours:
        return None
    newest = None
    for f in files:
        ts = logs.newest_timestamp(f.path)
        if ts is not None and (newest is None or ts > newest):
            newest = ts
    if newest is None:
        return None
    return logs.ts_shift(newest, hours)


def run_aggregation(runtime_or_paths, hours=None, agent=None, progress=None, files=None):
    """Aggregate the logs into a metrics snapshot (contracts.md "Phase 1 output").

    runtime_or_paths: a Runtime, a folder path, or a list of folder paths.
    progress: called as progress(files_done, files_total, bytes_done, bytes_total).
    Raises logs.LogsNotFound when a folder is missing or unreadable.
    """
    skipped = {}
    if files is None:
        roots = runtime_or_paths if isinstance(runtime_or_paths, (list, tuple)) else [runtime_or_paths]
        files = []
        for root in roots:
            files.extend(logs.discover(logs_dir_of(root), skipped))
    if agent:
        files = [f for f in files if f.agent is None or f.agent == agent or f.kind == 'other']
    acc = metrics.MetricsAccumulator(window_start=window_start_for(files, hours), agent_filter=agent or None)
    for reason, n in skipped.items():
        acc.skip(reason, n)
    total_bytes = sum(f.size for f in files)
    done_bytes = 0
    if progress is not None:
        progress(0, len(files), 0, total_bytes)
    for index, f in enumerate(files):
        reader = logs.LineReader(f.path, 0, True, acc.skipped)
        acc.begin_file(f.agent)
        for batch in reader.batches():
            acc.feed_lines(batch)
        acc.end_file(f.path, reader.bytes_read, reader.lines)
        done_bytes += f.size
        if progress is not None:
            progress(index + 1, len(files), done_bytes, total_bytes)
    acc.finish()
    snap = acc.snapshot()
    if hours:
        snap['window']['hours'] = hours
    return snap


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
        'Success Rate: %.1f%%' % (100.0 * t['success_rate']),
        'Searches With Unknown Outcome: %d' % t['outcome_unknown'],
        ('%d of %d searches had an outcome the log does not show (the agent did not log found/not found); '
         'they are counted as unknown, not as failures.' % (t['outcome_unknown'], t['total_search_ops'])),
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
        out.append('  %s: searches %d, found %d, failed %d, unknown %d, url errors %d, model errors %d, '
                   'updates ok %d failed %d, tracebacks %d, success %.1f%%' % (
                       name, a['total_search_ops'], a['titles_found'], a['title_failures'], a['outcome_unknown'],
                       a['url_errors'], a['model_errors'], a['updates_ok'], a['updates_failed'], a['tracebacks'],
                       100.0 * a['success_rate']))
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
    return u'\n'.join(_u(line) for line in out) + u'\n'


def _u(value):
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return value


def write_reports(store, iteration, snapshot):
    """Save `aggregated_logs_iteration_N.txt` and `.json` through the runtime's store."""
    txt_name = AGGREGATE_TXT % iteration
    json_name = AGGREGATE_JSON % iteration
    store.save(txt_name, report_text(snapshot).encode('utf-8'))
    store.save_json(json_name, snapshot)
    return txt_name, json_name


def cli_json(snapshot):
    """The command line's JSON: the issue's keys plus the rest of the snapshot."""
    return json.dumps(snapshot, indent=1, sort_keys=True)


def relative_files(snapshot, root):
    for f in snapshot['files']:
        try:
            f['path'] = os.path.relpath(f['path'], root)
        except ValueError:
            pass
    return snapshot
