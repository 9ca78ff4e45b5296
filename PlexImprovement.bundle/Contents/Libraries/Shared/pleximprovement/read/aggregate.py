# -*- coding: utf-8 -*-
"""The one call the menu and the command line use to aggregate logs: folders in, a snapshot out.

`run_aggregation` reads every discovered file once, oldest rotation first, into one
MetricsAccumulator. With `hours`, the window is the H hours up to the newest line found in
any file (logs someone sent you are old), found by reading only each file's tail first.
"""
from __future__ import absolute_import, division, print_function

from .lines import ts_shift
from .reader import LineReader, discover, newest_timestamp
from .accumulator import MetricsAccumulator


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
        ts = newest_timestamp(f.path)
        if ts is not None and (newest is None or ts > newest):
            newest = ts
    if newest is None:
        return None
    return ts_shift(newest, hours)


def run_aggregation(runtime_or_paths, hours=None, agent=None, progress=None, files=None):
    """Aggregate the logs into a metrics snapshot (contracts.md "Phase 1 output").

    runtime_or_paths: a Runtime, a folder path, or a list of folder paths.
    progress: called as progress(files_done, files_total, bytes_done, bytes_total).
    Raises reader.LogsNotFound when a folder is missing or unreadable.
    """
    skipped = {}
    if files is None:
        roots = runtime_or_paths if isinstance(runtime_or_paths, (list, tuple)) else [runtime_or_paths]
        files = []
        for root in roots:
            files.extend(discover(logs_dir_of(root), skipped))
    if agent:
        files = [f for f in files if f.agent is None or f.agent == agent or f.kind == 'other']
    acc = MetricsAccumulator(window_start=window_start_for(files, hours), agent_filter=agent or None)
    for reason, n in skipped.items():
        acc.skip(reason, n)
    total_bytes = sum(f.size for f in files)
    done_bytes = 0
    if progress is not None:
        progress(0, len(files), 0, total_bytes)
    for index, f in enumerate(files):
        reader = LineReader(f.path, 0, True, acc.skipped)
        acc.begin_file(f.agent, f.kind == 'private')
        for batch in reader.batches():
            acc.feed_lines(batch)
            if progress is not None:    # per chunk too: Stop must not wait for a huge file's end
                progress(index, len(files), done_bytes + reader.bytes_read, total_bytes)
        acc.end_file(f.path, reader.bytes_read, reader.lines)
        done_bytes += f.size
        if progress is not None:
            progress(index + 1, len(files), done_bytes, total_bytes)
    acc.finish()
    snap = acc.snapshot(final=True)
    if hours:
        snap['window']['hours'] = hours
    return snap
