# -*- coding: utf-8 -*-
"""The only place that touches the Plex framework's kits.

`Code/__init__.py` passes the kits it was given as globals to `from_kits()`; everything
else in the core receives the small objects built here (store, log, clock, prefs, tasks,
http, paths: see store.py, kits.py, http.py, paths.py). The same core therefore runs inside
Plex, in the test emulator, in the offline command line (`local_runtime()`) and in unit
tests with plain fakes.
"""
from __future__ import absolute_import, division, print_function

import os

from ..names import IDENTIFIER
from .http import UrllibHttp
from .kits import Clock, DictPrefs, KitLog, KitPrefs, StreamLog, Tasks, load_default_prefs
from .paths import Paths, ServerLayout, default_app_support, default_logs_dir, logs_dir_from_core
from .store import FileStore


class Runtime(object):
    """What the rest of the core is handed: the store, log, clock, prefs, tasks, http and paths."""

    def __init__(self, store, log, clock, prefs, tasks, http, paths, token=None):
        self.store = store
        self.log = log
        self.clock = clock
        self.prefs = prefs
        self.tasks = tasks
        self.http = http
        self.paths = paths
        self.token = token

    def logs_dir(self):
        """The Logs folder to read: the `logs_path` pref wins when set."""
        override = self.prefs.get('logs_path')
        if override:
            return override
        return self.paths.logs_dir


def from_kits(kits):
    """Build the runtime inside Plex from the kits Code/__init__.py received as globals."""
    core = kits.get('Core')
    identifier = getattr(core, 'identifier', None) or IDENTIFIER
    app_support = getattr(core, 'app_support_path', None) or default_app_support()
    layout = ServerLayout(app_support, getattr(core, 'plugin_support_path', None))
    data_dir = layout.data_items_dir(identifier)
    logs_dir = logs_dir_from_core(core) or default_logs_dir(app_support)
    paths = Paths(app_support, logs_dir, data_dir, getattr(core, 'bundle_path', None))
    token = os.environ.get('PLEXTOKEN') or None
    return Runtime(
        store=FileStore(data_dir),
        log=KitLog(kits['Log']),
        clock=Clock(),
        prefs=KitPrefs(kits['Prefs']),
        tasks=Tasks(kits.get('Thread')),
        http=UrllibHttp(token),
        paths=paths,
        token=token,
    )


def local_runtime(app_support, data_dir=None, prefs=None, logs_dir=None, token=None, log=None,
                  bundle_path=None):
    """A runtime without the framework: the offline command line and unit tests."""
    if data_dir is None:
        data_dir = ServerLayout(app_support).data_items_dir(IDENTIFIER)
    if logs_dir is None:
        logs_dir = ServerLayout(app_support).logs_dir
    defaults = {}
    if bundle_path:
        defaults = load_default_prefs(os.path.join(bundle_path, 'Contents'))
    return Runtime(
        store=FileStore(data_dir),
        log=log if log is not None else StreamLog(),
        clock=Clock(),
        prefs=DictPrefs(prefs, defaults),
        tasks=Tasks(None),
        http=UrllibHttp(token),
        paths=Paths(app_support, logs_dir, data_dir, bundle_path),
        token=token,
    )
