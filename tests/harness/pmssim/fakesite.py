# -*- coding: utf-8 -*-
"""A loopback metadata website with the defences and faults real scraping targets have.

The sample agent scrapes it, so the failures PlexImprovement must diagnose come from real
HTTP exchanges: bot challenges, rate limiting, flaky 503s, slow pages and a second page
layout. Every fault is a parameter of SiteConfig and every random decision is a hash of
the seed and the request, so a run can be repeated exactly.

Rules, in the order a request meets them:
1. rate limit: more than `rate_limit` requests within `rate_window` seconds -> 429 with
   `Retry-After: <retry_after>` (rejected requests do not count; 0 turns it off);
2. bot check: a client counts as a browser when its User-Agent contains ``Chrome/`` or
   ``Firefox/`` AND it sends an ``Accept-Language`` header. Any other client (the
   framework's default Safari-like User-Agent without Accept-Language included) gets a
   403 challenge page for a seeded share `challenge_rate` of URLs (the same URL is always
   challenged or always let through: bot scores are sticky);
3. a seeded share `error_503_rate` of requests answers 503 (decided per URL and attempt
   number, so a retry can succeed);
4. detail pages of a seeded share `slow_rate` of titles wait `slow_seconds` first;
5. content: `/search?q=` finds a title only by its clean form (lower case, no accents, no
   punctuation, no year or tags; a leading article may be left out); `/title/<id>` in the
   standard layout or, for a seeded share `alt_layout_rate` of titles, an alternate one;
   `/img/<id>.jpg` a poster.
"""
from __future__ import absolute_import, division, print_function

import collections
import hashlib
import re
import select
import socket
import threading
import time

from . import http
from .catalogue import strip_article

BROWSER_UA_MARKERS = ('Chrome/', 'Firefox/')
SPACES_RE = re.compile(r'\s+', re.UNICODE)
TITLE_PATH_RE = re.compile(r'^/title/([0-9]+)/?$')
IMG_PATH_RE = re.compile(r'^/img/([0-9]+)\.jpg$')
# A tiny but well-formed JPEG (SOI, APP0/JFIF, EOI) standing in for a poster.
POSTER_BYTES = (b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00'
                b'\xff\xd9')


class SiteConfig(object):
    """Every rate of the fake site; defaults are the ones the baseline figure is measured with."""

    def __init__(self, seed=1, challenge_rate=0.7, rate_limit=20, rate_window=1.0,
                 retry_after=1, error_503_rate=0.04, slow_rate=0.04, slow_seconds=5.0,
                 alt_layout_rate=0.12):
        self.seed = seed
        self.challenge_rate = challenge_rate
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self.retry_after = retry_after
        self.error_503_rate = error_503_rate
        self.slow_rate = slow_rate
        self.slow_seconds = slow_seconds
        self.alt_layout_rate = alt_layout_rate

    @classmethod
    def quiet(cls, seed=1, **overrides):
        """A site without any fault, for tests that need plain pages."""
        values = dict(seed=seed, challenge_rate=0.0, rate_limit=0, error_503_rate=0.0,
                      slow_rate=0.0, alt_layout_rate=0.0)
        values.update(overrides)
        return cls(**values)

    def as_dict(self):
        return dict(self.__dict__)


def seeded_fraction(seed, *parts):
    """A number in [0, 1) fixed by the seed and the parts (same on 2.7 and 3)."""
    digest = hashlib.sha1()
    digest.update(http.to_bytes(u'%s' % (seed,)))
    for part in parts:
        digest.update(b'\x00')
        digest.update(http.to_bytes(part))
    return int(digest.hexdigest()[:8], 16) / float(0x100000000)


def escape(text):
    """HTML-escape & < > and double quotes (the same bytes on 2.7 and 3)."""
    return (text.replace(u'&', u'&amp;').replace(u'<', u'&lt;').replace(u'>', u'&gt;')
            .replace(u'"', u'&quot;'))


def is_browser(headers):
    """The bot check: a modern browser User-Agent plus an Accept-Language header."""
    agent = headers.get('User-Agent') or ''
    if not any(marker in agent for marker in BROWSER_UA_MARKERS):
        return False
    return bool(headers.get('Accept-Language'))


def normalize_query(query):
    return SPACES_RE.sub(u' ', http.to_text(query).lower()).strip()


def page(title, body):
    return (u'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"/>'
            u'<title>%s</title></head>\n<body>\n%s\n</body>\n</html>\n' % (escape(title), body))


CHALLENGE_PAGE = page(u'Just a moment...', (
    u'<div id="challenge" class="challenge-form">\n'
    u'  <h1>Checking your browser before accessing the site.</h1>\n'
    u'  <p>This process is automatic. Your browser will redirect to your requested content '
    u'shortly.</p>\n  <noscript><p>Please enable JavaScript and cookies to continue.</p></noscript>\n'
    u'</div>'))
