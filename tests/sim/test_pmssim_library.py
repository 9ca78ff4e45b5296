# -*- coding: utf-8 -*-
"""What the server stores about an item: the scanner's view until an agent's fields are taken,
and back to it on unmatch; and the sim tests' item picker, which fails rather than skips."""
from __future__ import absolute_import, division, print_function

import pytest

from .conftest import pick


def test_fields_taken_from_an_update_and_reset(make_sim):
    sim = make_sim()
    item = sim.items[3]
    item.apply({'title': u'Clean Title', 'year': '1999', 'summary': u'S', 'studio': u'X', 'rating': '7.5',
                'genres': [u'Drama', u'Comedy'], 'posters': {'url': 'data'}})
    assert (item.title, item.year, item.summary, item.studio, item.rating) == (u'Clean Title', 1999, u'S', u'X', 7.5)
    assert item.genres == [u'Comedy', u'Drama'] and item.thumb.startswith(u'/library/metadata/3/thumb/')
    item.apply({'year': 'unknown', 'rating': 'n/a'})
    assert item.year == 1999 and item.rating == 7.5
    item.reset()
    assert item.guid == u'local://3' and item.title == item.entry.scanned_title and item.genres == []


def test_pick_fails_when_no_item_fits(make_sim):
    sim = make_sim()
    with pytest.raises(AssertionError):
        pick(sim, lambda item: False)
