# -*- coding: utf-8 -*-
"""The HTTP cache on disk (plex-runtime.md §3.6; components/caching.py, `HTTP.system` manager).

In: URL, bodies and headers from the HTTP kit. Out: cached (body, headers) while fresh.
Layout as in the framework: `Plug-in Support/Caches/<id>/HTTP.system/<sha1[:2]>/<sha1[2:]>.content`
(the body), `<sha1[2:]>_attributes` (JSON: accessed_at, modified_at, expiry_interval,
attributes {headers}, item_sizes) and `CacheInfo` (JSON: url -> [accessed_at, total size]).
It lives on disk, so it survives a restart; an entry is fresh while `modified_at` (whole
seconds) is within the cacheTime of the request asking for it. Trimmed to 1024 items / 50 MiB
once it holds more than 1124 (config.py).
"""
from __future__ import absolute_import, division, print_function

import hashlib
import json
import logging
import os
import shutil
import threading
import time

from .compat import makedirs, read_bytes, remove_if_exists, to_bytes, to_text, write_bytes

MAX_ITEMS = 1024
MAX_ITEMS_GRACE = 100
MAX_SIZE = 52428800


class HTTPCache(object):
    """One plug-in's HTTP.system cache folder."""

    def __init__(self, plugin_log, path):
        self._log = plugin_log
        self._path = path
        self._info_path = os.path.join(path, 'CacheInfo')
        self._lock = threading.RLock()
        self._info = {}
        makedirs(path)
        if os.path.isfile(self._info_path):
            try:
                self._info = json.loads(read_bytes(self._info_path).decode('utf-8'))
            except Exception:
                self._log.fw_exception(('caching', 103), "Exception loading the cache info file from '%s'",
                                       self._info_path)
                self.clear()
        elif os.listdir(path):
            self._log.fw(logging.DEBUG, ('caching', 108), 'No info file found, trashing the cache folder')
            self.clear()

    def _files(self, url):
        digest = hashlib.sha1(to_bytes(url)).hexdigest()
        folder = os.path.join(self._path, digest[:2])
        return os.path.join(folder, digest[2:] + '.content'), os.path.join(folder, digest[2:] + '_attributes')

    def _attributes(self, url):
        path = self._files(url)[1]
        if not os.path.isfile(path):
            return None
        try:
            return json.loads(read_bytes(path).decode('utf-8'))
        except ValueError:
            return None

    def _save_attributes(self, url, attrs):
        path = self._files(url)[1]
        makedirs(os.path.dirname(path))
        write_bytes(path, to_bytes(json.dumps(attrs, sort_keys=True)))
        self._info[url] = [attrs['accessed_at'], sum(attrs['item_sizes'].values())]
        write_bytes(self._info_path, to_bytes(json.dumps(self._info, sort_keys=True)))

    def lookup(self, url, cache_time):
        """(body, headers) when a non-empty body is stored and younger than `cache_time` seconds."""
        with self._lock:
            attrs = self._attributes(url)
            content = self._files(url)[0]
            if attrs is None or not os.path.isfile(content):
                return None
            data = read_bytes(content)
            attrs['accessed_at'] = int(time.time())
            attrs['expiry_interval'] = int(cache_time)
            self._save_attributes(url, attrs)
            expired = cache_time == 0 or attrs['modified_at'] < time.time() - cache_time
            if not data or expired:
                return None
            return data, dict(attrs['attributes'].get('headers') or {})

    def store(self, url, cache_time, data, headers):
        with self._lock:
            content = self._files(url)[0]
            makedirs(os.path.dirname(content))
            write_bytes(content, data)
            now = int(time.time())
            self._save_attributes(url, {
                'accessed_at': now, 'modified_at': now, 'expiry_interval': int(cache_time),
                'attributes': {'headers': dict((to_text(k), to_text(v)) for k, v in headers.items())},
                'item_sizes': {'content': len(data)}})

    def remove(self, url):
        with self._lock:
            for path in self._files(url):
                remove_if_exists(path)
            if self._info.pop(url, None) is not None:
                write_bytes(self._info_path, to_bytes(json.dumps(self._info, sort_keys=True)))

    def trim_if_needed(self):
        """Above 1124 items: drop the least recently used down to 1024 items and 50 MiB."""
        with self._lock:
            if len(self._info) <= MAX_ITEMS + MAX_ITEMS_GRACE:
                return
            ordered = sorted(self._info.items(), key=lambda pair: pair[1])
            while ordered and (len(ordered) > MAX_ITEMS or sum(v[1] for _k, v in ordered) > MAX_SIZE):
                self.remove(ordered.pop(0)[0])
            size = sum(v[1] for _k, v in ordered)
            self._log.fw(logging.DEBUG, ('caching', 268), '%s cache trimmed - new size is %d KB (%d items)',
                         os.path.basename(self._path), int(size / 1024), len(self._info))

    def clear(self):
        """HTTP.ClearCache(): the folder is removed and made again, empty."""
        with self._lock:
            shutil.rmtree(self._path, ignore_errors=True)
            makedirs(self._path)
            self._info = {}
            write_bytes(self._info_path, to_bytes(json.dumps(self._info)))
