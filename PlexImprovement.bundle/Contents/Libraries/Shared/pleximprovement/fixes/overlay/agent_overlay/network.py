# -*- coding: utf-8 -*-
"""The network overlays: browser headers, retry with backoff, longer timeout, response caching.

In: the enabled overlays' parameters and the kits' fetch methods (HTTP.Request, HTML.ElementFromURL,
XML.ElementFromURL/ObjectFromURL, JSON.ObjectFromURL; the framework's parse kits fetch through their own
`_http_request`, not through HTTP.Request, so each is wrapped). Out: wrappers that call the original
with adjusted arguments and retry it; the agent gets the original's result, or the last exception.
Only GET/HEAD requests are retried. HTTP.Request fetches lazily (on .content, str()...), so the request
object it returns has its load() wrapped too.
"""
from __future__ import absolute_import, division, print_function

import email.utils
import inspect
import random
import re
import socket
import threading
import time

from .overlay_sandbox import argspec

try:  # 2.7 (the framework); the emulator also runs on 3
    from urllib2 import HTTPError, URLError
except ImportError:
    from urllib.error import HTTPError, URLError
try:
    NUMBERS = (int, long, float)  # noqa: F821
except NameError:
    NUMBERS = (int, float)

NETWORK_OVERLAYS = ('browser_headers', 'retry_backoff', 'network_timeout', 'response_cache')
FETCHES = (('HTTP', 'Request'), ('HTML', 'ElementFromURL'), ('XML', 'ElementFromURL'), ('XML', 'ObjectFromURL'),
           ('JSON', 'ObjectFromURL'))
USER_AGENTS = {
    'chrome_desktop': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
                      'Chrome/124.0.0.0 Safari/537.36',
    'firefox_desktop': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
    'safari_mac': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) '
                  'Version/17.4 Safari/605.1.15',
}
# Sent only by HTML.ElementFromURL: JSON.ObjectFromURL asks for JSON, and HTTP.Request serves APIs too.
HTML_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
SITE_ROOT = re.compile(r'^(https?://[^/?#]+)')


def retry_reason(exc):
    """'HTTP 503', 'timeout' or None (not worth a retry): 429, 5xx but 501/505, socket timeouts."""
    if isinstance(exc, HTTPError):
        code = getattr(exc, 'code', 0)
        return 'HTTP %d' % code if code == 429 or (500 <= code <= 599 and code not in (501, 505)) else None
    if isinstance(exc, URLError):
        exc = exc.reason
    if isinstance(exc, socket.timeout) or (isinstance(exc, (socket.error, IOError)) and 'timed out' in str(exc)):
        return 'timeout'
    return None


def retry_after_seconds(exc):
    """The Retry-After of an HTTPError in seconds (a number or an HTTP date), or None."""
    headers = getattr(exc, 'hdrs', None) or getattr(exc, 'headers', None)
    value = ((headers.get('Retry-After') if headers is not None else None) or '').strip()
    if value.isdigit():
        return float(value)
    parsed = email.utils.parsedate_tz(value) if value else None
    return max(0.0, email.utils.mktime_tz(parsed) - time.time()) if parsed else None


