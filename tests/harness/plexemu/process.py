# -*- coding: utf-8 -*-
"""What one Python process holds once, handed to the running emulators (plex-runtime.md §0).

Plex starts every plug-in as a Python process of its own: fresh sys.modules, sys.path with that
bundle's Libraries only (Elevated, §2.2/§2.5), its own environment (PLEXTOKEN, §7.1) and the
logger named after its identifier (§6.4). Emulators share one interpreter, so Emulator.start()
claims these here and Emulator.stop() releases them:
- sys.path / sys.modules: while any emulator runs, every bundle Libraries folder that no running
  emulator owns is off sys.path and every module imported from one is out of sys.modules (the
  unit tests put the repo's Libraries/Shared on sys.path and import from it); both come back
  when the last emulator stops. An Elevated emulator puts its own Libraries/Shared and
  Libraries/<OS>/<CPU> first, and a module of the process with the name of one of its library
  modules is set aside, so its imports load its own files; release forgets every module loaded
  from its folders (a module written there later is picked up by the next start only).
- os.environ: the emulator's `env` is applied from start to stop, then the values before return.
Emulators that would have to share one of these are refused with EmulatorConflict: the same
identifier (one stdlib logger per name), a top-level Libraries module name in common, or a
different value (or none) for an environment variable that another running emulator set.
"""
from __future__ import absolute_import, division, print_function

import importlib
import os
import sys
import threading

from .compat import string_types
from .errors import EmulatorConflict

_LOCK = threading.RLock()
_RUNNING = []          # Claim of every running emulator
_HIDDEN_PATHS = []     # (index, path) taken off sys.path while an emulator runs
_HIDDEN_MODULES = {}   # name -> module taken out of sys.modules while an emulator runs
_ENV_BEFORE = {}       # variable -> its value (None: unset) before a running emulator set it
_MODULE_SUFFIXES = ('.py', '.pyc', '.so', '.pyd')


def is_bundle_library(path):
    """True for a folder inside `<X>.bundle/Contents/Libraries/`."""
    parts = os.path.abspath(path).split(os.sep)
    return any(parts[i].endswith('.bundle') and parts[i + 1] == 'Contents' and parts[i + 2] == 'Libraries'
               for i in range(len(parts) - 2))


def top_level_names(dirs):
    """Names `import` finds directly in these folders (modules, packages, extensions)."""
    names = set()
    for folder in dirs:
        if not os.path.isdir(folder):
            continue
        for entry in os.listdir(folder):
            path = os.path.join(folder, entry)
            if os.path.isdir(path):
                if any(os.path.isfile(os.path.join(path, '__init__' + suffix)) for suffix in ('.py', '.pyc')):
                    names.add(entry)
            elif entry.endswith(_MODULE_SUFFIXES):
                names.add(entry.split('.')[0])
    return names


def _under(path, dirs):
    path = os.path.abspath(path)
    return any(path == folder or path.startswith(folder + os.sep) for folder in dirs)


def _module_paths(module):
    paths = []
    if getattr(module, '__file__', None):
        paths.append(module.__file__)
    try:
        paths.extend(p for p in (getattr(module, '__path__', None) or []) if isinstance(p, string_types))
    except TypeError:
        pass
    return paths


def _from_bundle_library(module, excluded_dirs):
    return module is not None and any(is_bundle_library(p) and not _under(p, excluded_dirs)
                                      for p in _module_paths(module))


def foreign_module(module, own_dirs):
    """True when `module` was loaded from a bundle's Libraries other than `own_dirs`: no such
    module exists in a real plug-in process, so the sandbox importer answers ImportError."""
    return _from_bundle_library(module, own_dirs)


class Claim(object):
    """One running emulator's share of the process."""

    def __init__(self, identifier, bundle_path, library_dirs, env, elevated):
        self.identifier = identifier
        self.bundle_path = bundle_path
        self.dirs = [os.path.abspath(d) for d in library_dirs] if elevated else []
        self.names = top_level_names(self.dirs)
        self.env = dict(env)
        self.added_paths = []

    def describe(self):
        return '%s (%s)' % (self.identifier, self.bundle_path)


