# -*- coding: utf-8 -*-
"""What every overlay fix does to its target: the overlay package, its config, the import line.

In: the overlay fix's id (the overlay id of fixes/overlay: the same six names), a Target, the
fix's parameters and the other fixes on the target. Out: plans (fixes/plan.py) and verify
answers. Applying writes the runtime package into Contents/Libraries/Shared/
pleximprovement_overlay/, the config beside it listing this overlay and every overlay already
applied, and the import line at the end of Contents/Code/__init__.py when it is not there yet.
Taking one off rewrites the config without it; taking the last one off puts back the original
bytes (RESTORE_ORIGINAL) when no other fix stays, else removes exactly what the overlays added.

Refused: a target whose Info.plist does not set the Elevated code policy (under Standard the
framework keeps Libraries/Shared off sys.path, the import line would fail and the agent would not
start), an agent without Code/__init__.py, or one whose __init__.py ends in a way the line cannot
follow.
"""
from __future__ import absolute_import, division, print_function

import json
import plistlib

from .. import overlay
from ..errors import Refused
from ..parameters import documented
from ..plan import BUNDLE, RESTORE_ORIGINAL

LEVER = 'overlay'
SHARED = 'Contents/Libraries/Shared'
PACKAGE_DIR = SHARED + '/' + overlay.MODULE_NAME
CONFIG = SHARED + '/' + overlay.CONFIG_NAME
INIT = 'Contents/Code/__init__.py'
POLICY_KEY = 'PlexPluginCodePolicy'
ELEVATED = 'Elevated'


def parameters(overlay_id, docs):
    """The overlay's own parameter specs (overlay config: the one place they are defined), documented."""
    return documented(overlay.PARAMS[overlay_id], docs)


def code_policy(target):
    """The target's PlexPluginCodePolicy ('Standard' when absent, as the framework reads it)."""
    raw = target.read(BUNDLE, 'Contents/Info.plist')
    loads = getattr(plistlib, 'loads', None) or plistlib.readPlistFromString
    try:
        return loads(raw).get(POLICY_KEY) or 'Standard'
    except Exception:  # plistlib raises several unrelated types on a damaged file
        return None


def require_elevated(fix_id, target):
    policy = code_policy(target)
    if policy != ELEVATED:
        raise Refused('fix %s cannot be applied to %s: its Info.plist sets the %s code policy (%s), under which '
                      'the framework keeps Contents/Libraries/Shared off sys.path, so the overlay could not be '
                      'imported. Ask the agent\'s author for "%s" (%s), or use a fix that changes no code'
                      % (fix_id, target.name, policy or 'unreadable', POLICY_KEY, overlay.OVERLAYS[fix_id]['title'],
                         fix_id))


def overlays_in(fixes):
    """{overlay id: params} of the overlay fixes among ``fixes`` ({fix id: params})."""
    return dict((fix_id, params) for fix_id, params in fixes.items() if fix_id in overlay.OVERLAY_IDS)


def config_for(overlays):
    try:
        return overlay.config_bytes(overlays)
    except ValueError as error:
        raise Refused('overlay config: %s' % (error,))


def module_paths():
    """[(relpath in the target, bytes)] of the runtime package."""
    return [(SHARED + '/' + path, data) for path, data in overlay.module_files()]


def has_import(source):
    return source is not None and overlay.IMPORT_LINE.encode('ascii') in source


def plan(fix_id, target, params, applied):
    require_elevated(fix_id, target)
    enabled = overlays_in(applied)
    enabled[fix_id] = params
    changes = dict(((BUNDLE, path), data) for path, data in module_paths())
    changes[(BUNDLE, CONFIG)] = config_for(enabled)
    init = target.read(BUNDLE, INIT)
    if init is None:
        raise Refused('fix %s: %s has no %s to add the overlay line to' % (fix_id, target.name, INIT))
    if not has_import(init):
        try:
            changes[(BUNDLE, INIT)] = overlay.insert_import(init)
        except ValueError as error:
            raise Refused('fix %s: %s of %s: %s' % (fix_id, INIT, target.name, error))
    return changes


def unplan(fix_id, target, params, remaining):
    others = overlays_in(remaining)
    if others:
        return {(BUNDLE, CONFIG): config_for(others)}
    if not remaining:
        return RESTORE_ORIGINAL
    # Other kinds of fix stay (one may have changed __init__.py since): take out only the overlay's parts.
    changes = dict(((BUNDLE, path), target.original(BUNDLE, path)) for path, _data in module_paths())
    changes[(BUNDLE, CONFIG)] = target.original(BUNDLE, CONFIG)
    try:
        changes[(BUNDLE, INIT)] = overlay.remove_import(target.read(BUNDLE, INIT) or b'')
    except ValueError as error:
        raise Refused('fix %s: %s of %s: %s; roll back the fixes applied after it first (%s)'
                      % (fix_id, INIT, target.name, error, ', '.join(sorted(remaining))))
    return changes


def verify(fix_id, target, params):
    missing = [path for path, _data in module_paths() if not target.exists(BUNDLE, path)]
    if missing:
        return False, 'overlay files missing: %s' % ', '.join(missing)
    configured = overlay.read_config(target.read(BUNDLE, CONFIG)).get(fix_id)
    if configured is None:
        return False, '%s does not enable %s' % (CONFIG, fix_id)
    try:
        expected = overlay.read_config(config_for({fix_id: params})).get(fix_id)
    except Refused as error:
        return False, '%s' % (error,)
    if configured != expected:
        return False, '%s sets %s to %s, not %s' % (
            CONFIG, fix_id, json.dumps(configured, sort_keys=True), json.dumps(expected, sort_keys=True))
    if not has_import(target.read(BUNDLE, INIT)):
        return False, '%s lacks the overlay import line' % (INIT,)
    return True, 'overlay %s enabled in %s, package and import line in place' % (fix_id, CONFIG)
