# -*- coding: utf-8 -*-
"""User-visible text, read from the bundle's Strings/<lang>.json like the framework's L().

The core cannot call the framework's L()/F(), so it reads the same files itself: every
string a user sees, from the menu or the core, comes from Strings/en.json (or a
translation next to it). Missing keys show the key itself, as the framework does.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import threading

from ..names import CONTENTS_DIR

STRINGS_DIR = os.path.join(CONTENTS_DIR, 'Strings')

CACHE = {}
CACHE_LOCK = threading.Lock()


def load_table(lang, strings_dir=STRINGS_DIR):
    """Merged table for a locale: xx-yy, then xx, then en (the framework's lookup order)."""
    key = (lang, strings_dir)
    with CACHE_LOCK:
        if key in CACHE:
            return CACHE[key]
    names = []
    lang = (lang or 'en').lower()
    if '-' in lang:
        names.append(lang)
    names.append(lang.split('-')[0])
    if 'en' not in names:
        names.append('en')
    table = {}
    for name in reversed(names):
        path = os.path.join(strings_dir, name + '.json')
        try:
            handle = open(path, 'rb')
        except IOError:
            continue
        try:
            table.update(json.loads(handle.read().decode('utf-8')))
        finally:
            handle.close()
    with CACHE_LOCK:
        CACHE[key] = table
    return table


class Text(object):
    """`text('KEY', n=3)` -> the translated string with `{n}` filled in."""

    def __init__(self, lang='en', strings_dir=STRINGS_DIR):
        self.table = load_table(lang, strings_dir)

    def __call__(self, key, **params):
        template = self.table.get(key, key)
        if not params:
            return template
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def has(self, key):
        return key in self.table
