# -*- coding: utf-8 -*-
"""agent_overlay.network with stand-in kits: which arguments reach the framework, when a fetch is retried
and for how long, and that the agent always gets the framework's own result or exception."""
from __future__ import absolute_import, division, print_function

import socket

import pytest

from pleximprovement.fixes.overlay.agent_overlay import config, network
from pleximprovement.fixes.overlay.agent_overlay.overlay_sandbox import Logger

try:  # pragma: no cover - 2.7 only
    from urllib2 import HTTPError, URLError
except ImportError:
    from urllib.error import HTTPError, URLError

DEFAULT = object()  # the framework's timeout default is a sentinel object (socket._GLOBAL_DEFAULT_TIMEOUT)


class FakeLog(object):
    def __init__(self):
        self.lines = []

    def __getattr__(self, level):
        return lambda fmt, *args: self.lines.append((level, fmt % args if args else fmt))


class FakeRequest(object):
    """HTTPRequest: fetched by load(), which .content calls."""

    def __init__(self, kit):
        self.kit, self.data = kit, None

    def load(self):
        if self.data is None:
            self.kit.fetches += 1
            outcome = self.kit.outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            self.data = outcome

    @property
    def content(self):
        self.load()
        return self.data


class FakeHTTP(object):
    def __init__(self, outcomes, headers=None):
        self.outcomes, self.calls, self.fetches = list(outcomes), [], 0
        self.Headers, self.CacheTime = dict(headers or {}), 0

    def Request(self, url, values=None, headers={}, cacheTime=None, timeout=DEFAULT, immediate=False, data=None,
                method=None):
        self.calls.append({'url': url, 'values': values, 'headers': headers, 'cacheTime': cacheTime,
                           'timeout': timeout, 'method': method})
        request = FakeRequest(self)
        if immediate or values or data:
            request.load()
        return request


class FakeHTML(object):
    def __init__(self, http):
        self.http = http

    def ElementFromURL(self, url, values=None, headers={}, cacheTime=None, timeout=DEFAULT):
        return self.http.Request(url, values, headers, cacheTime, timeout, immediate=True).content


class Clock(object):
    """time.time/time.sleep for the retry loop: sleeping moves the clock."""

    def __init__(self):
        self.now, self.sleeps = 1000.0, []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(network, 'time', fake)
    return fake


def http_error(code, retry_after=None):
    return HTTPError('http://site/x', code, 'status %d' % code, {'Retry-After': retry_after} if retry_after else {},
                     None)


def wrapped(overlays, outcomes=(b'ok',), headers=None):
    settings = config.normalize_overlays(overlays)
    http = FakeHTTP(outcomes, headers)
    log = FakeLog()
    net = network.Network(settings, http, Logger(log))
    html = FakeHTML(http)
    http.Request = net.wrap('HTTP', http.Request)
    html.ElementFromURL = net.wrap('HTML', html.ElementFromURL)
    return http, html, log


def test_browser_headers_stay_under_the_agent_s_own():
    http, html, _log = wrapped({'browser_headers': {}}, [b'a', b'b', b'c'], headers={'user-agent': 'Agent/1'})
    http.Request('https://site.example/a?b=1').content
    html.ElementFromURL('https://site.example/p', None, {'Accept-Language': 'fr'})
    assert http.calls[0]['headers'] == {'Accept-Language': 'en-US,en;q=0.9', 'Referer': 'https://site.example/'}
    assert http.calls[1]['headers'] == {'Accept-Language': 'fr', 'Referer': 'https://site.example/',
                                        'Accept': network.HTML_ACCEPT}
    http.Headers.clear()
    http.Request('http://other/x', headers={'Referer': 'mine'}).content
    assert http.calls[2]['headers'] == {'User-Agent': network.USER_AGENTS['chrome_desktop'], 'Referer': 'mine',
                                        'Accept-Language': 'en-US,en;q=0.9'}


def test_timeout_is_only_ever_made_longer(monkeypatch):
    http, _html, _log = wrapped({'network_timeout': {'timeout_seconds': 30}}, [b'a', b'b', b'c'])
    monkeypatch.setattr(socket, 'getdefaulttimeout', lambda: 20.0)
    http.Request('http://s/1', timeout=4).content
    http.Request('http://s/2', timeout=90).content
    http.Request('http://s/3').content
    assert [call['timeout'] for call in http.calls] == [30, 90, 30]


def test_cache_time_for_gets_without_one():
    http, _html, _log = wrapped({'response_cache': {'ttl_hours': 2}}, [b'a', b'b', b'c'])
    http.CacheTime = 10000
    http.Request('http://s/1').content
    http.Request('http://s/2', cacheTime=0).content
    http.Request('http://s/3', values={'q': 'x'})
    assert [call['cacheTime'] for call in http.calls] == [10000, 0, None]
    http.CacheTime = 0
    http.outcomes.append(b'd')
    http.Request('http://s/4').content
    assert http.calls[-1]['cacheTime'] == 7200


