# -*- coding: utf-8 -*-
"""One request to the Plex Media Server API, with the token, a timeout and bounded retries.

In: the server's base URL (Prefs `server_url`; offline `--server`), the token (inside Plex
os.environ PLEXTOKEN, read by runtime/; offline a token file), a method, a path and query
parameters. Out: the answer (runtime.http's HttpResult) or its parsed XML root, else one
of errors.py's exceptions.

Why a client of its own: the framework's HTTP kit hides the status and caches, and the
callers of this package (the trial, the menu, the CLI) each need the same three answers to
"the server cannot be used" -- the token is refused, nothing listens at the URL, it does
not answer in time -- said once, with the fix, and never with the token in it.

The token travels only in the X-Plex-Token header. A base URL that carries it in its query
(`http://host:32400/?X-Plex-Token=...`, as Plex Web shows it) gives the token and loses the
query. Every text this client puts in an exception or shows (`shown()`, repr) passes
`scrub()`: the token's value and any `X-Plex-Token=` parameter are masked.

Retries: a refused or reset connection is retried for every method (the request never
reached the server; PMS refuses while it restarts); a timeout or 502/503/504 only for GET
(a PUT refresh that timed out may have been queued: sending it again would refresh twice).
`retries` extra tries at most, `backoff` * 2**n seconds apart.
"""
from __future__ import absolute_import, division, print_function

import time
from xml.etree import ElementTree

from ..names import IDENTIFIER
from ..redact import MASK, redact
from ..text import as_text
from ..runtime.http import HttpFailure, HttpResult, UrllibHttp
from . import errors

try:  # Python 2.7 (Plex)
    from httplib import HTTPException
    from urllib import quote
    from urlparse import parse_qsl, urlsplit, urlunsplit
except ImportError:  # Python 3
    from http.client import HTTPException
    from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

DEFAULT_TIMEOUT = 15.0
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 0.5
TOKEN_PARAM = 'X-Plex-Token'
RETRY_STATUSES = (502, 503, 504)
# Failure kinds (runtime/http.py, fetch_errors.CLASSES) worth another try: no connection was
# made, or it was reset. A DNS or SSL failure does not go away by itself.
RETRY_KINDS = ('refused', 'other')
CLIENT_HEADERS = {
    'Accept': 'application/xml',
    'X-Plex-Product': 'PlexImprovement',
    'X-Plex-Client-Identifier': IDENTIFIER,
}


def quote_part(value):
    """One path segment (a ratingKey, a plug-in identifier) quoted for the URL."""
    if not isinstance(value, bytes):
        value = (u'%s' % (value,)).encode('utf-8')
    return quote(value, safe=b'')


def encode_query(params):
    """'a=1&b=x%20y' from a dict (sorted, so URLs are stable) or a list of pairs; None values
    are left out."""
    if not params:
        return ''
    pairs = sorted(params.items()) if isinstance(params, dict) else list(params)
    parts = []
    for key, value in pairs:
        if value is None:
            continue
        if isinstance(value, bool):
            value = 1 if value else 0
        parts.append('%s=%s' % (quote_part(key), quote_part(value)))
    return '&'.join(parts)


def split_base_url(base_url):
    """(base URL without query, fragment or trailing slash, token found in its query or None)."""
    parts = urlsplit(base_url.strip())
    token = None
    for key, value in parse_qsl(parts.query):
        if key.lower() == TOKEN_PARAM.lower():
            token = value
    base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip('/'), '', ''))
    return base, token


class PmsClient(object):
    """Requests to one server. `http` is anything with UrllibHttp's request() (tests pass a
    fake); `sleep` is what waits between tries."""

    def __init__(self, base_url, token, http=None, timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES,
                 backoff=DEFAULT_BACKOFF, sleep=time.sleep):
        self.base_url, url_token = split_base_url(base_url)
        self.token = token or url_token
        self.http = http if http is not None else UrllibHttp(None)
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.backoff = backoff
        self.sleep = sleep

    def __repr__(self):
        return 'PmsClient(%s)' % (self.shown(self.base_url),)

    # -- text that may be shown ------------------------------------------------------------
    def scrub(self, text):
        """`text` (any object) as unicode with the token's value and any X-Plex-Token
        parameter masked."""
        text = redact(as_text(text))
        token = self.token
        if token:
            if isinstance(token, bytes):
                token = token.decode('utf-8', 'replace')
            text = text.replace(token, MASK)
        return text

    def shown(self, url):
        return self.scrub(url)

    def url(self, path, params=None):
        query = encode_query(params)
        return self.base_url + path + ('?' + query if query else '')

    # -- requests ---------------------------------------------------------------------------
    def request(self, method, path, params=None, headers=None, timeout=None, allow=(), hide_query=False):
        """The HttpResult of `method path?params`; statuses in `allow` (e.g. 404) are returned,
        every other failure raises a PmsError after the retries its kind gets. hide_query:
        the parameters are values to keep out of messages (a plug-in's prefs)."""
        url = self.url(path, params)
        visible = (self.url(path) + ('?...' if params else '')) if hide_query else url
        shown = '%s %s' % (method, self.shown(visible))
        all_headers = dict(CLIENT_HEADERS)
        all_headers.update(headers or {})
        if self.token:
            all_headers[TOKEN_PARAM] = self.token
        wait = timeout if timeout is not None else self.timeout
        tries = 0
        while True:
            tries += 1
            try:
                return self.http.request(url, method=method, headers=all_headers, timeout=wait)
            except HttpFailure as failure:
                if failure.kind == 'http' and failure.status in allow:
                    return HttpResult(failure.status, {}, failure.body or b'')
                problem = self.failure(failure, shown, wait, tries)
                retry = self.retryable(failure, method)
            except (HTTPException, IOError) as exc:  # a reply that is not HTTP (httplib.BadStatusLine...)
                problem = errors.unreachable(shown, self.scrub('%s: %s' % (type(exc).__name__, exc)), tries)
                retry = True
            if not retry or tries > self.retries:
                raise problem
            self.sleep(self.backoff * (2 ** (tries - 1)))

    def failure(self, failure, shown, wait, tries):
        """The PmsError for one HttpFailure (its text scrubbed)."""
        if failure.kind == 'http':
            return errors.http_error(failure.status, shown, None)
        if failure.kind == 'timeout':
            return errors.timed_out(shown, wait, tries)
        reason = self.scrub(failure.args[0] if failure.args else failure.kind)
        # runtime/http.py's message is 'cannot reach URL: reason'; keep the reason.
        reason = reason.split(': ', 1)[-1]
        return errors.unreachable(shown, '%s: %s' % (failure.kind, reason), tries)

    def retryable(self, failure, method):
        if failure.kind == 'http':
            return method == 'GET' and failure.status in RETRY_STATUSES
        if failure.kind == 'timeout':
            return method == 'GET'
        return failure.kind in RETRY_KINDS

    def xml(self, path, params=None, method='GET', allow=()):
        """The parsed XML root of a request; None for a status in `allow`."""
        result = self.request(method, path, params, allow=allow)
        if result.status in allow:
            return None
        try:
            return ElementTree.fromstring(result.body)
        except (ElementTree.ParseError, ValueError, TypeError) as exc:
            raise errors.bad_answer('%s %s' % (method, self.shown(self.url(path, params))), self.scrub(exc))

    def send(self, method, path, params=None, allow=(), hide_query=False):
        """A request whose answer body does not matter; returns the status."""
        return self.request(method, path, params, allow=allow, hide_query=hide_query).status
