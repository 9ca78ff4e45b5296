# -*- coding: utf-8 -*-
"""Emulator: loads a bundle the way Plex's framework 2.6.3 does and answers its routes.

Start order follows plex-runtime.md §2.2: storage dirs, log (rolled), policy, Libraries/Shared
on sys.path (Elevated), compile Code/__init__.py, execute it with the kits as globals, call
Start() (exceptions logged and swallowed), `Started plug-in`. See docs in this package's
README section of docs/contracts.md for the API.
"""
from __future__ import absolute_import, division, print_function

import logging
import os
import plistlib
import sys
import threading

from pleximprovement.runtime.paths import ServerLayout

from . import agentkit, datakit, httpkit, localekit, logkit, misckit, objects, parsekit, prefskit, process, threadkit
from .compat import PY2, makedirs, read_bytes, urlencode
from .context import RequestContext
from .errors import BundleLoadError, ExKit, FrameworkException
from .loader import Sandbox, compile_restricted
from .routing import Response, Routing, content_type_of
from .server import EmulatorServer

FRAMEWORK_VERSION = '2.6.3'
FRAMEWORK_BUILD = '248a2da (Thu May 18 13:03:39 UTC 2023)'
POLICIES = ('Standard', 'Elevated', 'Cloud')
CACHE_CONSTANTS = {'CACHE_1MINUTE': 60, 'CACHE_1HOUR': 3600, 'CACHE_1DAY': 86400, 'CACHE_1WEEK': 604800,
                   'CACHE_1MONTH': 2592000}
_RESOURCE_MTIME = 1684400000  # framework's own resources (Prefs.png...) in the snapshot's build


def read_plist(path):
    data = read_bytes(path)
    if hasattr(plistlib, 'loads'):
        return plistlib.loads(data)
    return plistlib.readPlistFromString(data)  # pragma: no cover - 2.7


def _set_default_encoding():
    """bootstrap.py: sys.setdefaultencoding('utf-8') (2.7 only; 3 is always UTF-8 text)."""
    if PY2:  # pragma: no cover
        reload_sys = getattr(__builtins__, 'reload', None) if not isinstance(__builtins__, dict) \
            else __builtins__.get('reload')
        if sys.getdefaultencoding() != 'utf-8' and reload_sys is not None:
            stdout, stderr = sys.stdout, sys.stderr
            reload_sys(sys)
            sys.stdout, sys.stderr = stdout, stderr
            sys.setdefaultencoding('utf-8')


