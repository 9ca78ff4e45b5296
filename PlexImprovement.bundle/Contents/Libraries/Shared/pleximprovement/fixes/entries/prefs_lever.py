# -*- coding: utf-8 -*-
"""An agent's own settings: what it declares in DefaultPrefs.json and what its Preferences file holds.

In: a Target (its Contents/DefaultPrefs.json; its Plug-in Support/Preferences/<identifier>.xml,
the plan root 'preferences'), a preference id and a value. Out: the declared preferences, the
value a Preferences file holds for one id, and the file's bytes with one value set and nothing
else changed. The framework reads that file again when its modification time changes
(plex-runtime.md section 10: prefs/set lands there too), so no code changes and no restart is
needed; rolling back puts the file's original bytes back from the backup (the old values).
Stored values are text; a 'bool' is 'true'/'false', an 'enum' the index of its value.
"""
from __future__ import absolute_import, division, print_function

import json
import re
from xml.etree import ElementTree

from ..errors import Refused
from ..plan import BUNDLE

LEVER = 'prefs'
DEFAULT_PREFS = 'Contents/DefaultPrefs.json'
ROOT = b'PluginPreferences'
NEW_FILE = b'<?xml version="1.0" encoding="utf-8"?>\n<PluginPreferences>%s</PluginPreferences>\n'
PREF_ID = re.compile(r'^[A-Za-z_][A-Za-z0-9_.-]*$')
SETTABLE_TYPES = ('text', 'enum', 'bool')


def declared(target):
    """The preferences DefaultPrefs.json declares ([{id, type, label, default, values}]); [] when it
    is missing or unreadable (the framework then offers none)."""
    raw = target.read(BUNDLE, DEFAULT_PREFS)
    try:
        items = json.loads(raw.decode('utf-8-sig'))
    except (AttributeError, ValueError):
        return []
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, dict) and item.get('type') in SETTABLE_TYPES
            and PREF_ID.match(u'%s' % (item.get('id'),))]


def words_of(pref):
    return (u'%s %s' % (pref.get('id'), pref.get('label') or '')).lower()


def matching(target, words, types=SETTABLE_TYPES):
    """The declared preferences whose id or label contains one of ``words``, of one of ``types``."""
    return [pref for pref in declared(target) if pref['type'] in types
            and any(word in words_of(pref) for word in words)]


def escape(text):
    return text.replace(u'&', u'&amp;').replace(u'<', u'&lt;').replace(u'>', u'&gt;')


def current_value(data, pref_id):
    """The text a Preferences file holds for ``pref_id``; None when absent, empty or unreadable."""
    if data is None:
        return None
    try:
        root = ElementTree.fromstring(data)
    except Exception:  # expat raises ParseError (3) / SyntaxError (2.7) and others on broken files
        return None
    for node in root:
        if node.tag == pref_id:
            return node.text or None
    return None


def with_value(data, pref_id, value, fix_id):
    """The Preferences file's bytes with ``pref_id`` set to ``value`` (text), the rest byte for byte;
    a new file when there was none. Refused when the file cannot be read as Preferences."""
    tag = pref_id.encode('ascii')
    element = b'<' + tag + b'>' + escape(value).encode('utf-8') + b'</' + tag + b'>'
    if data is None:
        return NEW_FILE % element
    pattern = re.compile(b'<' + re.escape(tag) + br'\s*/>|<' + re.escape(tag) + br'\s*>.*?</' + re.escape(tag)
                         + br'\s*>', re.S)
    found = list(pattern.finditer(data))
    if len(found) == 1:
        new = data[:found[0].start()] + element + data[found[0].end():]
    elif not found and data.count(b'</' + ROOT + b'>') == 1:
        at = data.index(b'</' + ROOT + b'>')
        new = data[:at] + element + data[at:]
    elif not found and re.search(b'<' + ROOT + br'\s*/>', data):
        new = re.sub(b'<' + ROOT + br'\s*/>', lambda _m: b'<' + ROOT + b'>' + element + b'</' + ROOT + b'>', data,
                     count=1)
    else:
        new = None
    if new is None or current_value(new, pref_id) != (value or None):
        raise Refused('fix %s: the Preferences file cannot be read as <PluginPreferences>; it was left alone'
                      % (fix_id,))
    return new
