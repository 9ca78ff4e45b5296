# -*- coding: utf-8 -*-
"""trial/evidence.py on the sample agent's real log lines (tests/fixtures/trial, written by the
simulated server): which search and update lines belong to which item, the failure classes and
the sites they came from (never the server itself), the URLs for the HTTP cache, System's end line,
and reading a log from a mark when it rolled to `.1` in between."""
from __future__ import absolute_import, division, print_function

import io
import os

from pleximprovement.trial import evidence

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures', 'trial')
AGENT = u'com.plexapp.agents.sampleagent'
SITE = u'127.0.0.1:44857'


def lines_of(name):
    with io.open(os.path.join(FIXTURES, name), 'rb') as handle:
        return handle.read().splitlines()


def test_a_search_refused_by_the_site():
    found = evidence.attributed(lines_of('sampleagent.log'), AGENT, u'1', u'broken comet 2022')
    assert found['searched'] and found['search_outcome'] == 'errors'
    assert not found['updated'] and not found['update_failed']
    assert found['errors'] == [u'http 403']
    assert found['sites'] == {SITE: [u'http 403']}
    assert u'http://127.0.0.1:44857/search?q=broken+comet+2022' in found['urls']


def test_a_search_that_found_nothing_has_no_error():
    found = evidence.attributed(lines_of('sampleagent.log'), AGENT, u'5', u'Little Carnival Road (1994)')
    assert found['searched'] and found['search_outcome'] in ('failed', 'unknown')
    assert found['errors'] == [] and found['sites'] == {SITE: []}


def test_a_match_whose_update_failed():
    found = evidence.attributed(lines_of('sampleagent.log'), AGENT, u'12', u'Scarlet Fortress Story',
                                u'com.plexapp.agents.sampleagent://1081?lang=en')
    assert found['search_outcome'] == 'found'
    assert found['updated'] and found['update_failed'] and found['errors'] == [u'http 403']


def test_lines_of_other_items_do_not_count():
    lines = lines_of('sampleagent.log')
    assert not evidence.attributed(lines, AGENT, u'99', u'Nothing')['searched']
    # the update's lines belong to the guid's id, not to a guid of another agent
    assert not evidence.attributed(lines, AGENT, u'12', None, u'com.example.other://1081')['updated']


def test_system_says_when_an_update_ended():
    lines = lines_of('system.log')
    assert evidence.system_done(lines, u'com.plexapp.agents.sampleagent://1081?lang=en')
    assert not evidence.system_done(lines, u'com.plexapp.agents.sampleagent://1100?lang=en')
    assert not evidence.system_done(lines, None)


def test_lines_since_a_mark_follow_a_roll(tmpdir):
    path = str(tmpdir.join('agent.log'))
    with io.open(path, 'wb') as handle:
        handle.write(b'old 1\nold 2\n')
    mark = evidence.LogMark(path)
    with io.open(path, 'ab') as handle:
        handle.write(b'new 1\n')
    assert evidence.lines_since(mark) == [b'new 1']
    os.rename(path, path + '.1')
    with io.open(path, 'wb') as handle:
        handle.write(b'restarted\npartial')
    assert evidence.lines_since(mark) == [b'new 1', b'restarted', b'partial']
    missing = evidence.LogMark(str(tmpdir.join('none.log')))
    assert missing.offset == 0 and evidence.lines_since(missing) == []
    assert mark.as_dict()['offset'] == 12


def test_guid_id_only_for_the_agent():
    assert evidence.guid_id(u'a.b://12?lang=en', u'a.b') == u'12'
    assert evidence.guid_id(u'local://12', u'a.b') is None
    assert evidence.guid_id(None, u'a.b') is None
