# -*- coding: utf-8 -*-
"""Does the title and year an agent gave an item fit the item's file name?

In: the item's title and year after a refresh, and its file path. Out: a dict
{'title_score', 'file_title', 'file_year', 'year_ok', 'plausible'}.

Why: an agent that "matches" every item to the first search result raises the match rate
and fills every field, with the wrong film. A trial must not count that as a success, and
the server cannot tell; the file name can. The check is deliberately lenient (it must not
fail a correct match with a reordered or shortened title): the title part of the file name
is its name up to the first year or release tag ("The.Silent.River.2004.1080p.BluRay-X"
-> "the silent river", year 2004); the score is the Jaccard overlap of the two titles'
words (accents folded, case and punctuation ignored, English articles dropped); plausible
when the score is at least MIN_TITLE_SCORE and the years (when both are known) differ by
at most one. None when there is nothing to compare (no file, no words): no evidence is
not counted against the match.
"""
from __future__ import absolute_import, division, print_function

import os
import re
import unicodedata

from ..text import as_text

MIN_TITLE_SCORE = 0.5
YEAR_SLACK = 1
ARTICLES = frozenset([u'the', u'a', u'an'])
WORD_RE = re.compile(u"[^\\W_]+", re.UNICODE)
APOSTROPHE_RE = re.compile(u"[\u0027\u2019\u02bc]", re.UNICODE)
YEAR_RE = re.compile(u'^(?:19|20)\\d\\d$')
# Release tags that end the title part of a scene-style file name (lower case, words as
# WORD_RE splits them: "WEB-DL" -> "web", "dl"; "H.264" -> "h", "264").
RELEASE_TAGS = frozenset([
    u'2160p', u'1080p', u'1080i', u'720p', u'576p', u'480p', u'4k', u'uhd', u'bluray', u'bdrip', u'brrip',
    u'web', u'webrip', u'webdl', u'hdtv', u'dvdrip', u'dvd', u'remux', u'x264', u'x265', u'h264', u'h265', u'hevc',
    u'xvid', u'divx', u'hdr', u'proper', u'repack', u'extended', u'unrated', u'remastered', u'multi',
])
EXTENSION_RE = re.compile(u'\\.[A-Za-z0-9]{2,4}$')


def words(text):
    """Lower-case words of `text`, accents folded, apostrophes joined ("Ocean's" -> "oceans")."""
    text = unicodedata.normalize('NFKD', as_text(text))
    text = u''.join(c for c in text if not unicodedata.combining(c)).lower()
    return WORD_RE.findall(APOSTROPHE_RE.sub(u'', text))


def title_words(text):
    return [w for w in words(text) if w not in ARTICLES]


def file_title(path):
    """(title words, year or None) of a media file's name (see the module docstring)."""
    name = EXTENSION_RE.sub(u'', os.path.basename(as_text(path).replace(u'\\', u'/')))
    found = words(name)
    cut = len(found)
    year = None
    for index, word in enumerate(found):
        if word in RELEASE_TAGS and index > 0:
            cut = min(cut, index)
            break
        if YEAR_RE.match(word) and index > 0:
            # The last year before the tags ends the title ("2001 A Space Odyssey 1968").
            cut, year = index, int(word)
    return [w for w in found[:cut] if w not in ARTICLES], year


def agreement(title, year, path, min_title_score=MIN_TITLE_SCORE):
    """The plausibility dict of one item (see the module docstring)."""
    if not path:
        return {'title_score': None, 'file_title': None, 'file_year': None, 'year_ok': None, 'plausible': None}
    file_words, file_year = file_title(path)
    item_words = set(title_words(title or u''))
    score = None
    if item_words and file_words:
        shared = item_words & set(file_words)
        score = len(shared) / len(item_words | set(file_words))
    year_ok = None
    if file_year is not None and year:
        year_ok = abs(int(year) - file_year) <= YEAR_SLACK
    if score is None:
        plausible = None if year_ok is None else year_ok
    else:
        plausible = score >= min_title_score and year_ok is not False
    return {'title_score': score, 'file_title': u' '.join(file_words), 'file_year': file_year,
            'year_ok': year_ok, 'plausible': plausible}
