# -*- coding: utf-8 -*-
"""agent_overlay.names: title variants, each simpler than the last, and media names made safe."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.fixes.overlay.agent_overlay import names

ALL = names.TITLE_STRATEGIES
SAFE = {'encodings': 'utf-8,cp1252', 'errors': 'replace', 'repair_mojibake': True, 'normalize_unicode': True}


@pytest.mark.parametrize('name, expected', [
    (u'Silent River (1999)', [u'Silent River']),
    (u'Silent River [1999]', [u'Silent River']),
    (u'Silent River 1999 1080p BluRay x264-SPARKS', [u'Silent River']),
    (u'Silent River 1080p WEB-DL', [u'Silent River']),
    (u'silent river 1999', [u'silent river']),
    (u'2001 A Space Odyssey', []),  # a year first in the name is part of the title
    (u'Paramount - Silent River (1999)', [u'Paramount - Silent River', u'Paramount Silent River',
                                          u'Silent River']),
    (u'River - Silent Harbor (2004)', [u'River - Silent Harbor', u'River Silent Harbor', u'Silent Harbor']),
    (u"Johnny's Harbor: Blue", [u'Johnnys Harbor Blue']),
    (u'Café Déjà Vu', [u'Cafe Deja Vu']),
    (u'The Last Station', [u'Last Station']),
    (u'Last Station, The (1999)', [u'Last Station, The', u'Last Station The', u'Last Station']),
    (u"L'Été", [u'LÉté', u'LEte', u'Ete']),
    (u'Сибирь (1999)', [u'Сибирь']),
    (u'Plain Title', []),
])
def test_variants(name, expected):
    assert names.title_variants(name, ALL, 12) == expected


def test_strategies_order_and_limit():
    name = u'The Café - Silent River (1999)'
    assert names.title_variants(name, ('strip_accents', 'strip_year'), 12) == [
        u'The Cafe - Silent River (1999)', u'The Cafe - Silent River']
    assert names.title_variants(name, ALL, 2) == [u'The Café - Silent River', u'The Café Silent River']
    assert names.title_variants(name, (), 6) == []


def test_each_step_alone():
    assert names.strip_year(u'1999') == u'1999'
    assert names.strip_release_tags(u'1080p Title') == u'1080p Title'
    assert names.split_separators(u'- Title') == u'- Title' and names.split_separators(u'A - ') == u'A - '
    assert names.strip_leading_article(u'The') == u'The' and names.strip_leading_article(u'Der Tunnel') == u'Tunnel'
    assert names.strip_punctuation(u'Mr. Johnny & the Lantern!') == u'Mr Johnny the Lantern '
    assert names.strip_accents(u'Ame\u0301lie 東京') == u'Amelie 東京'


@pytest.mark.parametrize('value, expected', [
    (u'Café River', u'Café River'),
    (u'CafÃ© River', u'Café River'),
    (u'Johnnyâ€™s Harbor', u'Johnny\u2019s Harbor'),
    (u'Ame\u0301lie', u'Amélie'),
    (u'Tab\tand\x00nul', u'Tab and nul'),
    (u'Ã alone', u'Ã alone'),
    (b'Caf\xc3\xa9', u'Café'.encode('utf-8')),
    (b'Caf\xe9', u'Café'.encode('utf-8')),
    (b'CafA\xcc\x81', u'CafÁ'.encode('utf-8')),
])
def test_repair_name_keeps_the_type(value, expected):
    repaired = names.repair_name(value, SAFE)
    assert repaired == expected and type(repaired) is type(value)


def test_repair_name_options():
    params = dict(SAFE, encodings='utf-8', errors='ignore', repair_mojibake=False, normalize_unicode=False)
    assert names.repair_name(b'Caf\xe9', params) == b'Caf'
    assert names.repair_name(u'CafÃ©', params) == u'CafÃ©'
    assert names.repair_name(u'Ame\u0301lie', params) == u'Ame\u0301lie'
    assert names.repair_name(b'Caf\xe9', dict(params, errors='replace')) == u'Caf\ufffd'.encode('utf-8')