def _shown(value):
    return 'it unset' if value is None else repr(value)


def _check(claim):
    for other in _RUNNING:
        if other.identifier == claim.identifier:
            raise EmulatorConflict('A plug-in with the identifier %s is already running in this process: %s. Plex '
                                   'runs one process per plug-in; stop that emulator first.'
                                   % (claim.identifier, other.describe()))
        shared = sorted(claim.names & other.names)
        if shared:
            raise EmulatorConflict('Libraries module(s) %s of %s are already loaded by the running plug-in %s; '
                                   'one Python process holds one copy of a module (in Plex each plug-in has its '
                                   'own process). Stop that emulator first.'
                                   % (', '.join(shared), claim.describe(), other.describe()))
        for key in sorted(set(claim.env) | set(other.env)):
            if claim.env.get(key) != other.env.get(key):
                raise EmulatorConflict('Environment variable %s: %s needs %s but the running plug-in %s has %s; '
                                       'one process has one environment (in Plex each plug-in has its own).'
                                       % (key, claim.describe(), _shown(claim.env.get(key)), other.describe(),
                                          _shown(other.env.get(key))))


def _invalidate_caches():
    """A fresh interpreter lists the folders anew (Python 3 caches listings; 2.7 has no such call)."""
    invalidate = getattr(importlib, 'invalidate_caches', None)
    if invalidate is not None:
        invalidate()


def _hide(claim):
    """Take foreign library folders and modules, and modules named like the claim's, out of view."""
    owned = [d for other in _RUNNING for d in other.dirs]
    hidden = [path for _index, path in _HIDDEN_PATHS]
    for index, path in enumerate(list(sys.path)):
        if is_bundle_library(path) and not _under(path, owned) and path not in hidden:
            _HIDDEN_PATHS.append((index, path))
            hidden.append(path)
    for path in hidden:
        while path in sys.path:
            sys.path.remove(path)
    for name, module in list(sys.modules.items()):
        if _from_bundle_library(module, owned) or name.split('.')[0] in claim.names:
            _HIDDEN_MODULES.setdefault(name, module)
            del sys.modules[name]


def claim(identifier, bundle_path, library_dirs, env, elevated):
    """Start: refuse a conflict, then hide, apply env, put the own Libraries first."""
    new = Claim(identifier, bundle_path, library_dirs, env, elevated)
    with _LOCK:
        _check(new)
        _hide(new)
        for key, value in new.env.items():
            if not any(key in other.env for other in _RUNNING):
                _ENV_BEFORE[key] = os.environ.get(key)
            os.environ[key] = value
        for path in reversed(new.dirs):
            if os.path.isdir(path):
                sys.path.insert(0, path)
                new.added_paths.append(path)
        _invalidate_caches()
        _RUNNING.append(new)
    return new


def release(claim):
    """Stop: forget the modules loaded from the claim's folders, give back sys.path and env."""
    with _LOCK:
        if claim not in _RUNNING:
            return
        _RUNNING.remove(claim)
        names = claim.names | top_level_names(claim.dirs)
        for name, module in list(sys.modules.items()):
            from_own = module is not None and any(_under(p, claim.dirs) for p in _module_paths(module))
            if from_own or name.split('.')[0] in names:
                del sys.modules[name]
        for path in claim.added_paths:
            if path in sys.path:
                sys.path.remove(path)
        for key in claim.env:
            if not any(key in other.env for other in _RUNNING):
                before = _ENV_BEFORE.pop(key, None)
                if before is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = before
        if not _RUNNING:
            for index, path in sorted(_HIDDEN_PATHS):
                sys.path.insert(min(index, len(sys.path)), path)
            del _HIDDEN_PATHS[:]
            sys.modules.update(_HIDDEN_MODULES)
            _HIDDEN_MODULES.clear()
            _invalidate_caches()


def running_identifiers():
    with _LOCK:
        return [c.identifier for c in _RUNNING]
