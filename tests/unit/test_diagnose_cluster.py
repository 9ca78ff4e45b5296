# -*- coding: utf-8 -*-
"""Drain clustering: one shape across different numbers, ids and titles; shapes kept apart."""
from __future__ import absolute_import, division, print_function

from pleximprovement.diagnose import cluster
from pleximprovement.text import mask_message


def templates(messages):
    drain = cluster.Drain()
    for message in messages:
        drain.add(message)
    return dict((c['template'], c['count']) for c in drain.clusters())


def test_masks_variable_parts():
    assert mask_message("Could not load poster 12 from https://img.example.org/p/12.jpg?s=1") == \
        u'Could not load poster <NUM> from <URL>'
    assert mask_message(u"No match for u'Die Hard (1988)' in \"list\"") == u'No match for <STR> in <STR>'
    assert mask_message('guid 7f4caeffd700 and 0x1f id tt0123456') == u'guid <HEX> and <HEX> id <ID>'
    assert mask_message("'ascii' codec can't decode byte 0xe9 in position 5") == \
        u"<STR> codec can't decode byte <HEX> in position <NUM>"


def test_one_shape_with_different_numbers_is_one_cluster():
    found = templates(['Could not load poster for %d' % n for n in (1, 22, 333, 4444)])
    assert found == {u'Could not load poster for <NUM>': 4}


def test_one_shape_with_different_titles_and_urls_is_one_cluster():
    found = templates(["Scene '%s' has no studio at https://ex.org/s/%d" % (t, n)
                       for t, n in (('A B', 1), ('Another Title', 2), ('C', 3))])
    assert found == {u'Scene <STR> has no studio at <URL>': 3}


def test_words_that_differ_in_one_place_merge_into_a_wildcard():
    found = templates(['Could not load poster for 1', 'Could not load fanart for 2'])
    assert found == {u'Could not load <*> for <NUM>': 2}


def test_different_shapes_stay_apart():
    found = templates(['Could not load poster for 1', 'Could not reach api for 2',
                       'Summary too long for 3', 'Could not load poster for 4 at all'])
    assert found == {u'Could not load poster for <NUM>': 1, u'Could not reach api for <NUM>': 1,
                     u'Summary too long for <NUM>': 1, u'Could not load poster for <NUM> at all': 1}


def test_a_widened_template_does_not_swallow_everything():
    # After the first merge the last position is a wildcard. Counted as equal it would give
    # the third message 5/7 (>= 0.7) and merge it; Drain does not count it: 4/7, kept apart.
    found = templates(['Fetch of the poster failed at alpha', 'Fetch of the poster failed at beta',
                       'Fetch of the fanart crashed at gamma'])
    assert found == {u'Fetch of the poster failed at <*>': 2, u'Fetch of the fanart crashed at gamma': 1}


def test_similarity_ignores_wildcards():
    assert cluster.similarity([u'a', u'<*>', u'c'], [u'a', u'b', u'c']) == 2 / 3.0
    assert cluster.similarity([u'a', u'b'], [u'a', u'b', u'c']) == 0.0


def test_short_messages_must_match_exactly():
    assert templates(['Bad thing', 'Bad luck']) == {u'Bad thing': 1, u'Bad luck': 1}


def test_cluster_messages_sums_counts_agents_and_times():
    shapes = cluster.cluster_messages([
        {'template': 'Poster 1 missing', 'count': 3, 'agents': {'a': 3}, 'examples': ['Poster 1 missing'],
         'level': 'ERROR', 'first_seen': '2024-01-02 00:00:00', 'last_seen': '2024-01-03 00:00:00'},
        {'template': 'Poster 2 missing', 'count': 2, 'agents': {'a': 1, 'b': 1}, 'examples': ['Poster 2 missing'],
         'level': 'ERROR', 'first_seen': '2024-01-01 00:00:00', 'last_seen': '2024-01-02 00:00:00'},
        {'template': 'Totally different text here', 'count': 1, 'agents': {'b': 1}, 'examples': [],
         'level': 'WARNING', 'first_seen': None, 'last_seen': None},
    ])
    assert [s['count'] for s in shapes] == [5, 1]
    top = shapes[0]
    assert top['template'] == u'Poster <NUM> missing' and top['agents'] == {'a': 4, 'b': 1}
    assert (top['first_seen'], top['last_seen']) == ('2024-01-01 00:00:00', '2024-01-03 00:00:00')
    assert top['examples'] == [u'Poster 1 missing', u'Poster 2 missing'] and top['members'] == 2


def test_examples_are_bounded():
    drain = cluster.Drain()
    for n in range(10):
        drain.add('Poster %d missing' % n, examples=['Poster %d missing' % n])
    assert len(drain.clusters()[0]['examples']) == cluster.MAX_EXAMPLES


def test_bytes_and_unicode_messages_cluster_together():
    drain = cluster.Drain()
    drain.add(b'Caf\xc3\xa9 1 closed')
    drain.add(u'Caf\xe9 2 closed')
    assert [c['count'] for c in drain.clusters()] == [2]
