# -*- coding: utf-8 -*-
"""The only place that touches the Plex framework's kits.

`Code/__init__.py` passes the kits it was given as globals to `from_kits()`; everything
else in the core receives the small objects built here (store, log, clock, prefs, tasks,
http, paths). The same core therefore runs inside Plex, in the test emulator, in the
offline command line (`local_runtime()`) and in unit tests with plain fakes.
"""
from __future__ import absolute_import, division, print_function

import errno
import json
import os
import socket
import threading
import time

from ..names import IDENTIFIER
from .paths import Paths, ServerLayout, default_app_support, default_logs_dir, logs_dir_from_core

try:  # Python 2.7 (Plex)
    import urllib2 as urlrequest
    from urllib2 import HTTPError, URLError
except ImportError:  # Python 3
    import urllib.request as urlrequest
    from urllib.error import HTTPError, URLError

try:
    import ssl
    SSL_ERRORS = (ssl.SSLError,)
except ImportError:  # pragma: no cover - Python without ssl
    SSL_ERRORS = ()

DEFAULT_SERVER_URL = 'http://127.0.0.1:32400'


# --------------------------------------------------------------------------- store

class FileStore(object):
    """Named data items in one folder, written so that a crash never loses the old copy.

    The framework's Data.Save deletes the target before moving the new file in, so a crash
    in between leaves nothing. Here the new bytes go to a temp file that is flushed and
    fsynced, then renamed over the target (atomic on POSIX). Windows cannot rename over an
    existing file, so there the old copy is first renamed to `<name>.bak`, which `load()`
    falls back to if the crash happened between the two renames.
    """

    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.RLock()

    def path(self, name):
        if not name or '/' in name or '\\' in name or name in ('.', '..'):
            raise ValueError('invalid data item name: %r' % (name,))
        return os.path.join(self.directory, name)

    def save(self, name, data):
        if data is None:
            raise ValueError('refusing to save None to %s' % name)
        if not isinstance(data, bytes):
            data = data.encode('utf-8')
        self.save_with(name, lambda handle: handle.write(data))

    def save_with(self, name, write):
        """Like save(), but `write(handle)` streams the bytes (big documents, bounded memory)."""
        target = self.path(name)
        temp = os.path.join(self.directory, '.tmp-' + name)
        backup = target + '.bak'
        with self.lock:
            ensure_dir(self.directory)
            handle = open(temp, 'wb')
            try:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            finally:
                handle.close()
            if os.name == 'nt' and os.path.exists(target):
                if os.path.exists(backup):
                    os.remove(backup)
                os.rename(target, backup)
                os.rename(temp, target)
                os.remove(backup)
            else:
                os.rename(temp, target)

    def save_json_compact(self, name, obj):
        """Compact JSON written piece by piece: see write_json_chunked."""
        self.save_with(name, lambda handle: write_json_chunked(handle, obj))

    def load(self, name):
        target = self.path(name)
        for candidate in (target, target + '.bak'):
            try:
                handle = open(candidate, 'rb')
            except IOError as error:
                if error.errno == errno.ENOENT:
                    continue
                raise
            try:
                return handle.read()
            finally:
                handle.close()
        return None

    def exists(self, name):
        return os.path.exists(self.path(name))

    def remove(self, name):
        with self.lock:
            try:
                os.remove(self.path(name))
                return True
            except OSError as error:
                if error.errno == errno.ENOENT:
                    return False
                raise

    def list(self, prefix=''):
        try:
            names = os.listdir(self.directory)
        except OSError:
            return []
        return sorted(n for n in names
                      if n.startswith(prefix) and not n.startswith('.') and not n.endswith('.bak'))

    def save_json(self, name, obj):
        text = json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=True)
        self.save(name, text.encode('ascii'))

    def load_json(self, name, default=None):
        raw = self.load(name)
        if raw is None:
            return default
        try:
            # Parse the bytes as they are: decoding first would hold a second, wider copy of a
            # large document (4 bytes a character on Python 2.7's wide builds).
            return json.loads(raw)
        except (TypeError, ValueError):
            pass
        try:
            return json.loads(raw.decode('utf-8', 'replace'))
        except ValueError:
            return default


