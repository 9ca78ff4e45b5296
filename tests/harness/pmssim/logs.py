# -*- coding: utf-8 -*-
"""The simulated server's own logs, in the formats Plex writes them.

`Logs/Plex Media Server.log` is what PlexImprovement's collector reads next to the plug-in
logs, so its lines must have the real shape (log-formats.md 2.3): month-name timestamp
with a dot before the milliseconds, decimal thread id, ``LEVEL - message``. The System
bundle's plug-in log (`com.plexapp.system.log`) uses the framework format (plex-runtime.md
6.2). Both roll at start like the real files do, and by size during a run: the System log
like every plug-in log (RotatingFileHandler, 1 MiB, 5 backups: plex-runtime.md 6.3), the main
log at a size the sources do not give (assumption S7, assumptions.py).
"""
from __future__ import absolute_import, division, print_function

import io
import os
import threading
import time

from harness.plexemu.compat import makedirs

MONTHS = ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')
SERVER_LOG_NAME = 'Plex Media Server.log'
SYSTEM_IDENTIFIER = 'com.plexapp.system'
PLUGIN_LOG_MAX_BYTES = 1048576  # core.py RotatingFileHandler(maxBytes=1048576, backupCount=5)
BACKUPS = 5


def replace_file(src, dst):
    """os.replace for 2.7 too (rename over an existing file fails on Windows)."""
    try:
        os.rename(src, dst)
    except OSError:
        if os.path.exists(dst):
            os.remove(dst)
        os.rename(src, dst)


def rotate(path, backup_name, keep=5):
    """Roll `path` into backups: backup_name(1) newest ... backup_name(keep) oldest."""
    if not os.path.exists(path):
        return
    for number in range(keep - 1, 0, -1):
        older = backup_name(number)
        if os.path.exists(older):
            replace_file(older, backup_name(number + 1))
    replace_file(path, backup_name(1))


def server_timestamp(now=None):
    """'Jun 04, 2024 14:13:53.956' in local time, month names in English whatever the locale."""
    now = time.time() if now is None else now
    local = time.localtime(now)
    millis = int((now - int(now)) * 1000)
    return '%s %02d, %04d %02d:%02d:%02d.%03d' % (MONTHS[local.tm_mon - 1], local.tm_mday,
                                                  local.tm_year, local.tm_hour, local.tm_min,
                                                  local.tm_sec, millis)


def plugin_timestamp(now=None):
    """'2024-05-02 21:07:13,482' (the stdlib logging default the framework uses)."""
    now = time.time() if now is None else now
    local = time.localtime(now)
    millis = int((now - int(now)) * 1000)
    return '%04d-%02d-%02d %02d:%02d:%02d,%03d' % (local.tm_year, local.tm_mon, local.tm_mday,
                                                   local.tm_hour, local.tm_min, local.tm_sec,
                                                   millis)


class LineFile(object):
    """Appends UTF-8 lines to one file under a lock, rolled into backups at start and, like
    RotatingFileHandler, before a line that would take it to `max_bytes` (0: never)."""

    def __init__(self, path, backup_name, max_bytes=0):
        self.path = path
        self.backup_name = backup_name
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        makedirs(os.path.dirname(path))
        self.roll()

    def roll(self):
        with self.lock:
            rotate(self.path, self.backup_name, BACKUPS)

    def write(self, text):
        data = text if isinstance(text, bytes) else text.encode('utf-8')
        with self.lock:
            if self.max_bytes:
                try:
                    size = os.path.getsize(self.path)
                except OSError:
                    size = 0
                if size and size + len(data) >= self.max_bytes:
                    rotate(self.path, self.backup_name, BACKUPS)
            with io.open(self.path, 'ab') as handle:
                handle.write(data)


class ServerLog(LineFile):
    """Logs/Plex Media Server.log (backups 'Plex Media Server.1.log' ... '.5.log')."""

    def __init__(self, logs_dir, max_bytes):
        LineFile.__init__(self, os.path.join(logs_dir, SERVER_LOG_NAME),
                          lambda n: os.path.join(logs_dir, 'Plex Media Server.%d.log' % n), max_bytes)

    def log(self, level, message):
        thread_id = threading.current_thread().ident or 0
        self.write(u'%s [%d] %s - %s\n' % (server_timestamp(), thread_id, level, message))

    def debug(self, message):
        self.log('DEBUG', message)

    def info(self, message):
        self.log('INFO', message)

    def warn(self, message):
        self.log('WARN', message)

    def error(self, message):
        self.log('ERROR', message)


class SystemLog(LineFile):
    """Logs/PMS Plugin Logs/com.plexapp.system.log, the System bundle's plug-in log."""

    def __init__(self, plugin_logs_dir):
        path = os.path.join(plugin_logs_dir, SYSTEM_IDENTIFIER + '.log')
        LineFile.__init__(self, path, lambda n: '%s.%d' % (path, n), PLUGIN_LOG_MAX_BYTES)

    def log(self, level, module, line, message):
        thread_id = threading.current_thread().ident or 0
        self.write(u'%s (%x) :  %s (%s:%d) - %s\n'
                   % (plugin_timestamp(), thread_id, level, module, line, message))