class Emulator(object):
    """One plug-in process. Several run side by side in one Python process only where they need
    nothing a process holds once (process.py: identifier, Libraries modules, environment);
    start() refuses the others with EmulatorConflict."""

    def __init__(self, bundle_path, app_support, env=None, server_url=None):
        self.bundle_path = os.path.abspath(bundle_path)
        self.app_support = os.path.abspath(app_support)
        self.env = dict(env or {})
        self.server_url = server_url.rstrip('/') if server_url else None
        info = read_plist(os.path.join(self.bundle_path, 'Contents', 'Info.plist'))
        self.info = info
        self.identifier = info['CFBundleIdentifier']
        policy_value = info.get('PlexPluginCodePolicy', 'Standard')
        self.policy_name = policy_value if policy_value in POLICIES else 'Standard'
        self.policy_label = policy_value.lower()
        self.elevated = self.policy_name == 'Elevated'
        self.plugin_class = info.get('PlexPluginClass', 'Content')
        self.layout = ServerLayout(self.app_support)
        self.plugin_support_path = self.layout.plugin_support
        self.data_path = self.layout.data_dir(self.identifier)
        self.data_dir = self.layout.data_items_dir(self.identifier)
        self.log_dir = self.layout.plugin_logs_dir
        self.log_path = self.layout.plugin_log(self.identifier)
        self.network_timeout = 20.0
        self.dict_save_delay = 5.0
        self.server_attributes = {}
        self.started = False
        self.plugin_log = None
        self.sandbox = None
        self.globals = {}
        self._claim = None
        self._server = None
        self._lock = threading.RLock()

    # ---- life cycle ---------------------------------------------------------------------
    def start(self):
        """Load and start the bundle: BundleLoadError when Plex would not start it, EmulatorConflict
        when this process cannot hold it next to the running emulators. Each start is a fresh
        plug-in process: its own Libraries modules, its environment (process.py)."""
        with self._lock:
            if self.started:
                return self
            self._claim = process.claim(self.identifier, self.bundle_path, self.library_dirs(), self.env,
                                        self.elevated)
            try:
                return self._start()
            except BaseException:
                self.stop()
                raise

    def _start(self):
        _set_default_encoding()
        makedirs(self.data_dir)
        self.plugin_log = logkit.PluginLog(self.identifier, self.log_path)
        self.plugin_log.open()
        log = self.plugin_log
        log.fw(logging.INFO, ('core', 349), 'Starting framework core - Version: %s, Build: %s',
               FRAMEWORK_VERSION, FRAMEWORK_BUILD)
        log.fw(logging.DEBUG, ('core', 361), 'Using the %s policy', self.policy_label)
        self.context = RequestContext()
        self.runtime = threadkit.Runtime(log, self.context)
        self.storage = datakit.Storage(log, self.data_path, self.data_dir)
        self.routing = Routing(self)
        self.localization = localekit.Localization(self)
        self.prefs = prefskit.PrefsKit(self)
        for name in ('runtime', 'storage', 'networking', 'localization', 'services', 'messaging'):
            log.fw(logging.DEBUG, ('core', 450), 'Starting %s component.', name)
        self.objects = objects.bind_classes(self)
        code_path = os.path.join(self.bundle_path, 'Contents', 'Code')
        self.sandbox = Sandbox(self, code_path, self.elevated)
        api = self._build_api()
        self.globals = self.sandbox.build_environment(api)
        self.started = True
        init_path = os.path.join(code_path, '__init__.py')
        if os.path.isfile(init_path):
            log.fw(logging.DEBUG, ('core', 560), 'Loading plug-in code')
            try:
                code = compile_restricted(init_path, 'init')
            except BundleLoadError:
                log.fw_exception(('core', 569), 'Exception while loading code')
                self.stop()
                raise
            log.fw(logging.DEBUG, ('core', 566), 'Finished loading plug-in code')
            try:
                self._exec_init(code)
            except Exception as exc:
                log.fw_exception(('core', 615), 'Exception starting plug-in')
                self.stop()
                if isinstance(exc, BundleLoadError):
                    exc.exit_code = 3
                    raise
                raise BundleLoadError('Error starting framework core for %s: %s: %s' % (
                    self.identifier, type(exc).__name__, exc), init_path, _exc_line(exc, init_path), 3)
            self.sandbox.call_named_function('Start')
        log.fw(logging.INFO, ('core', 611), 'Started plug-in')
        return self

    def _exec_init(self, code):
        self.sandbox.execute(code)

    def stop(self, timeout=5.0):
        """Cancel timers and join threads started through the Thread kit; close the log."""
        with self._lock:
            alive = []
            if getattr(self, 'runtime', None) is not None:
                alive = self.runtime.stop(timeout)
            self.shutdown_server()
            if self.plugin_log is not None:
                self.plugin_log.close()
            if self._claim is not None:
                process.release(self._claim)  # its Libraries modules are forgotten, env restored
                self._claim = None
            self.started = False
            return alive

    def reload(self):
        """stop + start with fresh kits: code re-read from disk, log rolled to .log.1."""
        self.stop()
        self.__init__(self.bundle_path, self.app_support, self.env, self.server_url)
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---- helpers used by the kits ---------------------------------------------------------
    def library_dirs(self):
        """Contents/Libraries/Shared and Libraries/<OS>/<CPU> (first on sys.path under Elevated, §2.2)."""
        libs = os.path.join(self.bundle_path, 'Contents', 'Libraries')
        return [os.path.join(libs, 'Shared'), os.path.join(libs, misckit.platform_os(), misckit.PlatformKit(self).CPU)]

    def own_library_dirs(self):
        """The Libraries folders this running plug-in may import from (none under Standard)."""
        return list(self._claim.dirs) if self._claim is not None else []

    def environ(self, name, default=None):
        """The plug-in process's environment: `env` given to the emulator, then os.environ."""
        if name in self.env:
            return self.env[name]
        return os.environ.get(name, default)

    def prefs_available(self):
        return self.prefs.available()

    def resource_path(self, name):
        path = os.path.join(self.bundle_path, 'Contents', 'Resources', name)
        return path if os.path.isfile(path) else None

    def resource_url(self, name):
        path = self.resource_path(name)
        mtime = int(os.path.getmtime(path)) if path else _RESOURCE_MTIME
        return '/:/plugins/%s/resources/%s?t=%d' % (self.identifier, name, mtime)

    def resource_data(self, name):
        path = self.resource_path(name)
        if path is None:
            return None
        return self.objects['DataObject'](read_bytes(path), _guess_type(name))

    def rewrite_url(self, url):
        """http://127.0.0.1:32400/... -> server_url (the simulated PMS), as run_bundle's patch does."""
        if self.server_url:
            for base in ('http://127.0.0.1:32400', 'http://localhost:32400'):
                if url.startswith(base):
                    return self.server_url + url[len(base):]
        return url

    # ---- the API globals ----------------------------------------------------------------
    def _build_api(self):
        log = self.plugin_log
        api = {}
        api['Log'] = logkit.LogKit(log)
        api['Data'] = datakit.DataKit(self.storage)
        self.dict_kit = datakit.DictKit(self.storage, log, self.bundle_path, self.runtime, self.dict_save_delay)
        api['Dict'] = self.dict_kit
        api['Prefs'] = self.prefs
        thread_kit = threadkit.ThreadKit(self.runtime)
        api['Thread'] = thread_kit
        api.update(threadkit.make_decorators(thread_kit))
        api['Platform'] = misckit.PlatformKit(self)
        api['Network'] = misckit.NetworkKit(self)
        api['Request'] = misckit.RequestKit(self)
        api['Response'] = misckit.ResponseKit(self)
        api['Client'] = misckit.ClientKit(self)
        plugin = misckit.PluginKit(self)
        api['Plugin'] = plugin
        api['handler'] = self.routing.handler
        api['route'] = self.routing.route
        api['Route'] = _RouteKit(self.routing)
        api['Callback'] = self.routing.callback
        api['indirect'] = lambda f: f
        api['deferred'] = lambda f: f
        api['Ex'] = ExKit
        api['FrameworkException'] = FrameworkException
        api['Object'] = object
        api['hexlify'] = __import__('binascii').hexlify
        api['unhexlify'] = __import__('binascii').unhexlify
        locale_kit = localekit.LocaleKit(self.localization, self.context)
        api['Locale'] = locale_kit
        api['L'] = locale_kit.LocalString
        api['F'] = locale_kit.LocalStringWithFormat
        resource = misckit.ResourceKit(self)
        api['Resource'] = resource
        api['R'] = resource.ExternalPath
        api['S'] = resource.SharedExternalPath
        string_kit = misckit.StringKit()
        api['String'] = string_kit
        api['E'] = string_kit.Encode
        api['D'] = string_kit.Decode
        api['Hash'] = misckit.HashKit()
        api['Datetime'] = misckit.DatetimeKit()
        api['Util'] = misckit.UtilKit()
        api['Regex'] = __import__('re').compile
        api.update(CACHE_CONSTANTS)
        api.update(self.objects)
        self.http = httpkit.HTTPKit(self)
        api['HTTP'] = self.http
        api.update(parsekit.make_kits(self))
        self.agents = agentkit.AgentHost(self)
        api.update(self.agents.api())
        if self.elevated:
            api['Core'] = misckit.CoreKit(self)
        for name in self.info.get('PlexPluginAPIExclusions', []) or []:
            api.pop(name, None)
        return api

    # ---- requests -------------------------------------------------------------------------
    def request(self, path, query=None, headers=None, method='GET', body=b''):
        """Answer a request as the plug-in's HTTP interface would. `query`: dict or str."""
        if not self.started:
            raise RuntimeError('Emulator not started')
        if '?' in path and query is None:
            path, query = path.split('?', 1)
        if isinstance(query, dict):
            query = urlencode(sorted(query.items()))
        status, out_headers, body_bytes = self.routing.dispatch(path, query or '', headers, method.upper(), body)
        return Response(status, content_type_of(out_headers), body_bytes, out_headers)

    def agent_search(self, hints, media_type='Movie', lang='en', manual=False, primary=True):
        return self.agents.search(hints, media_type, lang, manual, primary)

    def agent_update(self, metadata_id, media_type='Movie', guid=None, lang='en', force=True, media=None):
        return self.agents.update(metadata_id, media_type, guid, lang, force, media)

    def serve(self):
        if self._server is None:
            self._server = EmulatorServer(self)
        return self._server.address

    def shutdown_server(self):
        if self._server is not None:
            self._server.close()
            self._server = None


class _RouteKit(object):
    def __init__(self, routing):
        self._routing = routing

    def Connect(self, path, f, method='GET', **kwargs):
        self._routing.add_route(path, f, method, dict((k, v) for k, v in kwargs.items() if isinstance(v, type)))


def _exc_line(exc, path):
    tb = sys.exc_info()[2]
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _guess_type(name):
    ext = os.path.splitext(name)[1].lower()
    return {'.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
            '.json': 'application/json', '.xml': 'application/xml'}.get(ext, 'application/octet-stream')
