# -*- coding: utf-8 -*-
"""Can the plug-in read the server's logs, and how far back do they go?

In: the Logs folder the plug-in reads (Runtime.logs_dir(): the `logs_path` pref, else the
server's). Out: one check 'logs' (result.py): the folder found and readable, the number of log
files (read/reader.py discover(), the files aggregation reads), and how many days they hold:
from the first record of the oldest file to the last record of the newest one (plug-in logs roll
at every start and at 1 MiB, five backups: plex-runtime.md §6.3, so a busy agent keeps hours,
not weeks; the collector keeps what it has read, see Status).
"""
from __future__ import absolute_import, division, print_function

import io

from ..read.lines import parse, ts_seconds
from ..read.reader import LogsNotFound, discover, newest_timestamp, unread
from ..runtime.paths import PLUGIN_LOGS
from .result import OK, PROBLEM, WARNING, check

HEAD_BYTES = 16384
DAY = 86400.0


def first_timestamp(path):
    """The timestamp of the first record in a file (reads only its head), or None."""
    try:
        with io.open(path, 'rb') as handle:
            data = handle.read(HEAD_BYTES)
    except (IOError, OSError):
        return None
    for line in data.replace(b'\r', b'').split(b'\n'):
        rec = parse(line) if line else None
        if rec is not None and rec[0] is not None:
            return rec[0]
    return None


def span_days(files):
    """Days from the earliest first record to the latest last record of `files`; None without records."""
    starts = [ts_seconds(ts) for ts in (first_timestamp(f.path) for f in files) if ts is not None]
    ends = [ts_seconds(ts) for ts in (newest_timestamp(f.path) for f in files) if ts is not None]
    starts = [s for s in starts if s is not None]
    ends = [e for e in ends if e is not None]
    if not starts or not ends:
        return None
    return max(0.0, (max(ends) - min(starts)) / DAY)


def logs_check(logs_dir):
    if not logs_dir:
        return check('logs', PROBLEM, 'SELFCHECK_LOGS_NONE', 'SELFCHECK_LOGS_FIX', folder=u'-', plugin_logs=PLUGIN_LOGS)
    skipped = {}
    try:
        files = discover(logs_dir, skipped)
    except LogsNotFound as error:
        return check('logs', PROBLEM, 'SELFCHECK_LOGS_MISSING', 'SELFCHECK_LOGS_FIX', folder=logs_dir,
                     why=u'%s' % (error,), plugin_logs=PLUGIN_LOGS)
    if not files:
        return check('logs', PROBLEM, 'SELFCHECK_LOGS_EMPTY', 'SELFCHECK_LOGS_FIX', folder=logs_dir,
                     plugin_logs=PLUGIN_LOGS)
    days = span_days(files)
    shown = u'%.1f' % days if days is not None else u'?'
    cannot = unread(skipped)
    if cannot:
        return check('logs', WARNING, 'SELFCHECK_LOGS_UNREADABLE', 'SELFCHECK_LOGS_PERMISSION_FIX', folder=logs_dir,
                     files=len(files), days=shown, unread=len(cannot), first=cannot[0])
    return check('logs', OK, 'SELFCHECK_LOGS_OK', folder=logs_dir, files=len(files), days=shown)
