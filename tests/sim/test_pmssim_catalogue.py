# -*- coding: utf-8 -*-
"""The catalogue: deterministic by seed, and as messy as real libraries are."""
from __future__ import absolute_import, division, print_function

import re

from harness.pmssim import catalogue


def test_same_seed_same_library():
    assert catalogue.Catalogue(seed=5, size=120).fingerprint() == catalogue.Catalogue(seed=5, size=120).fingerprint()
    assert catalogue.Catalogue(seed=5, size=120).fingerprint() != catalogue.Catalogue(seed=6, size=120).fingerprint()


def test_size_and_unique_titles():
    lib = catalogue.Catalogue(seed=2, size=300)
    assert len(lib) == 300
    assert len(set(item.clean_key for item in lib)) == 300
    assert len(set(item.file_name for item in lib)) == 300


def test_file_names_are_messy_like_real_ones():
    names = [item.file_name for item in catalogue.Catalogue(seed=1, size=300)]
    joined = u'\n'.join(names)
    assert re.search(r'\((19|20)\d\d\)', joined)            # year in parentheses
    assert re.search(r'\[(19|20)\d\d\]', joined)            # year in brackets
    for tag in (u'1080p', u'BluRay', u'x264', u'WEB-DL'):
        assert any(tag in name for name in names), tag
    assert any(u'_' in name for name in names)               # underscores
    assert any(name.count(u'.') >= 3 for name in names)      # dotted scene names
    assert any(re.match(u'^[A-Z][A-Za-z0-9]+ - ', name) for name in names)  # "Studio - Title"
    assert any(u', The (' in name or u', A (' in name for name in names)    # moved article
    assert any(re.search(u'[éèñüïç]', name) for name in names)           # accents
    assert any(re.search(u'[\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff\u0370-\u03ff\uac00-\ud7af]', name)
               for name in names)                                           # other scripts


def test_scanner_keeps_the_name_and_finds_the_year():
    assert catalogue.scanner_title(u'Dark.Empire.1989.480p.WEBRip.x265-YIFY.mp4') == \
        (u'Dark Empire 1989 480p WEBRip x265-YIFY', 1989)
    assert catalogue.scanner_title(u'Glass_Tide [2007].mkv') == (u'Glass Tide [2007]', 2007)
    assert catalogue.scanner_title(u'Paper Witness.mp4') == (u'Paper Witness', None)


def test_clean_key_is_what_the_site_indexes():
    assert catalogue.clean_key(u"Johnny's Station") == u'johnnys station'
    assert catalogue.clean_key(u'Spider-Man: Far & Away!') == u'spider man far away'
    assert catalogue.clean_key(u'Café Noël') == u'cafe noel'
    assert catalogue.clean_key(u'Москва') == u'москва'
    assert catalogue.strip_article(u'the last station') == u'last station'


def test_every_item_knows_its_truth():
    lib = catalogue.Catalogue(seed=4, size=80)
    on_site = [item for item in lib if item.site is not None]
    assert len(on_site) == len(lib.site_entries)
    for item in on_site:
        assert item.site.title == item.title and item.site.year == item.year
    stats = lib.stats()
    # A naive exact search finds only a minority: that is the agent weakness the sim shows.
    assert 0 < stats['naive_matches'] < len(lib) // 2
