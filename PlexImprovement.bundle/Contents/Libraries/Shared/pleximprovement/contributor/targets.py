# -*- coding: utf-8 -*-
"""The primary agents PlexImprovement's contributor classes contribute to.

In: the server's Plug-ins folder and this plug-in's identifier (for_core: the framework's Core
kit, which knows both). Out: the sorted list of agent
identifiers for the classes' `contributes_to`: Plex's own legacy primary agents, plus every
bundle in Plug-ins whose Info.plist says PlexPluginClass Agent (the third-party agents
PlexImprovement diagnoses and fixes). It is read once, when Code/ defines the classes (the
framework pushes the agent information to System at that moment), so an agent installed
later is contributed to after PlexImprovement's next start.
"""
from __future__ import absolute_import, division, print_function

import io
import os
import plistlib

from ..names import IDENTIFIER
from ..runtime.paths import ServerLayout, default_app_support

# Plex's legacy primary agents for movies and TV (System's Resources/Plug-ins): Plex Movie
# (legacy), The Movie Database, TheTVDB, and Personal Media.
BUILT_IN = ('com.plexapp.agents.imdb', 'com.plexapp.agents.none', 'com.plexapp.agents.themoviedb',
            'com.plexapp.agents.thetvdb')
AGENT_CLASS = 'Agent'


def read_plist(contents_dir):
    """The Info.plist of a bundle's Contents folder as a dict; {} when it cannot be read."""
    try:
        with io.open(os.path.join(contents_dir, 'Info.plist'), 'rb') as handle:
            raw = handle.read()
        loads = getattr(plistlib, 'loads', None) or plistlib.readPlistFromString
        found = loads(raw)
    except Exception:  # plistlib raises several unrelated types on a damaged file
        return {}
    return found if isinstance(found, dict) else {}


def installed_agents(plugins_dir):
    """Identifiers of the agent bundles in a Plug-ins folder (sorted; unreadable ones skipped)."""
    try:
        names = sorted(os.listdir(plugins_dir))
    except (IOError, OSError):
        return []
    found = []
    for name in names:
        if not name.lower().endswith('.bundle') or name.startswith('.'):
            continue
        info = read_plist(os.path.join(plugins_dir, name, 'Contents'))
        identifier = info.get('CFBundleIdentifier')
        if identifier and info.get('PlexPluginClass') == AGENT_CLASS:
            found.append(u'%s' % (identifier,))
    return found


def contributes_to(plugins_dir, own_identifier):
    """Every primary agent to contribute to (see the module docstring), never this plug-in."""
    found = set(BUILT_IN)
    found.update(installed_agents(plugins_dir))
    found.discard(own_identifier)
    return [str(identifier) for identifier in sorted(found)]


def for_core(core):
    """contributes_to() for the running plug-in: Plug-ins below the Core kit's app-support folder."""
    app_support = getattr(core, 'app_support_path', None) or default_app_support()
    return contributes_to(ServerLayout(app_support).plugins_dir, getattr(core, 'identifier', None) or IDENTIFIER)
