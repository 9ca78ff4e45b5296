# -*- coding: utf-8 -*-
"""The agent bundle a fix changes, found in a Plug-ins folder, and the only paths it may touch.

In: a Plug-ins folder, a bundle folder name ('Hama.bundle' or 'Hama') or a CFBundleIdentifier,
and an ``allowed(identifier)`` predicate (the plug-in: Prefs' target agents; the CLI: the
--agent it was given). Out: a read-only ``Target`` whose ``path(root, relpath)`` resolves the
fix contract's roots (plan.py) to real paths, refusing '..', absolute paths and symbolic
links, so nothing outside the bundle's Contents/ (or its own Preferences file and Caches
folder) is ever read for a change or written. The framework, System and this plug-in are
refused whatever ``allowed`` says.
"""
from __future__ import absolute_import, division, print_function

import io
import os
import plistlib

from .. import names
from ..runtime.paths import PLUGIN_SUPPORT, ServerLayout
from .errors import NotAllowed, PathOutside, TargetNotFound
from .plan import BUNDLE, CACHES, PREFERENCES, ROOTS, native

BUNDLE_SUFFIX = '.bundle'
NEVER_IDENTIFIERS = frozenset(['com.plexapp.framework', 'com.plexapp.system',
                               names.IDENTIFIER, names.FALLBACK_IDENTIFIER])
NEVER_FOLDERS = frozenset(['framework.bundle', 'system.bundle', 'pleximprovement.bundle'])


def plist_identifier(contents_dir):
    """CFBundleIdentifier of the bundle whose Contents folder is given; None when unreadable."""
    try:
        with io.open(os.path.join(contents_dir, 'Info.plist'), 'rb') as handle:
            raw = handle.read()
    except (IOError, OSError):
        return None
    loads = getattr(plistlib, 'loads', None) or plistlib.readPlistFromString
    try:
        value = loads(raw).get('CFBundleIdentifier')
    except Exception:  # plistlib raises several unrelated types on a damaged file
        return None
    return native(value) if value else None


