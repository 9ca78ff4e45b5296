# -*- coding: utf-8 -*-
"""Fix modules written against the fix contract, small and fake, for the machinery's tests.

Each states what the catalog reads from a fix module (ID, TITLE, LEVER, ADDRESSES, PARAMETERS,
ALTERNATIVES, PRIOR, DOC) and implements plan/unplan/verify. The overlays take the real
catalog entries' ids and parameters, so the command line's --param is read by the real rules.

Two overlays sharing one package (added under Contents/Libraries/Shared, created if absent),
one JSON config beside it listing the enabled overlays, and one import line appended to
Code/__init__.py (kept in the file's own line endings); a preferences fix; a cache clearing
fix; and broken ones (does not compile, does not verify, path outside).
"""
from __future__ import absolute_import, division, print_function

import json
import types

from pleximprovement.fixes import catalog, parameters
from pleximprovement.fixes.errors import NoImplementation, UnknownFix
from pleximprovement.fixes.plan import RESTORE_ORIGINAL

INIT = 'Contents/Code/__init__.py'
SHARED = 'Contents/Libraries/Shared'
CONFIG = SHARED + '/fake_overlay.json'
PACKAGE = {SHARED + '/fake_overlay/__init__.py': (b'# -*- coding: utf-8 -*-\nfrom . import net\n\n\n'
                                                  b'def install(*kits):\n    return net.wrap(kits)\n'),
           SHARED + '/fake_overlay/net.py': b'def wrap(kits):\n    return list(kits)\n'}
LINE = b'import fake_overlay; fake_overlay.install(HTTP)  # added by PlexImprovement'
OVERLAYS = ('browser_headers', 'retry_backoff')


def config_bytes(enabled):
    return json.dumps(enabled, sort_keys=True, indent=1).encode('utf-8')


def with_line(source):
    eol = b'\r\n' if b'\r\n' in source else b'\n'
    if source and not source.endswith(eol):
        source += eol
    return source + LINE + eol


def module(fix_id, plan, unplan, verify, lever='custom', specs=None):
    made = types.ModuleType('fake_' + fix_id)
    made.ID, made.TITLE, made.LEVER, made.ADDRESSES = fix_id, 'Fake %s' % fix_id, lever, {'blocked': 1.0}
    made.PARAMETERS, made.ALTERNATIVES, made.PRIOR, made.DOC = specs or {}, (), (1.0, 1.0), 'a test fix'
    made.plan, made.unplan, made.verify = plan, unplan, verify
    return made


def overlay(fix_id):
    def plan(target, params, applied):
        enabled = dict((k, v) for k, v in applied.items() if k in OVERLAYS)
        changes = {('bundle', CONFIG): config_bytes(dict(enabled, **{fix_id: params}))}
        if not enabled:
            changes.update((('bundle', path), data) for path, data in PACKAGE.items())
            changes[('bundle', INIT)] = with_line(target.read('bundle', INIT))
        return changes

    def unplan(target, params, remaining):
        others = dict((k, v) for k, v in remaining.items() if k in OVERLAYS)
        if not others:
            return RESTORE_ORIGINAL
        return {('bundle', CONFIG): config_bytes(others)}

    def verify(target, params):
        config = target.read('bundle', CONFIG)
        ok = (config is not None and json.loads(config.decode('utf-8')).get(fix_id) == params
              and LINE in (target.read('bundle', INIT) or b'')
              and all(target.exists('bundle', path) for path in PACKAGE))
        return ok, 'overlay %s configured' % fix_id if ok else 'overlay %s missing' % fix_id
    return module(fix_id, plan, unplan, verify, 'overlay', catalog.BY_ID[fix_id].parameters)


EMPTY_PREFS = b'<?xml version="1.0" encoding="utf-8"?>\n<PluginPreferences>\n</PluginPreferences>\n'


TIMEOUT = {'timeout_seconds': parameters.param('int', 45, 10, 120, doc='seconds')}


def prefs_fix(fix_id='fake_timeout'):
    """Sets <timeout> in the agent's Preferences file; unplan puts the original back."""
    def setting(params):
        return b'  <timeout>' + str(params['timeout_seconds']).encode('ascii') + b'</timeout>\n'

    def plan(target, params, applied):
        current = target.read('preferences', '') or EMPTY_PREFS
        end = b'</PluginPreferences>'
        return {('preferences', ''): current.replace(end, setting(params) + end)}

    def unplan(target, params, remaining):
        return {('preferences', ''): target.original('preferences', '')}

    def verify(target, params):
        return setting(params) in (target.read('preferences', '') or b''), 'timeout set'
    return module(fix_id, plan, unplan, verify, 'prefs', TIMEOUT)


def cache_fix(fix_id='fake_clear_cache'):
    """Deletes every file of the agent's HTTP cache; rollback restores them from the backup."""
    def plan(target, params, applied):
        return dict((('caches', path), None) for path in target.files('caches'))

    def unplan(target, params, remaining):
        return RESTORE_ORIGINAL

    def verify(target, params):
        return not target.files('caches'), 'cache empty'
    return module(fix_id, plan, unplan, verify, 'cache')


def fixed_plan(fix_id, changes, ok=True):
    """A fix whose plan is the given dict; verify answers ``ok``."""
    return module(fix_id, lambda target, params, applied: dict(changes),
                  lambda target, params, remaining: RESTORE_ORIGINAL, lambda target, params: (ok, 'fixed'))


def resolver(*modules):
    by_id = dict((m.ID, m) for m in modules)

    def resolve(fix_id):
        """As installer.fix_module does: a catalog id without a module has no implementation."""
        if fix_id in by_id:
            return by_id[fix_id]
        if fix_id in catalog.BY_ID:
            raise NoImplementation('fix %s has no implementation yet' % (fix_id,))
        raise UnknownFix('unknown fix %r' % (fix_id,))
    return resolve


ALL = (overlay('browser_headers'), overlay('retry_backoff'), prefs_fix(), cache_fix())
RESOLVE = resolver(*ALL)
