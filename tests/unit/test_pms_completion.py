# -*- coding: utf-8 -*-
"""pms/completion.py: which evidence ends the wait for a refresh, on a scripted server
with a fake clock (activity shown / hidden, updatedAt moved or not, a log predicate, the
deadline, a section's refreshing flag)."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.pms import completion, errors
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpFailure, HttpResult

try:  # pragma: no cover - 2.7 only
    from urlparse import urlsplit
except ImportError:
    from urllib.parse import urlsplit

T0 = 1700000000.25


class Clock(object):
    def __init__(self):
        self.now = T0
        self.slept = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


class Scripted(object):
    """One item (ratingKey 7, title 'Film') whose refresh, once requested, runs on a timeline:
    `activity` = (from, to) seconds after the request while an Activity of it is listed (None:
    never), `updated_after` = seconds after the request when updatedAt moves (None: never).
    `other` lists an unrelated activity the whole time; `section_busy` = (from, to) for the
    section's refreshing flag."""

    def __init__(self, clock, activity=None, updated_after=None, other=False, section_busy=None,
                 updated_at=int(T0) - 100):
        self.clock = clock
        self.activity = activity
        self.updated_after = updated_after
        self.other = other
        self.section_busy = section_busy
        self.updated_at = updated_at
        self.requested = None
        self.puts = []

    def since(self):
        return None if self.requested is None else self.clock.now - self.requested

    def within(self, window):
        since = self.since()
        return window is not None and since is not None and window[0] <= since < window[1]

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        path = urlsplit(url).path
        if path == '/library/metadata/7/refresh' and method == 'PUT':
            self.requested = self.clock.now
            self.puts.append(self.clock.now)
            return HttpResult(200, {}, b'')
        if path == '/library/sections/1/refresh':
            self.requested = self.clock.now
            return HttpResult(200, {}, b'')
        if path == '/library/metadata/7':
            since = self.since()
            updated = self.updated_at
            if self.updated_after is not None and since is not None and since >= self.updated_after:
                updated = int(self.requested + self.updated_after)
            return HttpResult(200, {}, ('<MediaContainer size="1" librarySectionID="1"><Video ratingKey="7" '
                                        'guid="local://7" title="Film" updatedAt="%d"/></MediaContainer>'
                                        % updated).encode('ascii'))
        if path == '/activities':
            body = '<MediaContainer>'
            if self.within(self.activity):
                body += '<Activity uuid="ours" type="library.refresh.items" subtitle="Film"/>'
            if self.other:
                body += '<Activity uuid="other" type="library.refresh.items" subtitle="Another"/>'
            if self.section_busy is not None and self.within((self.section_busy[0], self.section_busy[1])):
                body += '<Activity uuid="sec" type="library.update.section"><Context librarySectionID="1"/>' \
                        '</Activity>'
            return HttpResult(200, {}, (body + '</MediaContainer>').encode('ascii'))
        if path == '/library/sections':
            return HttpResult(200, {}, b'<MediaContainer><Directory key="1" refreshing="0"/></MediaContainer>')
        raise HttpFailure('http', 'HTTP 404', 404, b'')


def wait(server, clock, **kwargs):
    client = PmsClient('http://127.0.0.1:32400', 'tok', http=server, sleep=clock.sleep)
    waiter = completion.Waiter(clock=clock.time, sleep=clock.sleep, poll=0.5)
    return completion.refresh_and_wait(client, 7, waiter=waiter, **kwargs)


def test_updated_at_moving_ends_the_wait_but_only_once_our_activity_is_gone():
    clock = Clock()
    result = wait(Scripted(clock, activity=(0, 2.0), updated_after=1.0), clock)
    assert result['finished'] and result['signal'] == 'updated' and result['activity_seen']
    assert result['seconds'] >= 2.0
    assert result['after']['updated_at'] > result['before']['updated_at']


def test_hidden_activity_updated_at_alone():
    clock = Clock()
    result = wait(Scripted(clock, updated_after=3.0), clock)
    assert result['finished'] and result['signal'] == 'updated' and not result['activity_seen']
    assert 3.0 <= result['seconds'] < 4.0


def test_activity_gone_without_any_change_means_finished():
    clock = Clock()
    result = wait(Scripted(clock, activity=(0.2, 1.5)), clock)
    assert result['finished'] and result['signal'] == 'activity'
    assert result['after']['updated_at'] == result['before']['updated_at']


def test_someone_elses_activity_is_not_waited_for():
    clock = Clock()
    result = wait(Scripted(clock, updated_after=1.0, other=True), clock)
    assert result['signal'] == 'updated' and not result['activity_seen'] and result['seconds'] < 2.0


def test_log_predicate_with_settle_time():
    clock = Clock()
    server = Scripted(clock)
    result = wait(server, clock, log_done=lambda: server.since() is not None and server.since() >= 2.0, settle=1.0)
    assert result['finished'] and result['signal'] == 'log'
    assert 3.0 <= result['seconds'] < 4.0


def test_nothing_seen_ends_at_the_deadline_unfinished():
    clock = Clock()
    result = wait(Scripted(clock), clock, deadline=5.0)
    assert result == {'rating_key': u'7', 'finished': False, 'signal': 'deadline', 'seconds': 5.0,
                      'activity_seen': False, 'before': result['before'], 'after': result['after']}


def test_request_is_sent_in_a_later_second_than_updated_at():
    clock = Clock()
    server = Scripted(clock, updated_at=int(T0), updated_after=0.0)
    result = wait(server, clock)
    assert server.puts[0] >= int(T0) + 1
    assert result['signal'] == 'updated'


def test_missing_item_raises_not_found():
    clock = Clock()
    client = PmsClient('http://127.0.0.1:32400', 'tok', http=Scripted(clock), sleep=clock.sleep)
    with pytest.raises(errors.ServerError) as caught:
        completion.refresh_and_wait(client, 8, waiter=completion.Waiter(clock.time, clock.sleep))
    assert caught.value.status == 404 and '/library/metadata/8' in str(caught.value)


def section_wait(server, clock, **kwargs):
    client = PmsClient('http://127.0.0.1:32400', 'tok', http=server, sleep=clock.sleep)
    return completion.refresh_section_and_wait(client, 1, waiter=completion.Waiter(clock.time, clock.sleep, 0.5),
                                               **kwargs)


def test_section_idle_after_busy_never_seen_and_deadline():
    clock = Clock()
    result = section_wait(Scripted(clock, section_busy=(0.5, 3.0)), clock)
    assert result['finished'] and result['signal'] == 'idle' and result['seconds'] >= 3.0
    clock = Clock()
    result = section_wait(Scripted(clock), clock, show_up=2.0)
    assert result == {'finished': True, 'signal': 'never_seen', 'seconds': 2.0}
    clock = Clock()
    result = section_wait(Scripted(clock, section_busy=(0, 100)), clock, deadline=4.0)
    assert result == {'finished': False, 'signal': 'deadline', 'seconds': 4.0}
