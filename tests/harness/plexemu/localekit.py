# -*- coding: utf-8 -*-
"""`Locale`, `L`, `F` (plex-runtime.md §3.11; components/localization.py).

Strings/<lang>.json, lookup order xx-yy, xx, then the default locale (en-us, en), else the
key. `L()` is a lazy LocalString (not a str): it is resolved when str()'d.
"""
from __future__ import absolute_import, division, print_function

import json
import logging
import os
import threading

from .compat import PY2, read_bytes, text_type, to_text


class Language(object):
    """Locale.Language: the codes agents list in `languages`."""
    Unknown = 'xx'
    NoLanguage = 'xn'
    English = 'en'
    French = 'fr'
    German = 'de'
    Spanish = 'es'
    Italian = 'it'
    Dutch = 'nl'
    Swedish = 'sv'
    Norwegian = 'no'
    Danish = 'da'
    Finnish = 'fi'
    Portuguese = 'pt'
    Japanese = 'ja'
    Chinese = 'zh'
    Korean = 'ko'
    Russian = 'ru'
    Polish = 'pl'
    Czech = 'cs'
    Hungarian = 'hu'
    Greek = 'el'
    Turkish = 'tr'
    Hebrew = 'he'
    Arabic = 'ar'
    Thai = 'th'

    @classmethod
    def All(cls):
        return [v for k, v in vars(cls).items() if not k.startswith('_') and isinstance(v, str)]

    @classmethod
    def Match(cls, name):
        for key, value in vars(cls).items():
            if isinstance(value, str) and (key.lower() == str(name).lower() or value == str(name).lower()):
                return value
        return cls.Unknown


class Localization(object):
    def __init__(self, emu):
        self._emu = emu
        self._cache = {}
        self._lock = threading.Lock()
        self.default_locale = 'en-us'

    def _table(self, lang):
        with self._lock:
            if lang not in self._cache:
                path = os.path.join(self._emu.bundle_path, 'Contents', 'Strings', lang + '.json')
                table = None
                if os.path.isfile(path):
                    try:
                        table = json.loads(read_bytes(path).decode('utf-8'))
                        self._emu.plugin_log.fw(logging.DEBUG, ('localization', 427), 'Loaded %s strings' % lang)
                    except Exception:
                        self._emu.plugin_log.fw(logging.ERROR, ('localization', 429),
                                                'Exception when trying to load %s strings' % lang)
                self._cache[lang] = table
            return self._cache[lang]

    def localize(self, key, locale=None):
        key = to_text(key)
        chain = []
        for loc in (locale, self.default_locale):
            if loc:
                loc = loc.lower()
                chain.append(loc)
                if '-' in loc:
                    chain.append(loc.split('-')[0])
        for lang in chain:
            table = self._table(lang)
            if table and key in table:
                return table[key]
        return key


class LocalString(object):
    """Lazy; formats its args when turned into a string (F)."""

    def __init__(self, localization, context, key, args=()):
        self._loc = localization
        self._context = context
        self.key = key
        self.args = args

    def _resolve(self):
        text = self._loc.localize(self.key, self._context.locale)
        if self.args:
            text = text % tuple(self.args)
        return text

    def __unicode__(self):
        return to_text(self._resolve())

    def __str__(self):
        text = self._resolve()
        if PY2:  # pragma: no cover
            return text.encode('utf-8') if isinstance(text, text_type) else text
        return text

    def __add__(self, other):
        return self.__str__() + other

    def __radd__(self, other):
        return other + self.__str__()

    def __mod__(self, other):
        return self.__str__() % other

    def __eq__(self, other):
        return self.__str__() == other

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.key)

    def __repr__(self):
        return 'LocalString(%r)' % (self.key,)


class LocaleKit(object):
    Language = Language

    def __init__(self, localization, context):
        self._loc = localization
        self._context = context

    @property
    def DefaultLocale(self):
        return self._loc.default_locale

    @DefaultLocale.setter
    def DefaultLocale(self, value):
        self._loc.default_locale = value

    @property
    def CurrentLocale(self):
        return self._context.locale

    def LocalString(self, key):
        return LocalString(self._loc, self._context, key)

    def LocalStringWithFormat(self, key, *args):
        return LocalString(self._loc, self._context, key, args)
