# -*- coding: utf-8 -*-
"""The `Thread` kit (plex-runtime.md §3.8; components/runtime.py, api/threadkit.py).

`Thread.Create(f, globalize=True, *args, **kwargs)`: the second positional argument is
`globalize`, as in the framework. Every thread and timer is tracked so Emulator.stop() can
cancel timers and join threads (Plex has no shutdown hook; tests must not leak threads).
"""
from __future__ import absolute_import, division, print_function

import logging
import threading
import time

from .compat import queue


class Runtime(object):
    """Thread/timer bookkeeping shared by the kits of one emulator."""

    def __init__(self, plugin_log, context):
        self._log = plugin_log
        self._context = context
        self._guard = threading.Lock()
        self.threads = []
        self.timers = []
        self.named_locks = {}
        self.events = {}
        self.semaphores = {}
        self.stopping = False

    def _run(self, f, args, kwargs, context_values):
        self._context.adopt(context_values)
        try:
            f(*args, **kwargs)
        except Exception:
            self._log.fw_exception(('runtime', 1128), "Exception in thread named '%s'", f.__name__)
        finally:
            self._context.clear()

    def create_thread(self, f, globalize=True, *args, **kwargs):
        values = self._context.snapshot() if globalize else None
        thread = threading.Thread(target=self._run, args=(f, args, kwargs, values))
        thread.daemon = False
        with self._guard:
            self.threads.append(thread)
        if not f.__name__.startswith('_'):
            self._log.fw(logging.DEBUG, ('runtime', 1117), "Created a thread named '%s'" % f.__name__)
        thread.start()
        return thread

    def create_timer(self, interval, f, globalize=True, name=None, *args, **kwargs):
        values = self._context.snapshot() if globalize else None
        fname = name or f.__name__

        def fire():
            if not fname.startswith('_'):
                self._log.fw(logging.DEBUG, ('runtime', 1156), "Starting timed thread named '%s'", fname)
            self._run(f, args, kwargs, values)

        timer = threading.Timer(interval, fire)
        timer.daemon = False
        with self._guard:
            self.timers.append(timer)
        if not fname.startswith('_'):
            self._log.fw(logging.DEBUG, ('runtime', 1150), "Scheduled a timed thread named '%s'", fname)
        timer.start()
        return timer

    def lock(self, key=None):
        if key is None:
            return threading.Lock()
        with self._guard:
            return self.named_locks.setdefault('ThreadKit:' + str(key), threading.Lock())

    def event(self, key=None):
        if key is None:
            return threading.Event()
        with self._guard:
            return self.events.setdefault(str(key), threading.Event())

    def semaphore(self, key=None, limit=1):
        """A named semaphore is created once, with the limit of that first call."""
        if key is None:
            return threading.Semaphore(limit)
        with self._guard:
            semaphore = self.semaphores.get(str(key))
            if semaphore is None:
                semaphore = self.semaphores[str(key)] = threading.Semaphore(limit)
            return semaphore

    def stop(self, timeout=5.0):
        """Cancel timers, join threads; returns the threads still alive after `timeout`."""
        self.stopping = True
        with self._guard:
            timers, threads = list(self.timers), list(self.threads)
        for timer in timers:
            timer.cancel()
        deadline = time.time() + timeout
        alive = []
        for item in timers + threads:
            item.join(max(0.0, deadline - time.time()))
            if item.is_alive():
                alive.append(item)
        return alive


class ThreadKit(object):
    """The `Thread` global."""

    def __init__(self, runtime):
        self._rt = runtime
        self.Queue = queue.Queue

    def Create(self, f, globalize=True, *args, **kwargs):
        return self._rt.create_thread(f, globalize, *args, **kwargs)

    def CreateTimer(self, interval, f, globalize=True, *args, **kwargs):
        return self._rt.create_timer(interval, f, globalize, None, *args, **kwargs)

    def Sleep(self, interval):
        time.sleep(interval)

    def Lock(self, key=None):
        return self._rt.lock(key)

    def AcquireLock(self, key):
        self._rt.lock(key).acquire()

    def ReleaseLock(self, key):
        self._rt.lock(key).release()

    def Event(self, key=None):
        return self._rt.event(key)

    def Block(self, key):
        self._rt.event(key).clear()

    def Unblock(self, key):
        self._rt.event(key).set()

    def Wait(self, key, timeout=None):
        result = self._rt.event(key).wait(timeout)
        return bool(result) if result is not None else self._rt.event(key).is_set()

    def Semaphore(self, key=None, limit=1):
        return self._rt.semaphore(key, limit)


def make_decorators(kit):
    """@thread, @spawn, @lock, @locks -- the decorator globals of api/threadkit.py."""

    def thread(f):
        def wrapper(*args, **kwargs):
            return kit.Create(f, True, *args, **kwargs)
        wrapper.__name__ = f.__name__
        return wrapper

    def spawn(f):
        kit.Create(f)
        return None

    def lock(key):
        def deco(f):
            with kit.Lock(key):
                return f()
        return deco

    def locks(key):
        def deco(f):
            def wrapper(*args, **kwargs):
                with kit.Lock(key):
                    return f(*args, **kwargs)
            wrapper.__name__ = f.__name__
            return wrapper
        return deco

    return {'thread': thread, 'spawn': spawn, 'lock': lock, 'locks': locks}