def write_json_chunked(handle, obj, chunk=256):
    """Write `obj` as compact ASCII JSON, encoding big dicts and lists a slice at a time.

    `json.dumps` of a large document builds every token as a separate string before joining
    them; on Python 2.7 that list doubled a collector tick's peak memory. Encoding slices of
    at most `chunk` entries with the C encoder keeps its speed and bounds the memory.
    """
    if isinstance(obj, dict) and len(obj) > chunk:
        handle.write(b'{')
        keys = list(obj)
        for start in range(0, len(keys), chunk):
            part = ','.join('%s:%s' % (json.dumps(k), compact_json(obj[k])) for k in keys[start:start + chunk])
            handle.write((',' if start else '').encode('ascii') + part.encode('ascii'))
        handle.write(b'}')
    elif isinstance(obj, dict) and has_big_value(obj.values(), chunk):
        handle.write(b'{')
        for index, key in enumerate(obj):
            handle.write(((',' if index else '') + json.dumps(key) + ':').encode('ascii'))
            write_json_chunked(handle, obj[key], chunk)
        handle.write(b'}')
    elif isinstance(obj, (list, tuple)) and len(obj) > chunk:
        handle.write(b'[')
        for start in range(0, len(obj), chunk):
            part = ','.join(compact_json(v) for v in obj[start:start + chunk])
            handle.write((',' if start else '').encode('ascii') + part.encode('ascii'))
        handle.write(b']')
    else:
        handle.write(compact_json(obj).encode('ascii'))


def has_big_value(values, chunk, depth=3):
    """True when a value, or one nested up to `depth` levels in it, is a container over
    `chunk` entries: only then is a dict worth walking key by key instead of dumped whole."""
    for value in values:
        if isinstance(value, (list, tuple)):
            if len(value) > chunk or (depth > 1 and has_big_value(value, chunk, depth - 1)):
                return True
        elif isinstance(value, dict):
            if len(value) > chunk or (depth > 1 and has_big_value(value.values(), chunk, depth - 1)):
                return True
    return False


def compact_json(obj):
    return json.dumps(obj, separators=(',', ':'), ensure_ascii=True)


def ensure_dir(path):
    """os.makedirs without exist_ok (Python 2.7)."""
    try:
        os.makedirs(path)
    except OSError as error:
        if error.errno != errno.EEXIST or not os.path.isdir(path):
            raise


# --------------------------------------------------------------------------- log

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
        import traceback
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
    thread exceptions), plain threads otherwise. Keeps every timer so `cancel_all()` can
    stop them (the framework has no shutdown hook; tests and the emulator do)."""

    def __init__(self, thread_kit=None):
        self.kit = thread_kit
        self.timers = []
        self.threads = []
        self.locks = {}
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

    def lock(self, name):
        with self.guard:
            if name not in self.locks:
                self.locks[name] = threading.RLock()
            return self.locks[name]

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


# --------------------------------------------------------------------------- http

class HttpResult(object):
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body


class HttpFailure(Exception):
    """A request that did not give a 2xx answer; `kind` says why, `status` for HTTP codes."""

    def __init__(self, kind, message, status=None, body=None):
        Exception.__init__(self, message)
        self.kind = kind
        self.status = status
        self.body = body


class UrllibHttp(object):
    """HTTP with the standard library, used for the server's own API on loopback.

    The framework's HTTP kit would add the token itself for 127.0.0.1, but it caches,
    lower-cases headers and hides the status; plain urllib works the same in every mode.
    """

    def __init__(self, token=None):
        self.token = token

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        request = urlrequest.Request(url, data=body)
        request.get_method = lambda: method
        if self.token:
            request.add_header('X-Plex-Token', self.token)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            response = urlrequest.urlopen(request, timeout=timeout)
            try:
                data = response.read()
                info = response.info()
                found = dict((k.lower(), v) for k, v in info.items())
                return HttpResult(response.getcode(), found, data)
            finally:
                response.close()
        except HTTPError as error:
            try:
                content = error.read()
            except Exception:  # noqa: BLE001 - the body is only evidence
                content = b''
            raise HttpFailure('http', 'HTTP %s from %s' % (error.code, url), error.code, content)
        except URLError as error:
            raise HttpFailure(classify_reason(error.reason), 'cannot reach %s: %s' % (url, error.reason))
        except socket.timeout as error:
            raise HttpFailure('timeout', 'timed out reading %s: %s' % (url, error))
        except SSL_ERRORS as error:
            raise HttpFailure('ssl', 'SSL error with %s: %s' % (url, error))
        except (socket.error, IOError) as error:
            raise HttpFailure(classify_reason(error), 'connection to %s failed: %s' % (url, error))


def classify_reason(reason):
    text = str(reason).lower()
    if isinstance(reason, socket.timeout) or 'timed out' in text:
        return 'timeout'
    if isinstance(reason, socket.gaierror) or 'name or service' in text or 'getaddrinfo' in text \
            or 'name resolution' in text or 'nodename nor servname' in text:
        return 'dns'
    if 'ssl' in text or 'certificate' in text:
        return 'ssl'
    if 'refused' in text:
        return 'refused'
    return 'other'


# --------------------------------------------------------------------------- runtime

class Runtime(object):
    def __init__(self, store, log, clock, prefs, tasks, http, paths, token=None, dict_kit=None):
        self.store = store
        self.log = log
        self.clock = clock
        self.prefs = prefs
        self.tasks = tasks
        self.http = http
        self.paths = paths
        self.token = token
        self.dict_kit = dict_kit

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
        dict_kit=kits.get('Dict'),
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
