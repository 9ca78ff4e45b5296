# -*- coding: utf-8 -*-
"""trial/cache.py against the HTTP cache layout the framework uses (the emulator's httpcache.py
writes it): the entries of given URLs, or every body, go; CacheInfo stays; the cache then misses."""
from __future__ import absolute_import, division, print_function

import os

from harness.plexemu.httpcache import HTTPCache

from pleximprovement.trial import cache


class Log(object):
    def fw(self, *args):
        pass

    def fw_exception(self, *args):
        pass


def filled(tmpdir):
    caches_dir = str(tmpdir.join('Caches', 'com.example.agent'))
    http_cache = HTTPCache(Log(), os.path.join(caches_dir, cache.HTTP_CACHE))
    for url in ('http://site/a', 'http://site/b', u'http://site/\u00e9'):
        http_cache.store(url, 3600, b'<html>blocked</html>', {'Content-Type': 'text/html'})
    return caches_dir, http_cache


def test_forget_removes_exactly_those_urls(tmpdir):
    caches_dir, http_cache = filled(tmpdir)
    assert http_cache.lookup('http://site/a', 3600) is not None
    assert cache.forget(caches_dir, ['http://site/a', u'http://site/\u00e9', 'http://site/never']) == 4
    assert http_cache.lookup('http://site/a', 3600) is None
    assert http_cache.lookup(u'http://site/\u00e9', 3600) is None
    assert http_cache.lookup('http://site/b', 3600) is not None


def test_clear_removes_every_body_and_keeps_cache_info(tmpdir):
    caches_dir, http_cache = filled(tmpdir)
    assert cache.clear(caches_dir) == 6
    assert os.path.isfile(os.path.join(caches_dir, cache.HTTP_CACHE, 'CacheInfo'))
    assert http_cache.lookup('http://site/b', 3600) is None
    assert cache.clear(str(tmpdir.join('nothing'))) == 0
