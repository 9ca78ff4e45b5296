# -*- coding: utf-8 -*-
"""The loop's documents kept in generations, so a crash or a damaged write never loses the state.

In: a store (runtime/store.py FileStore: atomic writes) and a document name. Out: save() writes
the document (redacted: report/saved.py) as `<name>` after moving the previous copies one generation down (`<name>.1` ..
`<name>.KEEP`); load_newest() returns the readable document of the highest generation number
among them. Why: the framework's Data.Save deletes the old file before moving the new one in
(plex-runtime.md §3.3); our store renames atomically, but a file damaged on disk or a crash
between two renames must still leave an older complete state to resume from.
"""
from __future__ import absolute_import, division, print_function

import os

from ..report.saved import save_json

KEEP = 3


def generation_names(name, keep=KEEP):
    """The names a document's generations use, newest first."""
    return [name] + ['%s.%d' % (name, number) for number in range(1, keep + 1)]


def replace(source, target):
    """Rename `source` over `target` (Windows cannot rename over an existing file)."""
    if os.name == 'nt' and os.path.exists(target):
        os.remove(target)
    os.rename(source, target)


def save(store, name, document, keep=KEEP):
    """Write `document` (a dict; its 'generation' is raised by one) as the newest generation."""
    document['generation'] = int(document.get('generation') or 0) + 1
    names = generation_names(name, keep)
    with store.lock:
        for newer, older in reversed(list(zip(names[:-1], names[1:]))):
            if os.path.exists(store.path(newer)):
                replace(store.path(newer), store.path(older))
        save_json(store, name, document)
    return document['generation']


def load_newest(store, name, schema, keep=KEEP):
    """(document, damaged names): the readable document with this schema and the highest
    generation, or None; damaged names are the generations that exist but cannot be read."""
    best, damaged = None, []
    for candidate in generation_names(name, keep):
        if not store.exists(candidate):
            continue
        document = store.load_json(candidate, None)
        if not isinstance(document, dict) or document.get('schema') != schema:
            damaged.append(candidate)
            continue
        if best is None or int(document.get('generation') or 0) > int(best.get('generation') or 0):
            best = document
    return best, damaged


def remove_all(store, name, keep=KEEP):
    """Forget every generation (a new loop session starts its decision log afresh)."""
    for candidate in generation_names(name, keep):
        store.remove(candidate)
