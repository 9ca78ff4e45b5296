# -*- coding: utf-8 -*-
"""menu/guard.py: an action that changes something is refused without the owner's token, and asks
"Are you sure?" until the request carries confirm=1; both answers hold entries."""
from __future__ import absolute_import, division, print_function

import hmac

import pytest

from pleximprovement.menu import guard, views
from pleximprovement.menu.strings import Text

OWNER = u'0wner-T0ken'
ACTION = guard.Action(u'Apply next fix', u'The agent changes.', u'Yes, apply it', '/fixes/apply',
                      {'fix': 'browser_headers', 'agent': 'a.b', 'params': None}, u'Apply next fix', '/fixes/next')


def check(owner, asked):
    return guard.Guard(owner, Text('en')).check(asked, ACTION)


def shows(page, key):
    assert page['message'] == views.safe(Text('en')(key), 2000)
    assert [e['path'] for e in page['entries']] == ['/fixes/next', '']        # where it came from, the main menu
    assert page['header'] == Text('en')('GUARD_REFUSED_HEADER')
    return True


def test_ask_reads_the_token_and_only_confirm_1():
    assert guard.ask(u'', None) == guard.Ask(None, False)
    assert guard.ask(OWNER, '1') == guard.Ask(OWNER, True)
    assert not guard.ask(OWNER, 'yes').confirmed and not guard.ask(OWNER, '0').confirmed


def test_refused_without_a_token_or_with_another_one():
    assert shows(check(OWNER, guard.ask(None, '1')), 'GUARD_NO_TOKEN')
    assert shows(check(OWNER, None), 'GUARD_NO_TOKEN')
    assert shows(check(OWNER, guard.ask(u'0wner-T0kem', '1')), 'GUARD_WRONG_TOKEN')
    assert shows(check(OWNER, guard.ask(OWNER + u'x', '1')), 'GUARD_WRONG_TOKEN')


def test_refused_when_the_server_gave_no_token_at_all():
    for owner in (None, u''):
        page = check(owner, guard.ask(u'anything', '1'))
        assert shows(page, 'GUARD_NO_OWNER_TOKEN') and 'PLEXTOKEN' in page['message']


def test_the_owner_is_asked_first_then_the_confirmed_request_runs():
    page = check(OWNER, guard.ask(OWNER, None))
    assert page['header'] == u'Are you sure?' and page['message'] == u'The agent changes.'
    assert [e['title'] for e in page['entries']] == [u'Yes, apply it', u'No, change nothing', u'Back to the main menu']
    assert page['entries'][0]['path'] == '/fixes/apply?agent=a.b&confirm=1&fix=browser_headers'
    assert page['entries'][1]['path'] == '/fixes/next'
    assert check(OWNER, guard.ask(OWNER, '1')) is None
    assert check(OWNER.encode('utf-8'), guard.ask(OWNER, '1')) is None      # bytes from os.environ on 2.7


def test_no_page_shows_a_token():
    for asked in (guard.ask(OWNER, None), guard.ask(u'wrong', '1'), guard.ask(None, None)):
        page = check(OWNER, asked)
        assert OWNER not in repr(page) and u'wrong' not in repr(page)


COMPARES = [guard.equal_bytes] + ([hmac.compare_digest] if hasattr(hmac, 'compare_digest') else [])


@pytest.mark.parametrize('compare', COMPARES)
def test_both_comparisons_agree(compare):
    assert guard.same_token(OWNER, OWNER, compare)
    assert not guard.same_token(OWNER, OWNER[:-1] + u'x', compare)
    assert not guard.same_token(OWNER, OWNER[:-1], compare)
    assert not guard.same_token(OWNER, None, compare) and not guard.same_token(None, None, compare)
    assert guard.same_token(u'caf\xe9', u'caf\xe9'.encode('utf-8'), compare)


def test_the_refusals_read_the_same_after_redaction():
    text = Text('en')
    for key in ('GUARD_NO_TOKEN', 'GUARD_WRONG_TOKEN', 'GUARD_NO_OWNER_TOKEN', 'GUARD_CONFIRM_HEADER', 'GUARD_NO'):
        assert views.safe(text(key), 2000) == text(key), key