class Network(object):
    """The four network overlays (each None when off) around the kits' fetch methods."""

    def __init__(self, config, http_kit, log):
        self.headers = config.get('browser_headers')
        self.retry = config.get('retry_backoff')
        self.timeout = config.get('network_timeout')
        self.cache = config.get('response_cache')
        self.http = http_kit
        self.log = log
        self.local = threading.local()

    def wrap(self, kit_name, original):
        """The replacement for a kit's fetch method."""
        spec = argspec(original)
        names = (spec[0][1:] if inspect.ismethod(original) else spec[0]) if spec else None
        network = self

        def fetch(*args, **kwargs):
            if getattr(network.local, 'busy', False):  # a kit fetching through another kit (the emulator's do)
                return original(*args, **kwargs)
            call = network.log.guarded('network', network.prepare, kit_name, names, args, kwargs)
            if call is None:
                return original(*args, **kwargs)
            url, prepared, idempotent = call
            network.local.busy = True
            try:
                result = network.attempts(lambda: original(**prepared), url, idempotent)
            finally:
                network.local.busy = False
            if kit_name == 'HTTP' and idempotent and network.retry:
                network.log.guarded('retry_backoff', network.retry_lazy_load, result, url)
            return result
        fetch.pleximprovement_overlay = True
        return fetch

    def prepare(self, kit_name, names, args, kwargs):
        """(url, keyword arguments with the overlays applied, idempotent) or None to call unchanged."""
        if names is None or len(args) > len(names):
            return None
        call = dict(zip(names, args))
        call.update(kwargs)
        url = call.get('url') or ''
        idempotent = not call.get('values') and not call.get('data') and \
            str(call.get('method') or 'GET').upper() in ('GET', 'HEAD')
        if self.headers and 'headers' in names:
            call['headers'] = self.browser_headers(kit_name, url, call.get('headers'))
        if self.timeout and 'timeout' in names:
            given = call.get('timeout')
            if not isinstance(given, NUMBERS) or isinstance(given, bool):
                given = socket.getdefaulttimeout() or 0  # the framework's default timeout is the socket default
            call['timeout'] = max(given, self.timeout['timeout_seconds'])
        if self.cache and 'cacheTime' in names and call.get('cacheTime') is None and idempotent:
            call['cacheTime'] = max(self.http.CacheTime or 0, self.cache['ttl_hours'] * 3600)
        return url, call, idempotent

    def browser_headers(self, kit_name, url, given):
        """A browser's headers under the agent's: a name the agent set in HTTP.Headers or in the call stays its."""
        given = dict(given or {})
        taken = set(str(name).lower() for name in list(given) + list(self.http.Headers or {}))
        wanted = [('User-Agent', USER_AGENTS[self.headers['profile']]),
                  ('Accept-Language', self.headers['accept_language'])]
        if kit_name == 'HTML':
            wanted.append(('Accept', HTML_ACCEPT))
        root = SITE_ROOT.match(url)
        if self.headers['referer'] == 'site_root' and root:
            wanted.append(('Referer', root.group(1) + '/'))
        headers = dict((name, value) for name, value in wanted if name.lower() not in taken)
        headers.update(given)
        return headers

    def attempts(self, attempt, url, idempotent):
        """attempt() until it succeeds or retry_delay says stop; then its last exception propagates."""
        started, failures = time.time(), 0
        while True:
            try:
                return attempt()
            except Exception as exc:
                failures += 1
                delay = None
                if self.retry and idempotent:
                    delay = self.log.guarded('retry_backoff', self.retry_delay, exc, failures,
                                             time.time() - started, url)
                if delay is None:
                    raise  # the helpers above ran in their own frames: this is still the fetch's exception
                time.sleep(delay)

    def retry_delay(self, exc, failures, elapsed, url):
        """Seconds to wait before the next attempt (backoff with jitter, at least Retry-After), or None to
        give up: not retryable, retries used up, Retry-After over the longest wait, or over the time budget."""
        reason = retry_reason(exc)
        if reason is None:
            return None
        p = self.retry
        if failures > p['max_retries']:
            self.log.write('Info', "retry_backoff: %s for '%s'; giving up after %d attempts in %.1f s", reason, url,
                           failures, elapsed)
            return None
        backoff = p['base_delay_seconds'] * 2 ** (failures - 1)
        delay = min(p['max_delay_seconds'], backoff * (1 - p['jitter'] + 2 * p['jitter'] * random.random()))
        asked = retry_after_seconds(exc) if p['honour_retry_after'] else None
        if asked is not None and asked > p['max_delay_seconds']:
            self.log.write('Info', "retry_backoff: %s for '%s'; giving up: Retry-After %.0f s is over %.0f s",
                           reason, url, asked, p['max_delay_seconds'])
            return None
        delay = max(delay, asked or 0)
        if elapsed + delay > p['max_total_seconds']:
            self.log.write('Info', "retry_backoff: %s for '%s'; giving up: %.1f s spent, %.1f s allowed", reason,
                           url, elapsed, p['max_total_seconds'])
            return None
        self.log.write('Info', "retry_backoff: %s for '%s'; retry %d of %d in %.2f s", reason, url, failures,
                       p['max_retries'], delay)
        return delay

    def retry_lazy_load(self, request, url):
        """The request object's load() (what .content, str(), len() call) gets the same retries."""
        load = getattr(request, 'load', None)
        if load is None or getattr(load, 'pleximprovement_overlay', False):
            return
        network = self

        def retrying_load():
            return network.attempts(load, url, True)
        retrying_load.pleximprovement_overlay = True
        request.load = retrying_load
