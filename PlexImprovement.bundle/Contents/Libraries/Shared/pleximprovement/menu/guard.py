# -*- coding: utf-8 -*-
"""The one gate in front of every menu action that changes something: the owner's token, then a confirmation.

In: the owner's token (the one the server gave the plug-in, runtime.token from PLEXTOKEN), the
strings, and per request an Ask (the request's token, which Code/ reads from Request.Headers, where
the framework also moves an `X-Plex-Token` query value, and whether it carries confirm=1) plus the
Action it asks for (page title, what will change, the "Yes, ..." text, the action's path and
parameters, the page to go back to). Out: None when the action may run now; otherwise the page to
answer instead: a refusal saying why and how to fix it (no owner token known, no token in the
request, a different token), or "Are you sure?" with a "Yes, ..." entry whose path carries
confirm=1. Both pages hold entries (Kitana drops message-only replies, plex-runtime.md section 11).
Tokens are compared in constant time and never shown.
"""
from __future__ import absolute_import, division, print_function

import collections
import hmac

from . import views

Ask = collections.namedtuple('Ask', 'token confirmed')
Action = collections.namedtuple('Action', 'title change yes path params back_title back_path')

CONFIRM = '1'


def ask(token, confirm):
    """What a request brings: its token (None when absent or empty) and whether confirm=1."""
    return Ask(token or None, confirm == CONFIRM)


def as_bytes(value):
    return value if isinstance(value, bytes) else value.encode('utf-8')


def equal_bytes(a, b):
    """hmac.compare_digest's contract for interpreters before 2.7.7: the time does not depend on
    where two equally long values differ."""
    if len(a) != len(b):
        return False
    diff = 0
    for x, y in zip(bytearray(a), bytearray(b)):
        diff |= x ^ y
    return diff == 0


COMPARE = getattr(hmac, 'compare_digest', equal_bytes)


def same_token(owner, given, compare=COMPARE):
    """True when both tokens are present and equal; compared in constant time."""
    if not owner or not given:
        return False
    return compare(as_bytes(owner), as_bytes(given))


class Guard(object):
    def __init__(self, owner_token, text):
        self.owner = owner_token or None
        self.text = text

    def refusal(self, asked):
        """The strings key saying why this request may not change anything, or None."""
        if not self.owner:
            return 'GUARD_NO_OWNER_TOKEN'
        if asked is None or not asked.token:
            return 'GUARD_NO_TOKEN'
        if not same_token(self.owner, asked.token):
            return 'GUARD_WRONG_TOKEN'
        return None

    def refuse(self, asked, title, back_title, back_path):
        """The refusal page, or None when the request is the owner's. An action whose confirmation
        needs a lookup first (which agent?) asks this before it, so a stranger learns nothing."""
        why = self.refusal(asked)
        if why is None:
            return None
        return views.view(title, [views.entry(back_title, back_path), views.back_entry(self.text)],
                          header=self.text('GUARD_REFUSED_HEADER'), message=self.text(why))

    def check(self, asked, action):
        """None: run the action now. Else the page to answer: the refusal, or the confirmation."""
        refused = self.refuse(asked, action.title, action.back_title, action.back_path)
        if refused is not None:
            return refused
        if not asked.confirmed:
            params = dict(action.params, confirm=CONFIRM)
            return views.view(action.title, [views.entry(action.yes, views.path_with(action.path, **params)),
                                             views.entry(self.text('GUARD_NO'), action.back_path),
                                             views.back_entry(self.text)],
                              header=self.text('GUARD_CONFIRM_HEADER'), message=action.change)
        return None
