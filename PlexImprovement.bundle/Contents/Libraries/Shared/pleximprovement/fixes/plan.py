# -*- coding: utf-8 -*-
"""What a fix module's plan()/unplan() return, checked into one canonical form.

In: a plan from a fix module: ``{(root, relpath): bytes_or_None}`` (None deletes the file), or
``RESTORE_ORIGINAL`` from unplan(). Out: the same plan with every key a (root, relpath) pair of
native strings and every value bytes or None, or ``Refused`` naming the first bad entry. The
roots (fix contract):

    'bundle'       relpath under the target bundle folder, inside Contents/ ('Contents/Code/__init__.py')
    'preferences'  relpath '' = the target's Plug-in Support/Preferences/<identifier>.xml
    'caches'       relpath under Plug-in Support/Caches/<identifier>/

Fix modules import RESTORE_ORIGINAL and the root names from here (not from installer.py,
which imports the catalog that lists the fix modules).
"""
from __future__ import absolute_import, division, print_function

from .errors import PathOutside, Refused

BUNDLE = 'bundle'
PREFERENCES = 'preferences'
CACHES = 'caches'
ROOTS = (BUNDLE, PREFERENCES, CACHES)
# The server rewrites these on its own (the framework's HTTP cache): a file there that differs
# from what a change left is the server's newer content, not an edit to refuse or overwrite.
VOLATILE_ROOTS = (CACHES,)


class _RestoreOriginal(object):
    """unplan()'s answer 'put back the original bytes' (see installer.py for exactly which files)."""

    def __repr__(self):
        return 'RESTORE_ORIGINAL'


RESTORE_ORIGINAL = _RestoreOriginal()


def native(text):
    """A path piece as the native str type (Python 2: bytes, UTF-8; Python 3: text)."""
    if isinstance(text, str):
        return text
    if isinstance(text, bytes):
        return text.decode('utf-8')
    return text.encode('utf-8')


def check_plan(plan, fix_id):
    """The plan in canonical form, or Refused naming ``fix_id`` and the first bad entry."""
    if not isinstance(plan, dict):
        raise Refused('fix %s: plan() returned %s, not a dict of (root, path) -> bytes or None'
                      % (fix_id, type(plan).__name__))
    checked = {}
    for key, data in plan.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise Refused('fix %s: plan key %r is not a (root, path) pair' % (fix_id, key))
        root, relpath = native(key[0]), native(key[1])
        if root not in ROOTS:
            raise PathOutside('fix %s: unknown root %r for %r (roots: %s)'
                              % (fix_id, root, relpath, ', '.join(ROOTS)))
        if data is not None and not isinstance(data, bytes):
            raise Refused('fix %s: new content for %s %r is %s, not bytes'
                          % (fix_id, root, relpath, type(data).__name__))
        if (root, relpath) in checked:
            raise Refused('fix %s: %s %r appears twice in the plan' % (fix_id, root, relpath))
        checked[(root, relpath)] = data
    return checked
