# -*- coding: utf-8 -*-
"""Knowing that a refresh has finished, when no single call says so (plex-runtime.md 7.3).

In: a PmsClient, the item (or section) to refresh, a deadline, optionally a log predicate
(a callable without arguments that is True once the caller's log reader has seen the
refresh end: System's "... has been updated - notifying the media server" for the item's
guid, the server's "no match" line...). Out: a dict

    {'rating_key', 'finished', 'signal', 'seconds', 'activity_seen', 'before', 'after'}

`signal` says which evidence ended the wait:
    'updated'   the item's updatedAt moved past its value before the refresh (and no
                activity of ours is still listed);
    'activity'  an activity of ours (new since the request, subtitle = the item's title)
                appeared and is gone again;
    'log'       the predicate said so (the item is read once more `settle` seconds later,
                the server writes its database after System's line);
    'deadline'  none of these before the deadline: `finished` is False and the caller must
                not judge the item on `after`.
A single-item refresh may never show in /activities, and a refresh that changed nothing
(no match, an update that raised) leaves updatedAt as it was: without a predicate such a
refresh ends at the deadline. A new guid is not taken as the end: the server sets it when
the search matched, before the agent's update has run. updatedAt has whole seconds, so
the request is sent in a later second than the item's updatedAt (the server clock is this
one on 127.0.0.1; on another host a clock skew only removes this signal, not the others).
The log predicate must look only at lines written after the request.

    refresh_and_wait(client, rating_key, deadline=120, force=True, log_done=None, ...)
    wait_item(client, before, known, started, deadline, log_done=None, ...)
    refresh_section_and_wait(client, section_id, force=False, deadline=3600, ...)
    wait_section(client, section_id, started, deadline, ...) -> {'finished', 'signal'
        ('idle' | 'never_seen' | 'deadline'), 'seconds'}: idle once the section was seen
        busy (its `refreshing` flag or an activity of the section) and is not any more;
        never_seen when nothing showed within `show_up` seconds (a scan with no new file).
"""
from __future__ import absolute_import, division, print_function

import time

from . import errors, library, refresh
from .client import quote_part

DEFAULT_DEADLINE = 120.0
DEFAULT_POLL = 0.5
DEFAULT_SETTLE = 1.0
SECTION_SHOW_UP = 5.0


class Waiter(object):
    """The clock and the pause between polls (tests pass fakes)."""

    def __init__(self, clock=time.time, sleep=time.sleep, poll=DEFAULT_POLL):
        self.clock = clock
        self.sleep = sleep
        self.poll = poll


DEFAULT_WAITER = Waiter()


def activity_ids(client):
    return set(a['uuid'] for a in refresh.activities(client))


def titles_of(*items):
    return set(i['title'] for i in items if i is not None and i.get('title'))


def next_second(updated_at, waiter):
    """Wait (at most a second) until the clock is past the whole second `updated_at`."""
    if updated_at is None:
        return
    gap = updated_at + 1 - waiter.clock()
    if 0 < gap <= 1.0:
        waiter.sleep(gap)


def refresh_and_wait(client, rating_key, deadline=DEFAULT_DEADLINE, force=True, log_done=None,
                     settle=DEFAULT_SETTLE, waiter=DEFAULT_WAITER):
    """Refresh one item and wait for it (see the module docstring). The client's PmsErrors
    pass through; an item the server does not have raises ServerError 404."""
    before = library.item(client, rating_key)
    if before is None:
        path = '/library/metadata/%s' % quote_part(rating_key)
        raise errors.http_error(404, 'GET %s' % client.shown(client.url(path)), 'no such item')
    known = activity_ids(client)
    next_second(before.get('updated_at'), waiter)
    started = waiter.clock()
    refresh.refresh_item(client, rating_key, force=force)
    return wait_item(client, before, known, started, deadline, log_done, settle, waiter)


def wait_item(client, before, known, started, deadline=DEFAULT_DEADLINE, log_done=None, settle=DEFAULT_SETTLE,
              waiter=DEFAULT_WAITER):
    """Poll until the refresh of `before` (an item dict read before the request) has
    finished; `known`: the activity uuids listed before the request; `started`: clock time
    of the request."""
    key = before['rating_key']
    ours = set()
    log_at = None
    after = before
    while True:
        running = [a for a in refresh.activities(client) if a['uuid'] not in known]
        after = library.item(client, key) or after
        titles = titles_of(before, after)
        for activity in running:
            if activity.get('subtitle') in titles:
                ours.add(activity['uuid'])
        ours_running = any(a['uuid'] in ours for a in running)
        now = waiter.clock()
        signal = None
        if not ours_running:
            if library.updated_since(before, after):
                signal = 'updated'
            elif ours:
                signal = 'activity'
            elif log_at is not None and now - log_at >= settle:
                signal = 'log'
        if signal is None and log_at is None and log_done is not None and log_done():
            log_at = now
            if settle <= 0 and not ours_running:
                signal = 'log'
        if signal is not None:
            return item_result(key, True, signal, now - started, bool(ours), before, after)
        if now - started >= deadline:
            return item_result(key, False, 'deadline', now - started, bool(ours), before, after)
        waiter.sleep(waiter.poll)


def item_result(key, finished, signal, seconds, activity_seen, before, after):
    return {'rating_key': key, 'finished': finished, 'signal': signal, 'seconds': round(seconds, 3),
            'activity_seen': activity_seen, 'before': before, 'after': after}


def section_busy(client, section_id):
    for section in library.sections(client):
        if section['id'] == section_id and section['refreshing']:
            return True
    return any(a.get('section_id') == section_id for a in refresh.activities(client))


def refresh_section_and_wait(client, section_id, force=False, deadline=3600.0, show_up=SECTION_SHOW_UP,
                             waiter=DEFAULT_WAITER):
    section_id = u'%s' % (section_id,)
    started = waiter.clock()
    refresh.refresh_section(client, section_id, force=force)
    return wait_section(client, section_id, started, deadline, show_up, waiter)


def wait_section(client, section_id, started, deadline=3600.0, show_up=SECTION_SHOW_UP, waiter=DEFAULT_WAITER):
    seen = False
    while True:
        busy = section_busy(client, section_id)
        seen = seen or busy
        now = waiter.clock()
        if not busy and seen:
            return {'finished': True, 'signal': 'idle', 'seconds': round(now - started, 3)}
        if not busy and now - started >= show_up:
            return {'finished': True, 'signal': 'never_seen', 'seconds': round(now - started, 3)}
        if now - started >= deadline:
            return {'finished': False, 'signal': 'deadline', 'seconds': round(now - started, 3)}
        waiter.sleep(waiter.poll)
