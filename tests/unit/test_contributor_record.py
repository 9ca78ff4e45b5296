# -*- coding: utf-8 -*-
"""contributor/record.py: the record of a contributor search or update (the hints System passes),
appended as a JSON line, read back after an offset or a time, rolled at its size, and handed on
(the App wakes the collector); a media object that fails on an attribute records None."""
from __future__ import absolute_import, division, print_function

import io
import os

from pleximprovement.contributor import record


class Media(object):
    primary_agent = 'com.example.agent'
    guid = u'com.example.agent://77?lang=en'
    id = '12'
    name = u'Fil\u00e9'


class Broken(object):
    @property
    def guid(self):
        raise IOError('the framework fetched and failed')


class Metadata(object):
    id = None
    guid = u'com.example.agent://77?lang=en'


class Tree(object):
    id = '12'
    title = u'Film'


def test_records_of_a_search_and_an_update():
    assert record.from_search(Media(), 'en', 10.0) == {
        'event': 'search', 'time': 10.0, 'agent': u'com.example.agent', 'guid': u'com.example.agent://77?lang=en',
        'rating_key': u'12', 'title': u'Fil\u00e9', 'lang': u'en'}
    assert record.from_update(Metadata(), Tree(), 'en', 11.0) == {
        'event': 'update', 'time': 11.0, 'agent': u'com.example.agent', 'guid': u'com.example.agent://77?lang=en',
        'rating_key': u'12', 'title': u'Film', 'lang': u'en'}
    broken = record.from_search(Broken(), None, 12.0)
    assert broken['guid'] is None and broken['agent'] is None and broken['lang'] is None


def test_append_read_since_and_roll(tmpdir):
    log = record.ContributionLog(str(tmpdir.join('data')), max_bytes=400)
    assert log.read(0) == ([], 0) and log.end() == 0
    first = log.append(record.from_search(Media(), 'en', 10.0))
    offset = log.end()
    log.append(record.from_search(Media(), 'en', 20.0))
    records, end = log.read(offset)
    assert [r['time'] for r in records] == [20.0] and end == log.end()
    assert [r['time'] for r in log.since(15.0)] == [20.0]
    assert log.read(0)[0][0] == first
    with io.open(log.path, 'ab') as handle:
        handle.write(b'{"torn": ')                 # a line still being written is not read
    assert [r['time'] for r in log.read(0)[0]] == [10.0, 20.0]
    log.append(record.from_search(Media(), 'en', 30.0))   # over max_bytes: the file rolls to .1
    assert os.path.exists(log.path + '.1')
    assert [r['time'] for r in log.read(0)[0]] == [30.0]
    assert [r['time'] for r in log.read(end)[0]] == [30.0]    # an offset past the new end reads from 0


def test_contributions_record_and_tell(tmpdir):
    told = []
    seen = record.Contributions(record.ContributionLog(str(tmpdir)), lambda: 5.0, told.append)
    seen.searched(Media(), 'en')
    seen.updated(Metadata(), Tree(), 'en')
    assert [(r['event'], r['time']) for r in told] == [('search', 5.0), ('update', 5.0)]
    assert len(seen.log.read(0)[0]) == 2
