# -*- coding: utf-8 -*-
"""Menu pages as plain data, so the restricted Code/ layer only has to draw them.

A view is a dict: title, optional header/message, and entries (title, path under the
plug-in prefix, summary, kind, icon). Code/__init__.py turns it into an ObjectContainer. Every
title, header, message and summary goes through `safe()`: redacted (redact.py: no secret
reaches the menu, whatever a report or an error says), and harmless for Kitana (the web UI
most owners use for plug-in menus), which inserts titles into its page unescaped, so a `<`
would swallow the rest.
"""
from __future__ import absolute_import, division, print_function

import re

from ..redact import redact

try:
    from urllib import urlencode
except ImportError:  # Python 3
    from urllib.parse import urlencode

CONTROL_RE = re.compile(u'[\x00-\x08\x0b-\x1f\x7f]')
MAX_TITLE = 200

DIRECTORY = 'directory'
PREFS = 'prefs'


def safe(text, limit=MAX_TITLE):
    """Text that is harmless in a menu title: redacted, no markup brackets, no control bytes."""
    if text is None:
        return u''
    text = redact(text)
    text = CONTROL_RE.sub(u' ', text.replace(u'<', u'\u2039').replace(u'>', u'\u203a'))
    text = text.replace(u'\t', u' ').replace(u'\r', u' ').replace(u'\n', u' ')
    if len(text) > limit:
        text = text[:limit - 1] + u'\u2026'
    return text


def path_with(path, **query):
    """A menu path with its query string; None values are left out."""
    pairs = sorted((k, v) for k, v in query.items() if v is not None)
    if not pairs:
        return path
    return path + '?' + urlencode([(k, query_value(v)) for k, v in pairs])


def query_value(value):
    """urlencode wants native strings: UTF-8 bytes on Python 2, text on Python 3."""
    if isinstance(value, bytes):
        return value
    if not isinstance(value, type(u'')):
        value = u'%s' % (value,)
    return value.encode('utf-8') if str is bytes else value


def entry(title, path, summary=None, kind=DIRECTORY, icon=None):
    """One entry; `icon` names an image in Contents/Resources (drawn as the entry's thumb)."""
    return {'title': safe(title), 'path': path, 'summary': safe(summary, 1000) if summary else None,
            'kind': kind, 'icon': icon}


def view(title, entries, header=None, message=None):
    return {'title': safe(title), 'header': safe(header) if header else None,
            'message': safe(message, 2000) if message else None, 'entries': list(entries)}


def back_entry(text):
    """The entry every page ends with; `text` is the strings table (strings.Text)."""
    return entry(text('BACK_TO_MAIN'), '')


def status_entry(text):
    return entry(text('MENU_STATUS'), '/status')
