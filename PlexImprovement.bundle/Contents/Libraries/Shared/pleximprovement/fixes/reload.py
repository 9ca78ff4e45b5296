# -*- coding: utf-8 -*-
"""Reloading a changed agent the way the server allows, and telling whether it started again.

In: a Target, the FileOps and, where the server is there to see it, a ``confirm_start(target,
since) -> True | False | None`` function. Out: Info.plist touched (plex-runtime.md §7.4: the
System bundle restarts a plug-in by touching it; the framework has no code-reload endpoint)
and the answer: True (a fresh start that loaded the code), False (it did not start again, or
its code failed to load: the installer rolls back at once), None (nobody can tell: offline,
or the agent logs too little).

``LogStartConfirmer`` is the plug-in's confirm_start: the target's log in PMS Plugin Logs is
rewritten at every start (plex-runtime.md §6.3); after the touch it must show a fresh
"Starting framework core" line and then "Started plug-in", before a deadline.
"""
from __future__ import absolute_import, division, print_function

import io
import os
import plistlib
import time

START_LINE = b'Starting framework core'
STARTED_LINE = b'Started plug-in'
FAILED_LINES = (b'Exception while loading code', b'Exception starting plug-in')
QUIET_LEVELS = ('Critical', 'Error', 'Warning')   # PlexPluginLogLevel values that hide INFO lines
TIME_FORMAT = '%Y-%m-%d %H:%M:%S'


def restart(target, ops, confirm_start=None, clock=time.time):
    """Touch the target's Info.plist; the answer of ``confirm_start`` (None without one)."""
    since = clock()
    ops.touch(target.info_plist)
    if confirm_start is None:
        return None
    return confirm_start(target, since)


def log_level(target):
    try:
        with io.open(target.info_plist, 'rb') as handle:
            raw = handle.read()
        loads = getattr(plistlib, 'loads', None) or plistlib.readPlistFromString
        return loads(raw).get('PlexPluginLogLevel')
    except Exception:  # plistlib raises several unrelated types on a damaged file
        return None


def line_time(line):
    """Seconds since the epoch of a plug-in log line's local time stamp; None when it has none."""
    try:
        stamp = time.strptime(line[:19].decode('ascii'), TIME_FORMAT)
    except (ValueError, UnicodeDecodeError):
        return None
    return time.mktime(stamp)


def fresh_start(raw, since):
    """True/False once the log after ``since`` says how the start went, None while it does not."""
    started = False
    for line in raw.split(b'\n'):
        if START_LINE in line:
            stamp = line_time(line)
            started = stamp is not None and stamp >= int(since)
        elif started and STARTED_LINE in line:
            return True
        elif started and any(failed in line for failed in FAILED_LINES):
            return False
    return None


class LogStartConfirmer(object):
    """confirm_start for the plug-in, which sees the server's PMS Plugin Logs folder."""

    def __init__(self, plugin_logs_dir, deadline_seconds=120.0, poll_seconds=2.0, clock=time.time,
                 sleep=time.sleep):
        self.plugin_logs_dir = plugin_logs_dir
        self.deadline_seconds = deadline_seconds
        self.poll_seconds = poll_seconds
        self.clock = clock
        self.sleep = sleep

    def __call__(self, target, since):
        if log_level(target) in QUIET_LEVELS:
            return None
        path = os.path.join(self.plugin_logs_dir, target.identifier + '.log')
        end = since + self.deadline_seconds
        while True:
            try:
                with io.open(path, 'rb') as handle:
                    answer = fresh_start(handle.read(), since)
            except (IOError, OSError):
                answer = None
            if answer is not None:
                return answer
            if self.clock() >= end:
                return False
            self.sleep(self.poll_seconds)
