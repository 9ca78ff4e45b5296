# -*- coding: utf-8 -*-
"""Is PlexImprovement installed where the server loads it, under the policy it needs?

In: the server's Plug-ins folder (runtime/paths.py ServerLayout), this plug-in's identifier and,
inside Plex, the bundle the running code came from and whether its Libraries/Shared folder is
on sys.path. Out: two checks (result.py):

    'bundle'  exactly one bundle with this identifier in Plug-ins, and it is the one running;
              PMS loads only bundles in that folder (plex-runtime.md §1)
    'policy'  its Info.plist says PlexPluginCodePolicy Elevated (case-sensitive: anything else
              silently means Standard, §1) and Contents/Libraries/Shared holds the core; only
              under Elevated is that folder on sys.path (§2.5, §2.7), and without it the core
              cannot be imported at all
"""
from __future__ import absolute_import, division, print_function

import os

from ..contributor.targets import read_plist
from .result import OK, PROBLEM, UNKNOWN, check

ELEVATED = 'Elevated'
POLICY_KEY = 'PlexPluginCodePolicy'
CORE_INIT = ('Libraries', 'Shared', 'pleximprovement', '__init__.py')


def same_path(one, other):
    return os.path.normcase(os.path.realpath(one)) == os.path.normcase(os.path.realpath(other))


def find_bundles(plugins_dir, identifier):
    """The bundles in `plugins_dir` whose Info.plist names `identifier` (sorted); OSError when unreadable."""
    found = []
    for name in sorted(os.listdir(plugins_dir)):
        path = os.path.join(plugins_dir, name)
        if name.lower().endswith('.bundle') and read_plist(os.path.join(path, 'Contents')).get(
                'CFBundleIdentifier') == identifier:
            found.append(path)
    return found


def place_check(plugins_dir, found, running_bundle):
    if not found:
        return check('bundle', PROBLEM, 'SELFCHECK_BUNDLE_MISSING', 'SELFCHECK_BUNDLE_MISSING_FIX',
                     folder=plugins_dir)
    if len(found) > 1:
        return check('bundle', PROBLEM, 'SELFCHECK_BUNDLE_DUPLICATE', 'SELFCHECK_BUNDLE_DUPLICATE_FIX',
                     folder=plugins_dir, bundles=u', '.join(os.path.basename(p) for p in found))
    if running_bundle and not same_path(running_bundle, found[0]):
        return check('bundle', PROBLEM, 'SELFCHECK_BUNDLE_ELSEWHERE', 'SELFCHECK_BUNDLE_MISSING_FIX',
                     folder=plugins_dir, running=running_bundle)
    return check('bundle', OK, 'SELFCHECK_BUNDLE_OK', bundle=found[0])


def policy_check(bundle, shared_on_path):
    info = read_plist(os.path.join(bundle, 'Contents'))
    if not info:
        return check('policy', PROBLEM, 'SELFCHECK_PLIST_UNREADABLE', 'SELFCHECK_BUNDLE_MISSING_FIX', bundle=bundle)
    policy = info.get(POLICY_KEY)
    if policy != ELEVATED:
        return check('policy', PROBLEM, 'SELFCHECK_POLICY_BAD', 'SELFCHECK_POLICY_FIX',
                     policy=policy if policy else u'-', bundle=bundle)
    if not os.path.isfile(os.path.join(bundle, 'Contents', *CORE_INIT)):
        return check('policy', PROBLEM, 'SELFCHECK_SHARED_MISSING', 'SELFCHECK_BUNDLE_MISSING_FIX', bundle=bundle)
    if shared_on_path is False:
        return check('policy', PROBLEM, 'SELFCHECK_SHARED_NOT_ON_PATH', 'SELFCHECK_SHARED_NOT_ON_PATH_FIX',
                     bundle=bundle)
    return check('policy', OK, 'SELFCHECK_POLICY_OK')


def bundle_checks(plugins_dir, identifier, running_bundle=None, shared_on_path=None):
    """[the 'bundle' check, the 'policy' check]; shared_on_path None: not known (offline)."""
    try:
        found = find_bundles(plugins_dir, identifier)
    except (IOError, OSError) as error:
        place = check('bundle', PROBLEM, 'SELFCHECK_PLUGINS_UNREADABLE', 'SELFCHECK_PLUGINS_UNREADABLE_FIX',
                      folder=plugins_dir, why=error.strerror or u'%s' % (error,))
        found = []
    else:
        place = place_check(plugins_dir, found, running_bundle)
    bundle = running_bundle or (found[0] if len(found) == 1 else None)
    if bundle is None:
        return [place, check('policy', UNKNOWN, 'SELFCHECK_POLICY_UNKNOWN')]
    return [place, policy_check(bundle, shared_on_path)]
