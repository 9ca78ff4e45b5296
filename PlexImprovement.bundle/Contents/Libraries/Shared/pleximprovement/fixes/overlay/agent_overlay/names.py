# -*- coding: utf-8 -*-
"""Media names: simpler search forms of a title, and names made safe to use.

In: a media name as the search hint carries it (2.7 `str` bytes or `unicode`). Out: title variants
(text), each simpler than the one before, for a search that found nothing; and the name decoded,
mojibake repaired, NFC-normalised and without control characters, in the type it came in. Why: scanners
hand agents file names ("Studio - Title (2004) 1080p", "CafÃ©"), while sites index clean titles.
"""
from __future__ import absolute_import, division, print_function

import re
import unicodedata

try:  # 2.7 (the framework); the emulator also runs on 3
    TEXT = unicode  # noqa: F821
except NameError:
    TEXT = str

TITLE_STRATEGIES = ('strip_year', 'strip_release_tags', 'strip_punctuation', 'strip_accents',
                    'strip_leading_article', 'split_separators')
ENCODINGS = ('utf-8', 'cp1252', 'latin-1', 'iso-8859-15', 'cp1250', 'cp1251', 'shift_jis', 'euc-jp', 'gbk',
             'big5', 'euc-kr')

APOSTROPHES = re.compile(u"['`\u2019\u02bc]")
NON_WORD = re.compile(r'[\W_]+', re.UNICODE)
SPACES = re.compile(r'\s+', re.UNICODE)
BRACKETED_YEAR = re.compile(r'\s*[(\[]\s*(?:19|20)\d\d\s*[)\]]')
BARE_YEAR = re.compile(r'(?<!\w)(?:19|20)\d\d(?!\w)', re.UNICODE)
TOKEN = re.compile(r'[^\s._\[\]()]+', re.UNICODE)
RELEASE_TAG = re.compile(
    r'^(?:\d{3,4}[pi]|[48]k|uhd|hdr\d*|10bit|blu-?ray|bdrip|brrip|b[dr]remux|remux|web-?dl|webrip|web|hdtv|'
    r'hdrip|dvdrip|dvdscr|dvd|xvid|divx|[xh]26[45]|hevc|avc|aac|ac3|dts|atmos|proper|repack|extended|unrated|'
    r'remastered|limited|internal|multi|subbed|dubbed)(?:-\w+)?$', re.IGNORECASE)
SEPARATOR = re.compile(u'\\s+[-\u2013\u2014]\\s+')
ARTICLES = u'the|a|an|le|la|les|der|die|das|el|los|las|il|lo|gli|het|een'
LEADING_ARTICLE = re.compile(u"^(?:(?:%s)\\s+|l['\u2019])(?=\\S)" % ARTICLES, re.IGNORECASE | re.UNICODE)
TRAILING_ARTICLE = re.compile(u',\\s*(?:%s)\\s*$' % ARTICLES, re.IGNORECASE | re.UNICODE)
TRIM = u' \t._-([,'
MOJIBAKE_MARKS = u'\u20ac\u2018\u2019\u201a\u201c\u201d\u2020\u2122'


def cut(text, position):
    """The text before `position`, without the separators left at its end."""
    return text[:position].rstrip(TRIM)


def strip_year(text):
    """'Title (1999)', 'Title [1999]', 'Title 1999 1080p ...' -> 'Title' (a year first in the name stays)."""
    text = BRACKETED_YEAR.sub(u'', text)
    found = [m for m in BARE_YEAR.finditer(text) if m.start() > 0]
    return cut(text, found[0].start()) if found else text


def strip_release_tags(text):
    """'Title 1080p BluRay x264-GRP' -> 'Title': cut at the first release tag after the first word."""
    found = [m for m in TOKEN.finditer(text) if m.start() > 0 and RELEASE_TAG.match(m.group())]
    return cut(text, found[0].start()) if found else text


def split_separators(text):
    """'Studio - Title' -> 'Title' (the part after the first spaced dash)."""
    found = SEPARATOR.search(text)
    if found and found.start() > 0 and text[found.end():].strip():
        return text[found.end():]
    return text


def strip_leading_article(text):
    """'The Title' and 'Title, The' -> 'Title' (English, French, German, Spanish, Italian, Dutch)."""
    return LEADING_ARTICLE.sub(u'', TRAILING_ARTICLE.sub(u'', text), 1)


def strip_punctuation(text):
    """Apostrophes vanish ("Ocean's" -> "Oceans"), other punctuation becomes a space."""
    return NON_WORD.sub(u' ', APOSTROPHES.sub(u'', text))


def strip_accents(text):
    """'Amélie' -> 'Amelie'; letters of other scripts stay."""
    decomposed = unicodedata.normalize('NFKD', text)
    return unicodedata.normalize('NFC', u''.join(c for c in decomposed if not unicodedata.combining(c)))


# The order the chosen steps are applied in, whatever order they were chosen in.
STEPS = (('strip_year', strip_year), ('strip_release_tags', strip_release_tags),
         ('split_separators', split_separators), ('strip_leading_article', strip_leading_article),
         ('strip_punctuation', strip_punctuation), ('strip_accents', strip_accents))


def title_variants(name, strategies, limit):
    """At most `limit` ever simpler forms of `name` (text): the strategies are added one at a time, in the
    given order, and applied together; forms equal (ignoring case) to the name or an earlier form are left out."""
    seen = set([SPACES.sub(u' ', name).strip().lower()])
    chosen, variants = set(), []
    for strategy in strategies:
        chosen.add(strategy)
        text = name
        for step, function in STEPS:
            if step in chosen:
                text = function(text)
        text = SPACES.sub(u' ', text).strip()
        if text and text.lower() not in seen and len(variants) < limit:
            seen.add(text.lower())
            variants.append(text)
    return variants


def decode_name(value, encodings, errors):
    """Bytes -> text with the first encoding that decodes them, else with the first one and `errors`."""
    for encoding in encodings:
        try:
            return value.decode(encoding)
        except (UnicodeError, LookupError):
            continue
    return value.decode(encodings[0], errors)


def repair_mojibake(text):
    """'CafÃ©' -> 'Café': UTF-8 bytes once decoded as cp1252 or latin-1 are decoded again as UTF-8."""
    if not any(u'\x80' <= c <= u'\xff' or c in MOJIBAKE_MARKS for c in text):
        return text
    for encoding in ('cp1252', 'latin-1'):
        try:
            return text.encode(encoding).decode('utf-8')
        except UnicodeError:
            continue
    return text


def repair_name(value, params):
    """`value` decoded (params['encodings'], a comma list, and params['errors']), mojibake repaired and NFC
    normalised as params say, control characters made spaces; bytes come back as UTF-8 bytes."""
    is_bytes = not isinstance(value, TEXT)
    text = decode_name(value, params['encodings'].split(','), params['errors']) if is_bytes else value
    if params['repair_mojibake']:
        text = repair_mojibake(text)
    if params['normalize_unicode']:
        text = unicodedata.normalize('NFC', text)
    text = u''.join(u' ' if unicodedata.category(c) == 'Cc' else c for c in text)
    return text.encode('utf-8') if is_bytes else text


def as_text(value):
    """Text for the log: bytes decoded as UTF-8 with replacement characters."""
    return value if isinstance(value, TEXT) else value.decode('utf-8', 'replace')
