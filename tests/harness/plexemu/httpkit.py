# -*- coding: utf-8 -*-
"""The `HTTP` kit: real urllib requests (plex-runtime.md §3.6; components/networking.py).

Lazy HTTPRequest (fetched on .content/str/len/+ or immediate=True), default Safari UA +
`Accept-Encoding: gzip`, HTTP.Headers, per-call headers, gzip bodies decoded, timeout 20 s,
PLEXTOKEN -> X-Plex-Token for http://127.0.0.1 URLs, `:32400/` refused under Standard,
HTTPError with `.content`, logged `Requesting` / `Error opening URL` lines. Requests to
http://127.0.0.1:32400 go to `server_url` when the emulator was given one. A `#anchor` is cut
off first. cacheTime > 0 uses the cache on disk (httpcache.py); Agent-class plug-ins cache only
html/xml/json/javascript bodies. Cookies live in a MozillaCookieJar loaded from
`Data/<id>/HTTPCookies` at start and saved there after each successful request (session
cookies are not saved, as MozillaCookieJar.save leaves them out).
"""
from __future__ import absolute_import, division, print_function

import gzip
import io
import logging
import os
import threading
import time

from .compat import PY2, HTTPError, cookiejar, to_bytes, to_text, urlencode, urllib_request
from .errors import FrameworkException, RedirectError
from .httpcache import HTTPCache

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


def _cacheable_in_agents(content_type):
    """HTTPRequest._content_type_allowed: what an Agent-class plug-in may cache."""
    return any(kind in content_type for kind in ('html', 'xml', 'json', 'javascript'))


def strip_anchor(url):
    """networking.http_request: `#...` is cut off (rfind, only when not at position 0)."""
    pos = url.rfind('#')
    return url[:pos] if pos > 0 else url


class HTTPRequest(object):
    """Nothing is fetched until the body is needed (components/networking.py HTTPRequest)."""

    def __init__(self, kit, url, data, headers, cache_time, timeout, immediate, sleep, follow_redirects, method):
        self._kit = kit
        self._url = url
        self._post_data = data
        self._request_headers = dict(headers)
        self._cache_time = cache_time  # None: this request neither reads nor writes the cache
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
        if self._data:  # `if not self._data` in the framework: an empty body is fetched again
            return
        kit = self._kit
        log = kit._emu.plugin_log
        if self._cache_time is not None:
            cached = kit.cache.lookup(self._url, self._cache_time)
            if cached is not None:
                content_type = cached[1].get('content-type', '')
                if kit.agent_class and not _cacheable_in_agents(content_type):
                    log.fw(logging.DEBUG, ('networking', 134), "Removing cached data for '%s' (content type '%s' "
                           "not cacheable in Agent plug-ins)", self._url, content_type)
                    kit.cache.remove(self._url)
                else:
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
            kit.save_cookies()
            self._headers = dict((k.lower(), v) for k, v in f.headers.items())
            f.close()
            if self._cache_time is not None:
                content_type = self._headers.get('content-type', '')
                if kit.agent_class and not _cacheable_in_agents(content_type):
                    log.fw(logging.DEBUG, ('networking', 176), "Not caching '%s' (content type '%s' not cacheable "
                           "in Agent plug-ins)", self._url, content_type)
                else:
                    kit.cache.store(self._url, self._cache_time, self._data, self._headers)
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
        self.agent_class = emu.plugin_class == 'Agent'
        self.cache = HTTPCache(emu.plugin_log, os.path.join(emu.layout.caches_dir(emu.identifier), 'HTTP.system'))
        self.cookie_path = os.path.join(emu.data_path, 'HTTPCookies')
        self.cookie_jar = cookiejar.MozillaCookieJar()
        self._cookie_lock = threading.Lock()
        if os.path.isfile(self.cookie_path):
            try:
                self.cookie_jar.load(self.cookie_path)
                emu.plugin_log.fw(logging.DEBUG, ('networking', 262), 'Loaded HTTP cookies')
            except Exception:
                emu.plugin_log.fw_exception(('networking', 264), 'Exception loading HTTP cookies')
        else:
            emu.plugin_log.fw(logging.DEBUG, ('networking', 266), 'No cookie jar found')

    def save_cookies(self):
        """Networking._save(): the whole jar is written after every successful request."""
        with self._cookie_lock:
            self.cookie_jar.save(self.cookie_path)

    def _check_url(self, url):
        if url.find(':32400/') > -1 and not self._emu.elevated:
            raise FrameworkException("Accessing the media server's HTTP interface is not permitted.")

    def Request(self, url, values=None, headers={}, cacheTime=None, encoding=None, errors=None,
                timeout=_DEFAULT, immediate=False, sleep=0, data=None, follow_redirects=True, method=None):
        self._check_url(url)
        return self.http_request(url, values, headers, cacheTime, timeout, immediate, sleep, data, follow_redirects,
                                 method, self.Headers)

    def http_request(self, url, values=None, headers=None, cacheTime=None, timeout=_DEFAULT, immediate=False,
                     sleep=0, data=None, follow_redirects=True, method=None, custom_headers=None):
        """Networking.http_request (also what the framework itself uses, e.g. for a media tree):
        no `:32400` check, no HTTP.Headers unless the kit passes them."""
        if cacheTime is None:
            cacheTime = self.CacheTime
        url = strip_anchor(url)
        if values and not data:
            data = urlencode(values)
        if data:
            cacheTime, immediate = 0, True
            data = to_bytes(data)
        else:
            data = None
        if cacheTime > 0:
            self.cache.trim_if_needed()
        else:
            self.cache.remove(url)  # cacheTime 0 deletes any cached copy
        all_headers = {'Accept-Encoding': 'gzip', 'User-Agent': USER_AGENT}
        all_headers.update(custom_headers or {})
        all_headers.update(headers or {})
        if timeout is _DEFAULT:
            timeout = self._emu.network_timeout
        return HTTPRequest(self, url, data, all_headers, cacheTime if cacheTime > 0 else None, timeout, immediate,
                           sleep, follow_redirects, method)

    def ClearCache(self):
        self.cache.clear()

    def ClearCookies(self):
        """Networking.clear_cookies: the file is removed (OSError when there is none) and the
        empty jar saved again."""
        self._emu.plugin_log.fw(logging.DEBUG, ('networking', 402), 'Clearing HTTP cookies')
        with self._cookie_lock:
            self.cookie_jar.clear()
            os.remove(self.cookie_path)
        self.save_cookies()

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
