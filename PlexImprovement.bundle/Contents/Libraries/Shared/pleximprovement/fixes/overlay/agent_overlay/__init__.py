# -*- coding: utf-8 -*-
"""The overlay that runs inside another agent's plug-in process (plain Python 2.7, not restricted).

Phase 3 copies this package into the target's Contents/Libraries/Shared/ as `pleximprovement_overlay`
(on sys.path there under the Elevated policy), writes the config beside it and appends one line to the
target's Code/__init__.py that calls install(HTTP, HTML, XML, JSON, Log, Agent) with the sandbox's own
kits once the agent classes exist. In: that config. Out: the enabled overlays set as attributes on the
kit objects and agent classes (Code/ modules hold copies of __init__'s globals, but the same objects, so
they see them too) and one log line naming them. A missing, corrupt or empty config installs nothing.
Modules: config (file format, parameters), network (fetch overlays), searches (search overlays),
names (title variants, name repair), overlay_sandbox (log writer, function parameters;
named so that its log lines are not taken for the framework's own sandbox module).
"""
from __future__ import absolute_import, division, print_function

from .config import OVERLAY_IDS, load_config
from .network import FETCHES, NETWORK_OVERLAYS, Network
from .overlay_sandbox import KIT_NAMES, Logger
from .searches import Searches, search_patches

MISSING = object()


def patches_for(config, kits, log):
    """[(object, attribute, new value)] for the enabled overlays."""
    patches = []
    if any(overlay in config for overlay in NETWORK_OVERLAYS):
        network = Network(config, kits['HTTP'], log)
        for kit_name, method in FETCHES:
            original = getattr(kits[kit_name], method, None)
            if original is not None and not getattr(original, 'pleximprovement_overlay', False):
                patches.append((kits[kit_name], method, network.wrap(kit_name, original)))
    if 'title_variants' in config or 'safe_decoding' in config:
        patches.extend(search_patches(Searches(config, log), kits['Agent']))
    return patches


def undo(applied):
    """Put back what install set, last first."""
    for target, name, old in reversed(applied):
        if old is MISSING:
            delattr(target, name)
        else:
            setattr(target, name, old)


def install(*kits):
    """Called by the line added to Code/__init__.py with the kits of KIT_NAMES, in that order. Returns the
    ids of the overlays installed; [] when nothing was changed (no valid config, or an error: all undone)."""
    config = load_config()
    if not config or len(kits) != len(KIT_NAMES):
        return []
    kits = dict(zip(KIT_NAMES, kits))
    log = Logger(kits['Log'])
    applied = []
    try:
        for target, name, value in patches_for(config, kits, log):
            old = vars(target).get(name, MISSING)
            setattr(target, name, value)
            applied.append((target, name, old))
    except Exception as exc:
        log.write('Warn', 'not installed: %s: %s', type(exc).__name__, exc)
        log.guarded('undo', undo, applied)
        return []
    ids = [overlay for overlay in OVERLAY_IDS if overlay in config]
    log.active(ids)
    return ids