RATE_LIMIT_PAGE = page(u'429 Too Many Requests', u'<h1>Too Many Requests</h1>\n'
                       u'<p>You are being rate limited. Slow down.</p>')
UNAVAILABLE_PAGE = page(u'503 Service Unavailable', u'<h1>Service Unavailable</h1>\n'
                        u'<p>The server is temporarily busy. Try again later.</p>')
NOT_FOUND_PAGE = page(u'404 Not Found', u'<h1>Not Found</h1>')


class FakeSite(object):
    """The site: entries (catalogue.SiteEntry) served on 127.0.0.1 under `config`'s rules."""

    def __init__(self, entries, config=None):
        self.config = config or SiteConfig()
        self.entries = {}
        self.index = {}
        for entry in entries:
            self.entries[entry.site_id] = entry
            key = entry.key
            self.index.setdefault(key, []).append(entry)
            short = strip_article(key)
            if short != key:
                self.index.setdefault(short, []).append(entry)
        self.lock = threading.Lock()
        self.recent = collections.deque()
        self.attempts = {}
        self.server = None
        self.base_url = None
        self.reset_counters()

    # -- seeded properties of titles ------------------------------------------------
    def layout_of(self, site_id):
        """'standard' or 'alternate' (the one whose markup breaks the sample agent)."""
        if seeded_fraction(self.config.seed, 'layout', site_id) < self.config.alt_layout_rate:
            return 'alternate'
        return 'standard'

    def is_slow(self, site_id):
        return seeded_fraction(self.config.seed, 'slow', site_id) < self.config.slow_rate

    def is_challenged(self, target):
        """Whether a non-browser request for this URL (path + query) gets the challenge."""
        return seeded_fraction(self.config.seed, 'challenge', target) < self.config.challenge_rate

    def search_path(self, query):
        return u'/search?q=' + http.quote(http.to_bytes(query), safe=b'')

    # -- counters ---------------------------------------------------------------------
    def reset_counters(self):
        with self.lock:
            self.counters = {
                'requests': 0, 'status': {}, 'kind': {}, 'challenged': 0, 'rate_limited': 0,
                'unavailable': 0, 'slow': 0, 'alternate_layout': 0, 'search_hits': 0,
                'search_misses': 0, 'failed': 0, 'abandoned': 0,
            }
            self.request_log = collections.deque(maxlen=2000)

    def snapshot(self):
        """A copy of the counters (statuses keyed by the code as a string), plus
        `failed_fetches`: requests answered >= 400 or given up by the client before the answer
        (a timeout), i.e. every fetch that failed on the client's side."""
        with self.lock:
            data = dict(self.counters)
            data['status'] = dict(self.counters['status'])
            data['kind'] = dict(self.counters['kind'])
            data['failed_fetches'] = data['failed'] + data['abandoned']
            return data

    def requests_seen(self):
        with self.lock:
            return list(self.request_log)

    def count(self, name, amount=1):
        with self.lock:
            self.counters[name] += amount

    # -- life cycle -------------------------------------------------------------------
    def start(self):
        self.server = http.LoopbackHTTPServer(SiteHandler, context=self)
        port = self.server.start('fakesite')
        self.base_url = 'http://127.0.0.1:%d' % port
        return self.base_url

    def stop(self):
        if self.server is not None:
            self.server.stop()
            self.server = None

    def sleep(self, seconds):
        """Slow pages wait here; stop() cuts the wait short."""
        if self.server is not None:
            self.server.stopping.wait(seconds)
        else:  # pragma: no cover
            time.sleep(seconds)

    # -- request handling ---------------------------------------------------------------
    def admit(self, now):
        """Sliding-window rate limit; True when the request may proceed."""
        limit = self.config.rate_limit
        if not limit:
            return True
        with self.lock:
            window_start = now - self.config.rate_window
            while self.recent and self.recent[0] <= window_start:
                self.recent.popleft()
            if len(self.recent) >= limit:
                return False
            self.recent.append(now)
            return True

    def next_attempt(self, target):
        with self.lock:
            number = self.attempts.get(target, 0) + 1
            self.attempts[target] = number
            return number

    def handle(self, method, target, headers):
        """Returns (status, body, content_type, extra headers, kind)."""
        path, query, _raw = http.split_target(target)
        kind = 'other'
        if path == '/search':
            kind = 'search'
        elif TITLE_PATH_RE.match(path):
            kind = 'title'
        elif IMG_PATH_RE.match(path):
            kind = 'img'
        if not self.admit(time.time()):
            self.count('rate_limited')
            return (429, RATE_LIMIT_PAGE, 'text/html; charset=utf-8',
                    {'Retry-After': str(self.config.retry_after)}, kind)
        if not is_browser(headers) and self.is_challenged(target):
            self.count('challenged')
            return 403, CHALLENGE_PAGE, 'text/html; charset=utf-8', {'Cache-Control': 'no-cache'}, kind
        attempt = self.next_attempt(target)
        if seeded_fraction(self.config.seed, '503', target, attempt) < self.config.error_503_rate:
            self.count('unavailable')
            return 503, UNAVAILABLE_PAGE, 'text/html; charset=utf-8', {'Retry-After': '1'}, kind
        if kind == 'search':
            return self.search_page(query.get(u'q', u'')) + (kind,)
        if kind == 'title':
            return self.title_page(TITLE_PATH_RE.match(path).group(1)) + (kind,)
        if kind == 'img':
            site_id = IMG_PATH_RE.match(path).group(1)
            if site_id in self.entries:
                return 200, POSTER_BYTES, 'image/jpeg', {}, kind
            return 404, NOT_FOUND_PAGE, 'text/html; charset=utf-8', {}, kind
        if path == '/':
            return (200, page(u'Fake Movie Database', u'<h1>Fake Movie Database</h1>'),
                    'text/html; charset=utf-8', {}, kind)
        return 404, NOT_FOUND_PAGE, 'text/html; charset=utf-8', {}, kind

    def search_page(self, query):
        wanted = normalize_query(query)
        found = self.index.get(wanted, []) if wanted else []
        if found:
            self.count('search_hits')
        else:
            self.count('search_misses')
        rows = []
        for entry in found:
            rows.append(
                u'  <div class="result">\n'
                u'    <a class="result-title" href="/title/%s">%s</a>\n'
                u'    <span class="result-year">%d</span>\n'
                u'  </div>' % (entry.site_id, escape(entry.title), entry.year))
        if rows:
            body = (u'<h1>Search results for &quot;%s&quot;</h1>\n<div id="results">\n%s\n</div>'
                    % (escape(query), u'\n'.join(rows)))
        else:
            body = (u'<h1>Search results for &quot;%s&quot;</h1>\n<div id="results">\n'
                    u'  <p class="no-results">No titles found.</p>\n</div>' % escape(query))
        return 200, page(u'Search', body), 'text/html; charset=utf-8', {}

    def title_page(self, site_id):
        entry = self.entries.get(site_id)
        if entry is None:
            return 404, NOT_FOUND_PAGE, 'text/html; charset=utf-8', {}
        if self.is_slow(site_id):
            self.count('slow')
            self.sleep(self.config.slow_seconds)
        genres = u'\n'.join(u'    <li class="genre">%s</li>' % escape(g) for g in entry.genres)
        if self.layout_of(site_id) == 'alternate':
            self.count('alternate_layout')
            body = (
                u'<main class="film">\n'
                u'  <header class="film-header"><h2 itemprop="name">%s</h2>'
                u'<time itemprop="dateCreated">%d</time></header>\n'
                u'  <section itemprop="description"><p>%s</p></section>\n'
                u'  <ul class="tags">\n%s\n  </ul>\n'
                u'  <figure><img itemprop="image" src="/img/%s.jpg"/></figure>\n'
                u'  <div itemprop="ratingValue">%.1f</div>\n'
                u'</main>' % (escape(entry.title), entry.year, escape(entry.summary),
                              genres.replace(u'class="genre"', u'class="tag"'),
                              entry.site_id, entry.rating))
        else:
            body = (
                u'<div id="movie">\n'
                u'  <h1 class="title">%s</h1>\n'
                u'  <span class="year">%d</span>\n'
                u'  <div class="summary"><p>%s</p></div>\n'
                u'  <ul class="genres">\n%s\n  </ul>\n'
                u'  <img class="poster" src="/img/%s.jpg"/>\n'
                u'  <span class="rating">%.1f</span>\n'
                u'</div>' % (escape(entry.title), entry.year, escape(entry.summary), genres,
                             entry.site_id, entry.rating))
        return 200, page(entry.title, body), 'text/html; charset=utf-8', {}


def client_gone(connection):
    """True when the client closed its end (it timed out while a slow page was made)."""
    try:
        readable = select.select([connection], [], [], 0)[0]
        return bool(readable) and connection.recv(1, socket.MSG_PEEK) == b''
    except (socket.error, select.error, ValueError):
        return True


class SiteHandler(http.QuietHandler):
    server_version = 'nginx'

    def do_GET(self):
        site = self.server.context
        status, body, content_type, extra, kind = site.handle(self.command, self.path, self.headers)
        abandoned = status < 400 and client_gone(self.connection)
        with site.lock:
            site.counters['requests'] += 1
            key = str(status)
            site.counters['status'][key] = site.counters['status'].get(key, 0) + 1
            site.counters['kind'][kind] = site.counters['kind'].get(kind, 0) + 1
            if status >= 400:
                site.counters['failed'] += 1
            elif abandoned:
                site.counters['abandoned'] += 1
            site.request_log.append((self.command, self.path, status,
                                     self.headers.get('User-Agent') or ''))
        self.send_body(status, body, content_type, extra)

    do_HEAD = do_GET