def is_inside(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def split_relpath(relpath):
    """The pieces of a '/'-separated relative path; PathOutside for anything that could leave."""
    if relpath == '':
        return []
    if relpath.startswith('/') or '\\' in relpath or ':' in relpath or '\0' in relpath:
        raise PathOutside('path %r is absolute or not a plain relative path' % (relpath,))
    parts = relpath.split('/')
    if any(part in ('', '.', '..') for part in parts):
        raise PathOutside('path %r contains an empty, "." or ".." part' % (relpath,))
    return parts


class Target(object):
    """One agent bundle and its entries in Plug-in Support. Nothing here writes."""

    def __init__(self, bundle_dir, identifier, plugin_support, originals=None):
        self.bundle_dir = os.path.abspath(bundle_dir)
        self.name = os.path.basename(self.bundle_dir)
        self.identifier = identifier
        self.contents_dir = os.path.join(self.bundle_dir, 'Contents')
        self.info_plist = os.path.join(self.contents_dir, 'Info.plist')
        self.plugin_support = os.path.abspath(plugin_support)
        layout = ServerLayout(os.path.dirname(self.plugin_support), plugin_support=self.plugin_support)
        self.preferences_file = layout.preferences_file(identifier)
        self.caches_dir = layout.caches_dir(identifier)
        self.originals = originals

    def with_originals(self, originals):
        """The same target whose original() answers from ``originals(root, relpath) -> (known, bytes)``."""
        return Target(self.bundle_dir, self.identifier, self.plugin_support, originals)

    def describe(self):
        return '%s (%s)' % (self.name, self.identifier)

    def label(self, root, relpath):
        """How a file is named in messages: bundle paths as they are, the others by their place."""
        if root == BUNDLE:
            return relpath
        if root == PREFERENCES:
            return 'Preferences/%s.xml' % self.identifier
        return 'Caches/%s/%s' % (self.identifier, relpath)

    def limit(self, root):
        """The real folder nothing of ``root`` may leave."""
        if root == BUNDLE:
            return os.path.realpath(self.contents_dir)
        if root == PREFERENCES:
            return os.path.realpath(os.path.dirname(self.preferences_file))
        return os.path.realpath(self.caches_dir)

    def unchecked_path(self, root, relpath):
        if root not in ROOTS:
            raise PathOutside('unknown root %r' % (root,))
        parts = split_relpath(relpath)
        if root == PREFERENCES:
            if parts:
                raise PathOutside("the preferences root has one file, path '' (got %r)" % (relpath,))
            return self.preferences_file
        if root == CACHES:
            return os.path.join(self.caches_dir, *parts)
        if not parts or parts[0] != 'Contents':
            raise PathOutside('%r is not inside %s/Contents' % (relpath, self.name))
        return os.path.join(self.bundle_dir, *parts)

    def path(self, root, relpath):
        """The real path of (root, relpath); PathOutside when it is or could lead outside."""
        full = self.unchecked_path(root, relpath)
        if not is_inside(os.path.realpath(full), self.limit(root)):
            raise PathOutside('%s of %s leads outside its folder (a symbolic link?)'
                              % (self.label(root, relpath), self.name))
        if os.path.islink(full):
            raise PathOutside('%s of %s is a symbolic link; fixes do not change links'
                              % (self.label(root, relpath), self.name))
        return full

    def dir_path(self, root, relpath):
        """A folder of ``root``: relpath '' is the root's own folder (Preferences/, Caches/<id>/)."""
        if root == PREFERENCES:
            if relpath:
                raise PathOutside("the preferences root has no sub-folders (got %r)" % (relpath,))
            return os.path.dirname(self.preferences_file)
        if root == CACHES and relpath == '':
            return self.caches_dir
        return self.path(root, relpath)

    def read(self, root, relpath):
        """The file's bytes; None when it does not exist."""
        full = self.path(root, relpath)
        if not os.path.isfile(full):
            return None
        with io.open(full, 'rb') as handle:
            return handle.read()

    def exists(self, root, relpath):
        return os.path.lexists(self.unchecked_path(root, relpath))

    def isdir(self, root, relpath):
        return os.path.isdir(self.dir_path(root, relpath))

    def listdir(self, root, relpath):
        """Sorted entry names of a folder; [] when it is not one (and for 'preferences', a file)."""
        if root == PREFERENCES:
            return []
        full = self.dir_path(root, relpath)
        return sorted(native(n) for n in os.listdir(full)) if os.path.isdir(full) else []

    def files(self, root, relpath=''):
        """Every file below a folder, as sorted relpaths of ``root`` (links are not followed);
        for 'bundle' the default folder is Contents, for 'preferences' the one file if it exists."""
        if root == PREFERENCES:
            return [''] if os.path.isfile(self.preferences_file) else []
        relpath = relpath or ('Contents' if root == BUNDLE else '')
        found = []
        for name in self.listdir(root, relpath):
            child = relpath + '/' + name if relpath else name
            full = self.unchecked_path(root, child)
            if os.path.islink(full):
                continue
            found.extend(self.files(root, child) if os.path.isdir(full) else [child])
        return sorted(found)

    def original(self, root, relpath):
        """The file's bytes before the first change still in effect on this target (from its
        backup); the current bytes when no change touched it. For unplan()."""
        if self.originals is not None:
            known, data = self.originals(root, relpath)
            if known:
                return data
        return self.read(root, relpath)


def refusal(folder_name, identifier, bundle_dir, allowed):
    """Why this bundle may not be changed, or None."""
    if folder_name.lower() in NEVER_FOLDERS or identifier in NEVER_IDENTIFIERS:
        return '%s (%s) is the framework, System or PlexImprovement itself: never changed' % (folder_name, identifier)
    if os.path.realpath(bundle_dir) == os.path.dirname(os.path.realpath(names.CONTENTS_DIR)):
        return '%s is PlexImprovement itself: never changed' % (folder_name,)
    if allowed is not None and not allowed(identifier):
        return '%s (%s) is not among the agents allowed to be changed (Prefs: target agents)' % (
            folder_name, identifier)
    return None


def bundles(plugins_dir):
    """(folder name, identifier) of every bundle in a Plug-ins folder, sorted; helper folders skipped."""
    found = []
    for name in sorted(os.listdir(plugins_dir)):
        name = native(name)
        contents = os.path.join(plugins_dir, name, 'Contents')
        if name.lower().endswith(BUNDLE_SUFFIX) and not name.startswith('.') and os.path.isdir(contents):
            found.append((name, plist_identifier(contents)))
    return found


def target_at(plugins_dir, bundle_name, identifier, plugin_support):
    """The Target the journal names, if that bundle is still there with that identifier; else None.
    (Recovery and status: no ``allowed`` check, the journal only names bundles once allowed.)"""
    if not bundle_name or '/' in bundle_name or '\\' in bundle_name or bundle_name in ('.', '..'):
        return None
    bundle_dir = os.path.join(plugins_dir, native(bundle_name))
    if plist_identifier(os.path.join(bundle_dir, 'Contents')) != identifier:
        return None
    if refusal(os.path.basename(bundle_dir), identifier, bundle_dir, None):
        return None
    return Target(bundle_dir, identifier, plugin_support)


def plugin_support_for(plugins_dir):
    """Plug-in Support beside a Plug-ins folder (both sit in the server's app-support folder)."""
    return os.path.join(os.path.dirname(os.path.abspath(plugins_dir)), PLUGIN_SUPPORT)


def find_target(plugins_dir, wanted, allowed, plugin_support=None):
    """The Target for a bundle folder name or identifier; TargetNotFound / NotAllowed otherwise."""
    if not os.path.isdir(plugins_dir):
        raise TargetNotFound('Plug-ins folder %s does not exist' % (plugins_dir,))
    wanted = native(wanted)
    every = bundles(plugins_dir)
    matches = [b for b in every if wanted in (b[0], b[0][:-len(BUNDLE_SUFFIX)], b[1])]
    if not matches:
        low = wanted.lower()
        matches = [b for b in every if low in (b[0].lower(), b[0][:-len(BUNDLE_SUFFIX)].lower(), (b[1] or '').lower())]
    if not matches:
        raise TargetNotFound('no bundle named or identified %r in %s' % (wanted, plugins_dir))
    if len(matches) > 1:
        raise TargetNotFound('%r matches several bundles (%s); name the bundle folder'
                             % (wanted, ', '.join(m[0] for m in matches)))
    folder_name, identifier = matches[0]
    bundle_dir = os.path.join(plugins_dir, folder_name)
    if identifier is None:
        raise TargetNotFound('%s has no readable CFBundleIdentifier in Contents/Info.plist' % (folder_name,))
    why = refusal(folder_name, identifier, bundle_dir, allowed)
    if why:
        raise NotAllowed(why)
    return Target(bundle_dir, identifier, plugin_support or plugin_support_for(plugins_dir))
