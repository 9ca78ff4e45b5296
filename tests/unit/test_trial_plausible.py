# -*- coding: utf-8 -*-
"""trial/plausible.py: the title part of file names, and whether a match fits its file."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.trial.plausible import agreement, file_title, title_words, words


@pytest.mark.parametrize('path, expected', [
    (u'/data/movies/The.Silent.River.2004.1080p.BluRay.x264-SPARKS.mkv', ([u'silent', u'river'], 2004)),
    (u'/data/movies/Silent River (2004).mp4', ([u'silent', u'river'], 2004)),
    (u'/data/movies/Silent River, The [2004].mkv', ([u'silent', u'river'], 2004)),
    (u'/data/movies/Paramount - Silent River (2004).mkv', ([u'paramount', u'silent', u'river'], 2004)),
    (u'/data/movies/silent_river.avi', ([u'silent', u'river'], None)),
    (u'/data/movies/2001.A.Space.Odyssey.1968.720p.mkv', ([u'2001', u'space', u'odyssey'], 1968)),
    (u'/data/movies/Blade Runner 2049 (2017).mkv', ([u'blade', u'runner', u'2049'], 2017)),
    (u'C:\\Films\\Am\xe9lie.2001.WEB-DL.mkv', ([u'amelie'], 2001)),
    (u'/data/movies/\u6771\u4eac\u306e\u591c (1999).mkv', ([u'\u6771\u4eac\u306e\u591c'], 1999)),
    (u'/data/movies/1917.mkv', ([u'1917'], None)),
])
def test_file_title(path, expected):
    assert file_title(path) == expected


def test_words_fold_accents_apostrophes_and_articles():
    assert words(u"Ocean's Eleven: Caf\xe9") == [u'oceans', u'eleven', u'cafe']
    assert title_words(u'The Last of the Mohicans') == [u'last', u'of', u'mohicans']
    assert words(b'Caf\xc3\xa9') == [u'cafe']


def test_correct_matches_are_plausible():
    path = u'/data/movies/The.Silent.River.2004.1080p.BluRay.x264-SPARKS.mkv'
    assert agreement(u'The Silent River', 2004, path) == {
        'title_score': 1.0, 'file_title': u'silent river', 'file_year': 2004, 'year_ok': True, 'plausible': True}
    assert agreement(u'Silent River', 2005, path)['plausible'] is True        # a year off by one
    assert agreement(u'Silent River', 2004, u'/m/Paramount - Silent River (2004).mkv')['plausible'] is True
    assert agreement(u'Silent River', None, u'/m/silent_river.avi')['plausible'] is True


def test_wrong_matches_are_not():
    path = u'/data/movies/The.Silent.River.2004.1080p.mkv'
    assert agreement(u'Crimson Harbor', 2004, path)['plausible'] is False
    assert agreement(u'Silent Harbor', 2004, path)['title_score'] == 1 / 3
    assert agreement(u'Silent Harbor', 2004, path)['plausible'] is False
    assert agreement(u'The Silent River', 1987, path) == {
        'title_score': 1.0, 'file_title': u'silent river', 'file_year': 2004, 'year_ok': False, 'plausible': False}


def test_no_evidence_is_none():
    assert agreement(u'Film', 2004, None)['plausible'] is None
    assert agreement(u'!!!', None, u'/m/x.mkv')['plausible'] is None
    assert agreement(u'!!!', 2004, u'/m/Film (2004).mkv')['plausible'] is True    # only the year to go by
    assert agreement(u'???', 1990, u'/m/Film (2004).mkv')['plausible'] is False
