# -*- coding: utf-8 -*-
"""The bridge Code/__init__.py calls: boot once with the kits, then hand out the App.

Code/ is compiled under RestrictedPython, so it should not keep mutable module state or
do anything clever; it calls `boot(kits)` from Start() and `app()` from every route.
"""
from __future__ import absolute_import, division, print_function

import threading

from .menu.app import App
from .runtime import from_kits

HOLDER = {}
HOLDER_LOCK = threading.Lock()


def boot(kits, lang='en'):
    """Build the runtime from the kits and start the App (fast: see App.start)."""
    with HOLDER_LOCK:
        old = HOLDER.get('app')
        if old is not None:
            old.stop_all()
        rt = from_kits(kits)
        instance = App(rt, lang)
        HOLDER['app'] = instance
    instance.start()
    return instance


def app():
    with HOLDER_LOCK:
        instance = HOLDER.get('app')
    if instance is None:
        raise RuntimeError('PlexImprovement has not started yet')
    return instance
