# -*- coding: utf-8 -*-
"""Keeping an agent's HTTP cache from replaying an old failure into a trial.

In: the agent's Caches folder (Plug-in Support/Caches/<identifier>, fixes/target.py Target.
caches_dir) and URLs. Out: the cached bodies of those URLs removed, so the agent's next request
for them goes to the site. Layout (the framework's components/caching.py, the emulator's
httpcache.py): `HTTP.system/<sha1(url)[:2]>/<sha1(url)[2:]>.content` holds the body and
`..._attributes` its headers; without the body the framework fetches again (networking.py
checks `cache['content']` first). CacheInfo is left alone: the framework rewrites it.

A trial clears the agent's whole HTTP cache once before its first refresh (what the server's
earlier refreshes cached is not this trial's evidence: a ban page cached then would fail the
baseline), then, before refreshing an item again after the fix, forgets the URLs its previous
refresh requested (a page cached by the baseline would otherwise be served to the fixed agent).
"""
from __future__ import absolute_import, division, print_function

import hashlib
import os

HTTP_CACHE = 'HTTP.system'
SUFFIXES = ('.content', '_attributes')


def entry_paths(caches_dir, url):
    """The files of one URL's cache entry."""
    data = url.encode('utf-8') if not isinstance(url, bytes) else url
    digest = hashlib.sha1(data).hexdigest()
    folder = os.path.join(caches_dir, HTTP_CACHE, digest[:2])
    return [os.path.join(folder, digest[2:] + suffix) for suffix in SUFFIXES]


def remove(path):
    try:
        os.remove(path)
        return True
    except OSError:
        return False


def forget(caches_dir, urls):
    """Remove the cache entries of `urls`; the number of files removed."""
    removed = 0
    for url in urls:
        for path in entry_paths(caches_dir, url):
            removed += 1 if remove(path) else 0
    return removed


def clear(caches_dir):
    """Remove every cached body and its attributes (not CacheInfo); the number of files removed."""
    root = os.path.join(caches_dir, HTTP_CACHE)
    removed = 0
    if not os.path.isdir(root):
        return removed
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(SUFFIXES):
                removed += 1 if remove(os.path.join(folder, name)) else 0
    return removed
