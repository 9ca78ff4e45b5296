# -*- coding: utf-8 -*-
"""The `HTTP` kit: real urllib requests (plex-runtime.md §3.6; components/networking.py).

Lazy HTTPRequest (fetched on .content/str/len/+ or immediate=True), default Safari UA +
`Accept-Encoding: gzip`, HTTP.Headers, per-call headers, gzip bodies decoded, timeout 20 s,
PLEXTOKEN -> X-Plex-Token for http://127.0.0.1 URLs, `:32400/` refused under Standard,
HTTPError with `.content`, logged `Requesting` / `Error opening URL` lines. Requests to
http://127.0.0.1:32400 go to `server_url` when the emulator was given one.
Approximation: the HTTP cache (cacheTime > 0) is kept in memory, not under Caches/.
"""
from __future__ import absolute_import, division, print_function

import gzip
import io
import logging
import threading
import time

from .compat import PY2, HTTPError, cookiejar, to_bytes, to_text, urlencode, urllib_request
from .errors import FrameworkException, RedirectError

USER_AGENT = ('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_2) AppleWebKit/537.74.9 (KHTML, like Gecko) '
              'Version/7.0.2 Safari/537.74.9')
_DEFAULT = object()


class _NoRedirect(urllib_request.HTTPRedirectHandler):
    """follow_redirects=False: RedirectError instead of following (RedirectHandler)."""

    def __init__(self, follow):
        self.follow = follow

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not self.follow:
            raise RedirectError(code, headers)
        return urllib_request.HTTPRedirectHandler.redirect_request(self, req, fp, code, msg, headers, newurl)


def _gunzip(data):
    return gzip.GzipFile(fileobj=io.BytesIO(data)).read()


class HTTPRequest(object):
    """Nothing is fetched until the body is needed (components/networking.py HTTPRequest)."""

    def __init__(self, kit, url, data, headers, cache_time, timeout, immediate, sleep, follow_redirects, method):
        self._kit = kit
        self._url = url
        self._post_data = data
        self._request_headers = dict(headers)
        self._cache_time = cache_time
        self._timeout = timeout
        self._sleep = sleep
        self._follow = follow_redirects
        self._method = method
        self._data = None
        self._headers = None
        if immediate:
            self.load()

    def _open(self, method=None):
        emu = self._kit._emu
        token = emu.environ('PLEXTOKEN')
        if token and self._url.find('http://127.0.0.1') == 0:
            self._request_headers['X-Plex-Token'] = token
        req = urllib_request.Request(emu.rewrite_url(self._url), self._post_data, self._request_headers)
        verb = method or self._method
        if verb:
            req.get_method = lambda: verb
        opener = urllib_request.build_opener(_NoRedirect(self._follow),
                                             urllib_request.HTTPCookieProcessor(self._kit.cookie_jar))
        return opener.open(req, timeout=self._timeout)

    def load(self):
        if self._data is not None:
            return
        log = self._kit._emu.plugin_log
        cached = self._kit._cache_get(self._url, self._cache_time)
        if cached is not None:
            log.fw(logging.DEBUG, ('networking', 139), "Fetching '%s' from the HTTP cache", self._url)
            self._data, self._headers = cached
            return
        log.fw(logging.DEBUG, ('networking', 144), "Requesting '%s'", self._url)
        try:
            f = self._open()
            body = f.read()
            if f.headers.get('Content-Encoding') == 'gzip':
                body = _gunzip(body)
            self._data = body
            self._headers = dict((k.lower(), v) for k, v in f.headers.items())
            f.close()
            self._kit._cache_put(self._url, self._cache_time, self._data, self._headers)
            if self._sleep > 0:
                time.sleep(self._sleep)
        except HTTPError as e:
            content = None
            try:
                content = e.read()
                if e.headers is not None and e.headers.get('Content-Encoding') == 'gzip':
                    content = _gunzip(content)
            except Exception:
                pass
            e.__dict__['content'] = content if content else b''
            e.close()
            log.fw(logging.ERROR, ('networking', 197), "Error opening URL '%s'", self._url)
            raise

    @property
    def headers(self):
        if self._headers is None:
            self._kit._emu.plugin_log.fw(logging.DEBUG, ('networking', 211), "Fetching HTTP headers for '%s'",
                                         self._url)
            f = self._open('HEAD')
            self._headers = dict((k.lower(), v) for k, v in f.headers.items())
            f.close()
        return self._headers

    @property
    def content(self):
        """The body: `str` on 2.7 = bytes; bytes on 3."""
        self.load()
        return self._data

    def __str__(self):
        self.load()
        return self._data if PY2 else to_text(self._data)

    def __len__(self):
        self.load()
        return len(self._data)

    def __add__(self, other):
        return self.content + other

    def __radd__(self, other):
        return other + self.content


class HTTPKit(object):
    """The `HTTP` global."""

    def __init__(self, emu):
        self._emu = emu
        self.Headers = {}
        self.CacheTime = 0
        self.cookie_jar = cookiejar.CookieJar()
        self._cache = {}
        self._cache_lock = threading.Lock()

    def _cache_get(self, url, cache_time):
        with self._cache_lock:
            if not cache_time:
                self._cache.pop(url, None)  # cacheTime 0 deletes any cached copy
                return None
            entry = self._cache.get(url)
            if entry and time.time() - entry[0] < cache_time:
                return entry[1], entry[2]
            return None

    def _cache_put(self, url, cache_time, data, headers):
        if cache_time:
            with self._cache_lock:
                self._cache[url] = (time.time(), data, headers)

    def _check_url(self, url):
        if url.find(':32400/') > -1 and not self._emu.elevated:
            raise FrameworkException("Accessing the media server's HTTP interface is not permitted.")

    def Request(self, url, values=None, headers={}, cacheTime=None, encoding=None, errors=None,
                timeout=_DEFAULT, immediate=False, sleep=0, data=None, follow_redirects=True, method=None):
        self._check_url(url)
        all_headers = {'Accept-Encoding': 'gzip', 'User-Agent': USER_AGENT}
        all_headers.update(self.Headers)
        all_headers.update(headers or {})
        if values is not None:
            data = to_bytes(urlencode(values))
        if data is not None:
            cacheTime, immediate = 0, True
            data = to_bytes(data)
        if cacheTime is None:
            cacheTime = self.CacheTime
        if timeout is _DEFAULT:
            timeout = self._emu.network_timeout
        return HTTPRequest(self, url, data, all_headers, cacheTime, timeout, immediate, sleep, follow_redirects,
                           method)

    def ClearCache(self):
        with self._cache_lock:
            self._cache.clear()

    def ClearCookies(self):
        self.cookie_jar.clear()

    def CookiesForURL(self, url):
        return '; '.join('%s=%s' % (c.name, c.value) for c in self.cookie_jar)

    def SetHeader(self, name, value):
        self._emu.plugin_log.fw(logging.WARNING, ('networkkit', 121), 'HTTP.SetHeader() is deprecated')
        self.Headers[name] = value

    def SetCacheTime(self, value):
        self._emu.plugin_log.fw(logging.WARNING, ('networkkit', 110), 'HTTP.SetCacheTime() is deprecated')
        self.CacheTime = value

    def SetTimeout(self, value):
        self._emu.network_timeout = float(value)

    def SetPassword(self, url, username, password, realm=None):
        pass

    def PreCache(self, url, *args, **kwargs):
        pass
