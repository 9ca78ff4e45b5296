# -*- coding: utf-8 -*-
"""Log bytes to text, and the masking of a message's variable parts. Call these:

    decode_bytes(value)   bytes -> text (UTF-8, U+FFFD for invalid bytes); anything else,
                          None included, is returned unchanged.
    as_text(value)        always text: None -> u'', bytes decoded as above, text as is,
                          anything else formatted with %s.
    mask_template(text)   the key Phase 1 groups unclassified errors by (snapshot
                          `unclassified[].template`): URLs -> <url>, quoted text -> '<*>',
                          paths -> <path>, hex ids and numbers -> <n>; whitespace collapsed,
                          at most 200 characters.
    mask_url(url)         a URL reduced to scheme://host/path with digits -> <n>, the query and
                          fragment dropped (snapshot `errors[cls].urls`; tokens never reach a
                          report).
    mask_message(text)    the tokens Drain clusters by (diagnose/cluster.py): URLs -> <URL>,
                          quoted text -> <STR>, paths -> <PATH>, hex ids -> <HEX>, words with
                          digits -> <ID>, numbers -> <NUM>; whitespace collapsed.
    is_placeholder(token) True for a token either masker wrote (`<n>`, `<NUM>`, `<*>`...).

Why two maskers: Drain's input is Phase 1's stored templates, so in a report a message has
passed mask_template, then mask_message (which turns the `'<*>'` of a quoted value into
`<STR>` and a lone `/path` into `<PATH>`; the digits are gone by then). The snapshot keeps
the first form and the diagnosis' templates and finding ids the second, so neither can be
replaced by the other without changing a saved report. is_placeholder is how Drain knows a
token of either style is not a word.
"""
from __future__ import absolute_import, division, print_function

import re

_TEXT = type(u'')


def decode_bytes(value):
    """`value` decoded when it is bytes (UTF-8, invalid bytes -> U+FFFD), else unchanged."""
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return value


def as_text(value):
    """Text of a str/bytes value (log text may arrive as either under 2.7); None -> u''."""
    if value is None:
        return u''
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return value if isinstance(value, _TEXT) else u'%s' % (value,)


# (regex, placeholder) in the order they apply: URLs before paths (a URL holds slashes),
# quoted text before numbers (a quoted title may hold digits).
TEMPLATE_MASKS = (
    (re.compile(u'[a-zA-Z][\\w+.-]*://[^\\s\'"]+'), u'<url>'),
    (re.compile(u'\'[^\']*\'|"[^"]*"'), u"'<*>'"),
    (re.compile(u'(?:[A-Za-z]:)?(?:[\\\\/][^\\\\/\\s]+){2,}'), u'<path>'),
    (re.compile(u'\\b(?:0x)?[0-9a-fA-F]*\\d[0-9a-fA-F]*\\b'), u'<n>'),
    (re.compile(u'\\d+'), u'<n>'),
)
TEMPLATE_CHARS = 200

MESSAGE_MASKS = (
    (re.compile(r'\b(?:https?|ftp)://[^\s\'"<>]+', re.I), u'<URL>'),
    (re.compile(r'(?<!\w)u?\'[^\']*\'|(?<!\w)u?"[^"]*"'), u'<STR>'),
    (re.compile(r'(?<!\S)(?:[A-Za-z]:\\|/)[^\s:]+'), u'<PATH>'),
    (re.compile(r'\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b'),
     u'<HEX>'),
    (re.compile(r'\b0x[0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b'),
     u'<HEX>'),
    (re.compile(r'\b(?=[A-Za-z_]*\d)(?=\d*[A-Za-z_])\w*\d\w*\b'), u'<ID>'),
    (re.compile(r'(?<![\w.])[-+]?\d+(?:[.,:]\d+)*(?!\w)'), u'<NUM>'),
)
PLACEHOLDER = re.compile(r'^<(?:[A-Za-z]+|\*)>$')

_DIGITS = re.compile(u'\\d+')


def _masked(text, masks):
    for regex, placeholder in masks:
        text = regex.sub(placeholder, text)
    return u' '.join(text.split())


def mask_template(text):
    """The template an unclassified message (text) is grouped by: variable parts masked."""
    return _masked(text, TEMPLATE_MASKS)[:TEMPLATE_CHARS]


def mask_url(url):
    """scheme://host/path with digits masked and the query dropped (tokens never reach reports)."""
    url = decode_bytes(url)
    url = url.split('?', 1)[0].split('#', 1)[0]
    return _DIGITS.sub(u'<n>', url)[:TEMPLATE_CHARS]


def mask_message(message):
    """The message (str or bytes) with its variable parts replaced by Drain's placeholders."""
    return _masked(as_text(message), MESSAGE_MASKS)


def is_placeholder(token):
    """True when a token is a placeholder of either masker (or Drain's wildcard `<*>`)."""
    return PLACEHOLDER.match(token) is not None
