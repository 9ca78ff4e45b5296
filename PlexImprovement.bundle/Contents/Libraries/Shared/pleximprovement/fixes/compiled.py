# -*- coding: utf-8 -*-
"""The compiled files Python writes beside a .py file a fix created, and which of them are ours.

Python 2.7 writes X.pyc (X.pyo under -O) beside X.py the first time it imports it, and Python 3
__pycache__/X.<tag>.pyc; the agent's server imports the overlay package a fix places, so those
files appear in the target without any change of ours. In: a Target, the original SHA-256 of
each file the journal's current episode touched ({(root, relpath): hash or None}: None = the
file was absent before the first change) and a checked plan (plan.py). Out: the plan with the
deletion of every compiled companion of a .py file it deletes that a fix created (so a rollback
leaves no .pyc behind, and no folder kept alive by one), the keys of those companions, the
__pycache__ folders to note as absent when a change creates a .py file beside none, and a
refusal to create a .py file beside compiled files of the same name that are not ours (the
owner's; Python would overwrite them). A .py file that existed before the first change is the
owner's: its compiled files are never touched.
"""
from __future__ import absolute_import, division, print_function

import re

from .errors import Refused

SOURCE_SUFFIX = '.py'
COMPILED_SUFFIXES = ('.pyc', '.pyo')
CACHE_DIR = '__pycache__'
# __pycache__/<module>.<cache tag>[.opt-N].pyc; cache tags: cpython-311, pypy39, ...
CACHED_NAME = r'^%s\.[A-Za-z]+-?\d+(?:\.opt-\d+)?\.py[co]$'


def is_source(relpath):
    return relpath.endswith(SOURCE_SUFFIX)


def split(relpath):
    """(folder relpath, file name); the folder is '' for a file at the top of its root."""
    folder, _sep, name = relpath.rpartition('/')
    return folder, name


def join(folder, name):
    return folder + '/' + name if folder else name


def cache_dir(root, relpath):
    """The (root, relpath) of the __pycache__ folder beside the source file ``relpath``."""
    return root, join(split(relpath)[0], CACHE_DIR)


def companions(target, root, relpath):
    """The relpaths of the compiled files of the source file ``relpath`` that exist now, sorted."""
    folder, name = split(relpath)
    stem = name[:-len(SOURCE_SUFFIX)]
    found = [join(folder, stem + suffix) for suffix in COMPILED_SUFFIXES
             if target.exists(root, join(folder, stem + suffix))]
    cache = join(folder, CACHE_DIR)
    if target.exists(root, cache):
        pattern = re.compile(CACHED_NAME % re.escape(stem))
        found.extend(join(cache, entry) for entry in target.listdir(root, cache) if pattern.match(entry))
    return sorted(found)


def created_by_fixes(originals, key):
    """True when the file was absent before the first change of the episode (a fix created it); a file
    no change touched yet is not."""
    return key in originals and originals[key] is None


def with_companions(target, originals, plan):
    """(plan plus the deletion of the compiled companions of each .py file it deletes that a fix
    created, the set of those companions' keys)."""
    found = set()
    for (root, relpath), data in plan.items():
        if data is None and is_source(relpath) and created_by_fixes(originals, (root, relpath)):
            found.update((root, companion) for companion in companions(target, root, relpath))
    full = dict(plan)
    full.update((key, None) for key in found if key not in plan)
    return full, found


def refuse_foreign(target, originals, plan, fix_id):
    """Refused when ``plan`` creates a .py file (absent now, absent before the episode) beside compiled
    files of that name: they are not ours, Python would overwrite them and a rollback would delete them."""
    for (root, relpath), data in sorted(plan.items()):
        if data is None or not is_source(relpath) or target.exists(root, relpath) or (root, relpath) in originals:
            continue   # touched before: the owner's file coming back, or ours again (then so are they)
        present = companions(target, root, relpath)
        if present:
            raise Refused('fix %s would create %s of %s beside compiled %s that is not ours (Python would '
                          'overwrite it); nothing was changed' % (fix_id, target.label(root, relpath), target.name,
                                                                  ', '.join(present)))


def absent_cache_dirs(target, originals, plan):
    """The __pycache__ folders beside the .py files ``plan`` creates (absent before the fixes) that do
    not exist (yet): Python 3 may make them, and only then are they ours to remove again."""
    absent = set()
    for (root, relpath), data in plan.items():
        if (data is not None and is_source(relpath) and not target.exists(root, relpath)
                and originals.get((root, relpath)) is None):
            folder = cache_dir(root, relpath)
            if not target.exists(*folder):
                absent.add(folder)
    return sorted(absent)
