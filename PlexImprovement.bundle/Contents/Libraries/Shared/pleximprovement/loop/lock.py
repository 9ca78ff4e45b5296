# -*- coding: utf-8 -*-
"""One loop per data folder: the plug-in's job and the command line may both point at it.

In: the plug-in's data folder (where the fix journal lives) and a clock. Out: LoopLock with
acquire() / release(); acquire() raises AlreadyRunning naming since when and which process
runs the other loop. The lock is a file created exclusively (O_EXCL) holding the process id,
host and start time. A lock left by a process that died (same host, that process gone) is
taken over; on Windows, where no harmless liveness check exists, only a lock older than
STALE_AFTER is.
"""
from __future__ import absolute_import, division, print_function

import errno
import io
import json
import os
import socket
import time

from ..names import LOOP_LOCK

STALE_AFTER = 24 * 3600.0


class AlreadyRunning(Exception):
    """Another loop holds the lock; `since` is its start time (epoch seconds) or None."""

    def __init__(self, since, pid):
        self.since = since
        self.pid = pid
        started = time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(since)) if since else 'an unknown time'
        Exception.__init__(self, 'a loop is already running since %s (process %s); stop it or wait for it to end'
                           % (started, pid))


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except OSError as error:
        return error.errno == errno.EPERM
    return True


def stale(info, now):
    if not isinstance(info, dict):
        return True
    if os.name == 'nt' or info.get('host') != socket.gethostname():
        return now - float(info.get('started') or 0) > STALE_AFTER
    return not process_alive(int(info.get('pid') or 0))


class LoopLock(object):
    def __init__(self, data_dir, clock=time.time):
        self.path = os.path.join(data_dir, LOOP_LOCK)
        self.clock = clock
        self.held = False

    def read(self):
        try:
            with io.open(self.path, 'rb') as handle:
                return json.loads(handle.read().decode('utf-8'))
        except (IOError, OSError, ValueError):
            return None

    def acquire(self):
        if not os.path.isdir(os.path.dirname(self.path)):
            os.makedirs(os.path.dirname(self.path))
        for _attempt in range(2):
            try:
                handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except OSError as error:
                if error.errno != errno.EEXIST:
                    raise
                info = self.read()
                if not stale(info, self.clock()):
                    raise AlreadyRunning(info.get('started'), info.get('pid'))
                os.remove(self.path)
                continue
            body = {'pid': os.getpid(), 'host': socket.gethostname(), 'started': self.clock()}
            os.write(handle, json.dumps(body, sort_keys=True).encode('utf-8'))
            os.close(handle)
            self.held = True
            return
        raise AlreadyRunning(None, None)

    def release(self):
        if self.held:
            self.held = False
            try:
                os.remove(self.path)
            except OSError:
                pass
