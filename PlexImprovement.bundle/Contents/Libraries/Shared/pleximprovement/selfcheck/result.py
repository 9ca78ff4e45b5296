# -*- coding: utf-8 -*-
"""One check's result, and how a list of them is summed up and said.

In: a check id, its status, a strings key (Contents/Strings/en.json) with its parameters and,
for anything not OK, the key of the fix. Out: a plain dict (JSON as it is)

    {'id', 'status', 'key', 'fix', 'params'}

status is OK, PROBLEM (the plug-in cannot do its work until the owner fixes it), WARNING (it
works, but something the owner should know limits it) or UNKNOWN (the check could not tell,
e.g. the server did not answer). text_of() says one check in words with the strings table.
"""
from __future__ import absolute_import, division, print_function

OK = 'ok'
PROBLEM = 'problem'
WARNING = 'warning'
UNKNOWN = 'unknown'
STATUSES = (PROBLEM, WARNING, UNKNOWN, OK)


def check(check_id, status, key, fix=None, **params):
    return {'id': check_id, 'status': status, 'key': key, 'fix': fix, 'params': params}


def counts(checks):
    """{status: how many} for every status (zeros included)."""
    found = dict((status, 0) for status in STATUSES)
    for one in checks:
        found[one['status']] += 1
    return found


def text_of(text, one):
    """The check's sentence, then its fix; `text` is the strings table (menu/strings.py Text)."""
    said = text(one['key'], **one['params'])
    if one['fix']:
        said = u'%s %s' % (said, text(one['fix'], **one['params']))
    return said
