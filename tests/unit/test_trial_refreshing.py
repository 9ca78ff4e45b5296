# -*- coding: utf-8 -*-
"""trial/refreshing.py pieces that need no server: the back-off wait (slept in steps, refused past
max_wait), and the end-of-refresh check -- the contributor's record, System's end line for the
item's guid, or the agent's search ended with the item still unmatched on two polls in a row.
(Whole refreshes against the simulated server: tests/sim/test_trial_runner.py.)"""
from __future__ import absolute_import, division, print_function

import io
import os

import pytest

from pleximprovement.contributor.record import ContributionLog
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpResult
from pleximprovement.runtime.store import FileStore
from pleximprovement.trial.backoff import BackoffRegistry
from pleximprovement.trial.evidence import LogMark
from pleximprovement.trial.intents import Intents
from pleximprovement.trial.refreshing import BackedOff, Refresher

AGENT = 'com.plexapp.agents.sampleagent'
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures', 'trial')


class Waiter(object):
    def __init__(self):
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(seconds)


class Item(object):
    """A server whose one item has the guid `self.guid`."""

    def __init__(self, guid):
        self.guid = guid

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        return HttpResult(200, {}, b'<MediaContainer><Video ratingKey="1" title="broken comet 2022" guid="%s"/>'
                          b'</MediaContainer>' % self.guid.encode('ascii'))


def refresher(tmpdir, server=None, contributions=None, **kwargs):
    store = FileStore(str(tmpdir.join('items')))
    client = PmsClient('http://pms:32400', 't', http=server or Item('local://1'))
    return Refresher(client, AGENT, str(tmpdir), str(tmpdir.join('caches')), Intents(store),
                     BackoffRegistry(store, lambda: 100.0), contributions, **kwargs)


def test_the_back_off_is_slept_in_steps_and_refused_past_max_wait(tmpdir):
    waiter = Waiter()
    made = refresher(tmpdir, waiter=waiter, max_wait=60.0)
    made.backoff.note({'site:80': ['http 403', 'http 429']})      # 30 s
    made.wait_backoff()
    assert waiter.slept == [] and made.waited == 0.0              # a site this agent never used
    made.sites.add('site:80')
    made.backoff.clock = lambda: 127.5
    made.wait_backoff()
    assert waiter.slept == [1.0, 1.0, 0.5] and made.waited == 2.5
    made.backoff.clock = lambda: 100.0
    for _number in range(3):
        made.backoff.note({'site:80': ['http 429']})
    with pytest.raises(BackedOff) as caught:
        made.wait_backoff()
    assert 'site:80' in str(caught.value) and caught.value.seconds > 60


def copy_log(tmpdir, name, target):
    with io.open(os.path.join(FIXTURES, name), 'rb') as handle:
        data = handle.read()
    tmpdir.join(target).write_binary(data)


def test_done_when_the_search_ended_and_the_item_stayed_unmatched_twice(tmpdir):
    tmpdir.join(AGENT + '.log').write_binary(b'')
    made = refresher(tmpdir)
    marks = {'agent': LogMark(str(tmpdir.join(AGENT + '.log'))), 'system': LogMark(str(tmpdir.join('s.log')))}
    done = made.done_check(u'1', marks, None)
    assert done() is False                     # nothing in the log yet
    copy_log(tmpdir, 'sampleagent.log', AGENT + '.log')
    assert done() is False and done() is True


def test_done_when_system_ended_the_update_of_the_items_guid(tmpdir):
    tmpdir.join('com.plexapp.system.log').write_binary(b'')
    server = Item(u'com.plexapp.agents.sampleagent://1081?lang=en')
    made = refresher(tmpdir, server)
    marks = {'agent': LogMark(str(tmpdir.join(AGENT + '.log'))),
             'system': LogMark(str(tmpdir.join('com.plexapp.system.log')))}
    done = made.done_check(u'1', marks, None)
    assert done() is False
    copy_log(tmpdir, 'system.log', 'com.plexapp.system.log')
    assert done() is True
    server.guid = u'com.plexapp.agents.sampleagent://1100?lang=en'
    assert done() is False                     # System's line is about another guid


def test_done_when_the_contributor_recorded_the_item(tmpdir):
    contributions = ContributionLog(str(tmpdir.join('data')))
    made = refresher(tmpdir, Item(u'com.plexapp.agents.sampleagent://5?lang=en'), contributions)
    offset = contributions.end()
    marks = {'agent': LogMark(str(tmpdir.join('a.log'))), 'system': LogMark(str(tmpdir.join('s.log')))}
    done = made.done_check(u'1', marks, offset)
    assert done() is False and made.contributor_saw(u'1', offset) is False
    contributions.append({'event': 'search', 'time': 1.0, 'rating_key': u'2'})
    assert done() is False
    contributions.append({'event': 'search', 'time': 2.0, 'rating_key': u'1'})
    assert done() is True and made.contributor_saw(u'1', offset) is True
    assert refresher(tmpdir).contributor_saw(u'1', 0) is None
