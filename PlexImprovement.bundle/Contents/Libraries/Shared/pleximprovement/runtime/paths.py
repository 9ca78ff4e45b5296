# -*- coding: utf-8 -*-
"""The Plex folder layout, spelled once (plex-runtime.md §6.6, §1, §3.3).

In: an app-support folder (or the environment and OS to find the default one). Out: the
paths of Plug-ins, Plug-in Support (Data, Preferences, Caches), Logs and PMS Plugin Logs.
The core, the emulator, the simulated server, the demo and the tools all build paths here.
"""
from __future__ import absolute_import, division, print_function

import os
import sys

PLUGIN_LOGS = 'PMS Plugin Logs'
PLUGINS = 'Plug-ins'
PLUGIN_SUPPORT = 'Plug-in Support'
LOGS = 'Logs'
DATA_ITEMS = 'DataItems'      # a plug-in's Data items, below its data folder (Plug-in Support/Data/<id>)


class ServerLayout(object):
    """The folders below one server's app-support folder."""

    def __init__(self, app_support, plugin_support=None):
        self.app_support = app_support
        self.plugins_dir = os.path.join(app_support, PLUGINS)
        self.plugin_support = plugin_support or os.path.join(app_support, PLUGIN_SUPPORT)
        self.logs_dir = os.path.join(app_support, LOGS)
        self.plugin_logs_dir = os.path.join(self.logs_dir, PLUGIN_LOGS)
        self.preferences_dir = os.path.join(self.plugin_support, 'Preferences')

    def bundle_dir(self, bundle_name):
        return os.path.join(self.plugins_dir, bundle_name)

    def data_dir(self, identifier):
        """`Plug-in Support/Data/<id>`: the framework chdirs here; Dict, HTTPCookies live here."""
        return os.path.join(self.plugin_support, 'Data', identifier)

    def data_items_dir(self, identifier):
        return os.path.join(self.data_dir(identifier), DATA_ITEMS)

    def preferences_file(self, identifier):
        return os.path.join(self.preferences_dir, identifier + '.xml')

    def caches_dir(self, identifier):
        return os.path.join(self.plugin_support, 'Caches', identifier)

    def plugin_log(self, identifier):
        return os.path.join(self.plugin_logs_dir, identifier + '.log')

    def create(self):
        """Make the folders a fresh server has (the emulator, the simulator and the demo)."""
        for path in (self.plugins_dir, self.plugin_support, self.plugin_logs_dir):
            if not os.path.isdir(path):
                os.makedirs(path)
        return self


class Paths(object):
    """Where this running plug-in finds things. `logs_dir` holds `PMS Plugin Logs/` and the main log."""

    def __init__(self, app_support, logs_dir, data_dir, bundle_path=None):
        self.app_support = app_support
        self.logs_dir = logs_dir
        self.plugin_logs_dir = os.path.join(logs_dir, PLUGIN_LOGS)
        self.plugins_dir = ServerLayout(app_support).plugins_dir
        self.data_dir = data_dir
        self.bundle_path = bundle_path


def default_app_support(environ=None, platform=None, home=None):
    """The server's app-support folder per OS (plex-runtime.md §6.6); `home` defaults to ~."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    home = os.path.expanduser('~') if home is None else home
    if environ.get('PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR'):
        return os.path.join(environ['PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR'], 'Plex Media Server')
    if platform.startswith('win'):
        base = environ.get('PLEXLOCALAPPDATA') or environ.get('LOCALAPPDATA') or ''
        return os.path.join(base, 'Plex Media Server')
    if platform == 'darwin':
        return os.path.join(home, 'Library', 'Application Support', 'Plex Media Server')
    return '/var/lib/plexmediaserver/Library/Application Support/Plex Media Server'


def default_logs_dir(app_support, environ=None, platform=None):
    """The server's Logs folder: env var first, macOS keeps logs under ~/Library/Logs."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if environ.get('PLEX_MEDIA_SERVER_LOG_DIR'):
        return environ['PLEX_MEDIA_SERVER_LOG_DIR']
    if platform == 'darwin' and not os.path.isdir(os.path.join(app_support, 'Logs')):
        return os.path.join(os.path.expanduser('~'), 'Library', 'Logs', 'Plex Media Server')
    return ServerLayout(app_support).logs_dir


def logs_dir_from_core(core_kit):
    """The framework keeps the plug-in log path only in its file handler (§3.9)."""
    logger = getattr(core_kit, 'log', None)
    for handler in getattr(logger, 'handlers', None) or []:
        filename = getattr(handler, 'baseFilename', None)
        if filename:
            plugin_logs = os.path.dirname(filename)
            if os.path.basename(plugin_logs) == PLUGIN_LOGS:
                return os.path.dirname(plugin_logs)
    return None