def test_retry_on_503_then_success(clock):
    http, html, log = wrapped({'retry_backoff': {'base_delay_seconds': 1.0, 'jitter': 0.0}},
                              [http_error(503), http_error(502), b'page'])
    assert html.ElementFromURL('http://s/p') == b'page'
    assert http.fetches == 3 and clock.sleeps == [1.0, 2.0]
    assert [line for level, line in log.lines] == [
        "PlexImprovement overlay retry_backoff: HTTP 503 for 'http://s/p'; retry 1 of 3 in 1.00 s",
        "PlexImprovement overlay retry_backoff: HTTP 502 for 'http://s/p'; retry 2 of 3 in 2.00 s"]


def test_retry_covers_the_lazy_request_and_timeouts(clock):
    http, _html, _log = wrapped({'retry_backoff': {'base_delay_seconds': 0.5, 'jitter': 0.0}},
                                [socket.timeout('timed out'), URLError(socket.timeout('timed out')), b'body'])
    request = http.Request('http://s/lazy')
    assert http.fetches == 0
    assert request.content == b'body' and http.fetches == 3 and clock.sleeps == [0.5, 1.0]


def test_retry_waits_at_least_retry_after_and_jitter_stays_in_bounds(clock):
    http, html, _log = wrapped({'retry_backoff': {'base_delay_seconds': 1.0, 'jitter': 1.0, 'max_retries': 10,
                                                  'max_delay_seconds': 30.0, 'max_total_seconds': 1000.0}},
                               [http_error(429, '7')] + [http_error(500)] * 6 + [b'ok'])
    assert html.ElementFromURL('http://s/p') == b'ok'
    assert clock.sleeps[0] >= 7.0
    for number, delay in enumerate(clock.sleeps[1:], 2):
        assert 0.0 <= delay <= min(30.0, 2.0 * 2 ** (number - 1))


@pytest.mark.parametrize('overlays, outcomes, fetches', [
    ({'max_retries': 2}, [http_error(503)] * 3, 3),                                   # retries used up
    ({'max_delay_seconds': 5.0}, [http_error(429, '60')], 1),                        # Retry-After too long
    ({'max_total_seconds': 4.0, 'base_delay_seconds': 1.5, 'jitter': 0.0}, [http_error(503)] * 5, 2),
    ({}, [http_error(404)], 1),                                                        # not retryable
    ({}, [http_error(501)], 1),
    ({}, [ValueError('parse error')], 1),
])
def test_giving_up_raises_the_framework_s_own_exception(clock, overlays, outcomes, fetches):
    http, html, _log = wrapped({'retry_backoff': overlays}, outcomes)
    last = outcomes[fetches - 1]
    with pytest.raises(type(last)) as raised:
        html.ElementFromURL('http://s/p')
    assert raised.value is last and http.fetches == fetches
    assert clock.now - 1000.0 <= config.normalize_overlays({'retry_backoff': overlays})[
        'retry_backoff']['max_total_seconds']


def test_posts_are_not_retried(clock):
    http, _html, _log = wrapped({'retry_backoff': {}}, [http_error(503), b'ok'])
    with pytest.raises(HTTPError):
        http.Request('http://s/p', values={'q': 1})
    assert http.fetches == 1 and clock.sleeps == []


def test_a_kit_fetching_through_another_kit_is_retried_once_not_twice(clock):
    """The emulator's HTML kit calls HTTP.Request: the outer wrapper does the retrying."""
    http, html, _log = wrapped({'retry_backoff': {'max_retries': 2}}, [http_error(503)] * 3)
    with pytest.raises(HTTPError):
        html.ElementFromURL('http://s/p')
    assert http.fetches == 3


def test_an_error_inside_the_overlay_falls_back_to_the_original_call():
    class BrokenHeaders(FakeHTTP):
        @property
        def Headers(self):
            raise RuntimeError('boom')

        @Headers.setter
        def Headers(self, value):
            pass
    http = BrokenHeaders([b'ok'])
    log = FakeLog()
    net = network.Network(config.normalize_overlays({'browser_headers': {}}), http, Logger(log))
    original = http.Request
    http.Request = net.wrap('HTTP', original)
    assert http.Request('http://s/p', None, {'X': '1'}).content == b'ok'
    assert http.calls[0]['headers'] == {'X': '1'}
    assert log.lines == [('Warn', 'PlexImprovement overlay network: internal error RuntimeError: boom; the '
                                  'original call is used')]


def test_retry_after_as_a_date_and_reasons():
    assert network.retry_after_seconds(http_error(429, 'Wed, 21 Oct 2015 07:28:00 GMT')) == 0.0
    assert network.retry_after_seconds(http_error(429, 'soon')) is None
    assert network.retry_after_seconds(ValueError()) is None
    assert network.retry_reason(http_error(429)) == 'HTTP 429' and network.retry_reason(http_error(403)) is None
    assert network.retry_reason(URLError('refused')) is None
    assert network.retry_reason(socket.error('timed out')) == 'timeout'
