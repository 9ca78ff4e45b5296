# -*- coding: utf-8 -*-
"""The fake site: clean-title search, two layouts, and every fault it can inject."""
from __future__ import absolute_import, division, print_function

import socket

import pytest

from harness.pmssim import catalogue, fakesite

from .conftest import call

BROWSER = {'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) '
                         'Chrome/120.0 Safari/537.36', 'Accept-Language': 'en-US,en;q=0.9'}
# The framework's default request headers (plex-runtime 3.6): Safari-like UA, no Accept-Language.
FRAMEWORK = {'User-Agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/536.26.17 '
                           '(KHTML, like Gecko) Version/6.0.2 Safari/536.26.17', 'Accept-Encoding': 'gzip'}


@pytest.fixture
def lib():
    return catalogue.Catalogue(seed=3, size=60)


@pytest.fixture
def make_site(lib):
    sites = []

    def factory(**config):
        config.setdefault('seed', 3)
        site = fakesite.FakeSite(lib.site_entries, fakesite.SiteConfig.quiet(**config))
        site.start()
        sites.append(site)
        return site

    yield factory
    for site in sites:
        site.stop()


def entry_with(lib, predicate):
    for entry in lib.site_entries:
        if predicate(entry):
            return entry
    raise AssertionError('no such entry in the test library')


def test_search_finds_only_the_clean_form(lib, make_site):
    site = make_site()
    entry = entry_with(lib, lambda e: u' ' in e.key and e.key == catalogue.strip_article(e.key))
    status, _h, body = call(site.base_url, site.search_path(entry.key.upper()), headers=BROWSER)
    assert status == 200 and (u'/title/%s' % entry.site_id).encode('ascii') in body
    for messy in (u'%s (%d)' % (entry.title, entry.year), u'%s %d 1080p BluRay' % (entry.key, entry.year),
                  entry.key.replace(u' ', u'.')):
        status, _h, body = call(site.base_url, site.search_path(messy), headers=BROWSER)
        assert status == 200 and b'class="result"' not in body and b'no-results' in body
    counters = site.snapshot()
    assert counters['search_hits'] == 1 and counters['search_misses'] == 3


def test_leading_article_may_be_left_out(lib, make_site):
    site = make_site()
    entry = entry_with(lib, lambda e: e.key.startswith(u'the '))
    for query in (entry.key, catalogue.strip_article(entry.key)):
        _s, _h, body = call(site.base_url, site.search_path(query), headers=BROWSER)
        assert (u'/title/%s' % entry.site_id).encode('ascii') in body


def test_non_browser_clients_get_the_challenge(lib, make_site):
    site = make_site(challenge_rate=1.0)
    entry = lib.site_entries[0]
    status, _h, body = call(site.base_url, '/title/%s' % entry.site_id, headers=FRAMEWORK)
    assert status == 403 and b'Checking your browser' in body
    no_language = dict(BROWSER)
    del no_language['Accept-Language']
    assert call(site.base_url, '/title/%s' % entry.site_id, headers=no_language)[0] == 403
    assert call(site.base_url, '/title/%s' % entry.site_id, headers=BROWSER)[0] == 200
    assert site.snapshot()['challenged'] == 2


def test_challenge_share_is_seeded_and_sticky(lib):
    site = fakesite.FakeSite(lib.site_entries, fakesite.SiteConfig(seed=9, challenge_rate=0.7))
    targets = ['/search?q=x%d' % n for n in range(400)]
    first = [site.is_challenged(t) for t in targets]
    again = fakesite.FakeSite(lib.site_entries, fakesite.SiteConfig(seed=9, challenge_rate=0.7))
    assert first == [again.is_challenged(t) for t in targets]
    assert 0.6 < sum(first) / float(len(first)) < 0.8


def test_rate_limit_answers_429_with_retry_after(lib, make_site):
    site = make_site(rate_limit=3, rate_window=3600.0, retry_after=7)
    statuses = [call(site.base_url, '/', headers=BROWSER)[0] for _n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    status, headers, _b = call(site.base_url, '/', headers=BROWSER)
    assert status == 429 and headers.get('retry-after') == '7'


def test_503_share_is_per_attempt(lib, make_site):
    assert call(make_site(error_503_rate=1.0).base_url, '/', headers=BROWSER)[0] == 503
    site = make_site(error_503_rate=0.5, seed=11)
    path = site.search_path(u'nothing here')
    outcomes = [call(site.base_url, path, headers=BROWSER)[0] for _n in range(12)]
    assert 503 in outcomes and 200 in outcomes  # a retry of the same URL can succeed


def test_alternate_layout_lacks_the_standard_markup(lib, make_site):
    site = make_site(alt_layout_rate=0.5)
    standard = [e for e in lib.site_entries if site.layout_of(e.site_id) == 'standard']
    alternate = [e for e in lib.site_entries if site.layout_of(e.site_id) == 'alternate']
    assert standard and alternate
    _s, _h, body = call(site.base_url, '/title/%s' % standard[0].site_id, headers=BROWSER)
    assert b'<h1 class="title">' in body and b'class="summary"' in body
    _s, _h, body = call(site.base_url, '/title/%s' % alternate[0].site_id, headers=BROWSER)
    assert b'<h1' not in body and b'itemprop="name"' in body
    assert site.snapshot()['alternate_layout'] == 1


def test_slow_pages_fail_short_timeouts_and_stop_still_returns(lib, make_site):
    site = make_site(slow_rate=1.0, slow_seconds=120.0)
    entry = lib.site_entries[0]
    assert site.is_slow(entry.site_id)
    with pytest.raises((socket.timeout, IOError, OSError)):
        try:
            import urllib2 as request_module
        except ImportError:
            import urllib.request as request_module
        req = request_module.Request(site.base_url + '/title/%s' % entry.site_id, headers=BROWSER)
        request_module.urlopen(req, timeout=0.3).read()
    site.stop()  # must wake the sleeping handler instead of waiting two minutes
    assert site.server is None


def test_failed_fetches_count_error_answers_and_clients_that_gave_up(lib, make_site):
    """The site's own tally of fetches that failed on the client's side (summarize's url_errors)."""
    try:
        import urllib2 as request_module
    except ImportError:
        import urllib.request as request_module
    site = make_site(slow_rate=1.0, slow_seconds=1.0)
    entry = lib.site_entries[0]
    with pytest.raises((socket.timeout, IOError, OSError)):
        req = request_module.Request(site.base_url + '/title/%s' % entry.site_id, headers=BROWSER)
        request_module.urlopen(req, timeout=0.3).read()
    assert call(site.base_url, '/title/1', headers=BROWSER)[0] == 404
    assert call(site.base_url, '/', headers=BROWSER)[0] == 200
    site.stop()  # joins the slow handler, which has counted by then
    counters = site.snapshot()
    assert counters['abandoned'] == 1 and counters['failed'] == 1 and counters['failed_fetches'] == 2


def test_poster_and_not_found(lib, make_site):
    site = make_site()
    status, headers, body = call(site.base_url, '/img/%s.jpg' % lib.site_entries[0].site_id, headers=BROWSER)
    assert status == 200 and headers['content-type'] == 'image/jpeg' and body.startswith(b'\xff\xd8')
    assert call(site.base_url, '/title/1', headers=BROWSER)[0] == 404
    counters = site.snapshot()
    assert counters['requests'] == 2 and counters['status'] == {'200': 1, '404': 1}
