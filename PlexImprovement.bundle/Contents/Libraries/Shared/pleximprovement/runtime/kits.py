# -*- coding: utf-8 -*-
"""The framework's Log, Prefs and Thread kits behind small objects, and stand-ins for them.

In: the kit a route's globals hold (or nothing, offline and in tests). Out: a log with
debug/info/warning/error/exception, a clock, prefs with `get(id)` and background tasks with
spawn/timer/cancel_all. The core calls only these, so the same code runs inside Plex, in
the emulator, on the command line and under unit tests.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import threading
import time
import traceback


class KitLog(object):
    """Forwards to the framework's Log kit, which writes the plug-in log."""

    def __init__(self, log_kit):
        self.kit = log_kit

    def debug(self, fmt, *args):
        self.kit.Debug(fmt, *args)

    def info(self, fmt, *args):
        self.kit.Info(fmt, *args)

    def warning(self, fmt, *args):
        self.kit.Warn(fmt, *args)

    def error(self, fmt, *args):
        self.kit.Error(fmt, *args)

    def exception(self, fmt, *args):
        self.kit.Exception(fmt % args if args else fmt.replace('%', '%%'))


class StreamLog(object):
    """Plain logger for the command line and tests: keeps the lines, optionally echoes them."""

    def __init__(self, stream=None):
        self.stream = stream
        self.lines = []

    def write(self, level, fmt, args):
        try:
            message = fmt % args if args else fmt
        except (TypeError, ValueError):
            message = '%s %r' % (fmt, args)
        line = '%s - %s' % (level, message)
        self.lines.append(line)
        if self.stream is not None:
            self.stream.write(line + '\n')

    def debug(self, fmt, *args):
        self.write('DEBUG', fmt, args)

    def info(self, fmt, *args):
        self.write('INFO', fmt, args)

    def warning(self, fmt, *args):
        self.write('WARNING', fmt, args)

    def error(self, fmt, *args):
        self.write('ERROR', fmt, args)

    def exception(self, fmt, *args):
        self.write('CRITICAL', fmt, args)
        self.lines.append(traceback.format_exc())


# --------------------------------------------------------------------------- clock, prefs

class Clock(object):
    def now(self):
        return time.time()

    def sleep(self, seconds):
        time.sleep(seconds)


class KitPrefs(object):
    """Prefs kit reader: unknown ids give None instead of the kit's KeyError."""

    def __init__(self, prefs_kit):
        self.kit = prefs_kit

    def get(self, pref_id):
        try:
            return self.kit[pref_id]
        except KeyError:
            return None


class DictPrefs(object):
    """Preferences from a dict (command line, tests), falling back to DefaultPrefs.json."""

    def __init__(self, values=None, defaults=None):
        self.values = dict(values or {})
        self.defaults = dict(defaults or {})

    def get(self, pref_id):
        if pref_id in self.values:
            return self.values[pref_id]
        return self.defaults.get(pref_id)


def load_default_prefs(bundle_contents):
    """Decoded defaults of DefaultPrefs.json, as the framework would return them."""
    path = os.path.join(bundle_contents, 'DefaultPrefs.json')
    try:
        handle = open(path, 'rb')
    except IOError:
        return {}
    try:
        items = json.loads(handle.read().decode('utf-8'))
    finally:
        handle.close()
    values = {}
    for item in items:
        default = item.get('default')
        if item.get('type') == 'bool':
            default = default in (True, 1, 'true', 'True', '1')
        elif default == '':
            default = None
        values[item['id']] = default
    return values


# --------------------------------------------------------------------------- tasks

class Tasks(object):
    """Background work. Uses the Thread kit when there is one (so the framework logs
    thread exceptions), plain threads otherwise. Keeps every timer and thread so
    `cancel_all()` can stop them when the plug-in starts again and at the end of a test
    (the framework has no shutdown hook)."""

    def __init__(self, thread_kit=None):
        self.kit = thread_kit
        self.timers = []
        self.threads = []
        self.guard = threading.Lock()

    def spawn(self, name, fn, *args, **kwargs):
        if self.kit is not None:
            # The kit's second positional parameter is `globalize`, not an argument of fn.
            thread = self.kit.Create(fn, True, *args, **kwargs)
        else:
            thread = threading.Thread(target=fn, name=name, args=args, kwargs=kwargs)
            thread.daemon = True
            thread.start()
        with self.guard:
            self.threads = [t for t in self.threads if t is not None and t.is_alive()]
            self.threads.append(thread)
        return thread

    def timer(self, seconds, name, fn, *args, **kwargs):
        if self.kit is not None:
            timer = self.kit.CreateTimer(seconds, fn, True, *args, **kwargs)
        else:
            timer = threading.Timer(seconds, fn, args=args, kwargs=kwargs)
            timer.daemon = True
            timer.name = name
            timer.start()
        with self.guard:
            self.timers = [t for t in self.timers if t is not None and t.is_alive()]
            self.timers.append(timer)
        return timer

    def cancel_all(self, join_seconds=5.0):
        with self.guard:
            timers, threads = list(self.timers), list(self.threads)
            self.timers, self.threads = [], []
        for timer in timers:
            if timer is not None:
                timer.cancel()
        deadline = time.time() + join_seconds
        for thread in timers + threads:
            if thread is not None and thread is not threading.current_thread():
                thread.join(max(0.0, deadline - time.time()))
