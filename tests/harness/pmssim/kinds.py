# -*- coding: utf-8 -*-
"""Which kind of server the sim plays: a version, with or without the legacy plug-in host, with
or without the "Show Legacy Agent" setting, with or without custom metadata providers.

plex-runtime.md §12 tells three cases apart (legacy runtime present; present but legacy agents
hidden for new libraries; absent) and 1.43's /media/providers/metadata. The sim's default is the
server it always was (1.32, legacy runtime, no such setting, no providers); KINDS names the others.
Where the sources are silent the choices are docs/decisions.md S11-S13:

  S11  a server without the legacy runtime answers 404 (PMS's plain "no such path") to
       /:/plugins..., /system/agents... and the plug-in prefixes, as it does for any unknown path;
  S12  the setting is listed in GET /:/prefs as <Setting id="ShowLegacyAgent" label="Show Legacy
       Agent during library set up" type="bool" .../> (the label is the support article's words;
       the id is a guess, which is why the plug-in also recognises it by its label);
  S13  /media/providers/metadata lists Plex's own providers as <MediaProvider identifier=...>.

In: SimServer(kind=ServerKind(...)) or KINDS[name] (``make sim ARGS="--kind hidden"``). Out: what
api.py answers for those paths.
"""
from __future__ import absolute_import, division, print_function

from .xml import SERVER_VERSION, el

PROVIDERS_VERSION = '1.43.0.10231-sim'     # the first release with providers and the setting
SETTING_ID = 'ShowLegacyAgent'
SETTING_LABEL = 'Show Legacy Agent during library set up'
OWN_PROVIDERS = ('tv.plex.agents.movie', 'tv.plex.agents.series')
LEGACY_PATHS = ([u':', u'plugins'], [u'system', u'agents'])


class ServerKind(object):
    """show_legacy_agent: None (the setting is not listed), True or False."""

    def __init__(self, version=SERVER_VERSION, legacy_runtime=True, show_legacy_agent=None,
                 metadata_providers=False):
        self.version = version
        self.legacy_runtime = legacy_runtime
        self.show_legacy_agent = show_legacy_agent
        self.metadata_providers = metadata_providers

    def serves(self, parts):
        """False for the legacy host's paths on a server without it (S11)."""
        if self.legacy_runtime:
            return True
        return not any(parts[:len(prefix)] == prefix for prefix in LEGACY_PATHS)

    def prefs_xml(self, friendly_name):
        """GET /:/prefs: a few server settings, "Show Legacy Agent" among them when listed (S12)."""
        root = el('MediaContainer', {'size': 0})
        el('Setting', {'id': 'FriendlyName', 'label': 'Friendly name', 'type': 'text', 'default': '',
                       'value': friendly_name, 'hidden': 0, 'advanced': 0, 'group': 'general'}, root)
        el('Setting', {'id': 'ScheduledLibraryUpdatesEnabled', 'label': 'Update my library periodically',
                       'type': 'bool', 'default': 'false', 'value': 'false', 'hidden': 0, 'advanced': 0,
                       'group': 'library'}, root)
        if self.show_legacy_agent is not None:
            el('Setting', {'id': SETTING_ID, 'label': SETTING_LABEL, 'type': 'bool', 'default': 'false',
                           'value': 'true' if self.show_legacy_agent else 'false', 'hidden': 0, 'advanced': 0,
                           'group': 'library'}, root)
        root.set('size', str(len(root)))
        return root

    def providers_xml(self):
        """GET /media/providers/metadata (S13), or None: the path does not exist (404)."""
        if not self.metadata_providers:
            return None
        root = el('MediaContainer', {'size': len(OWN_PROVIDERS)})
        for identifier in OWN_PROVIDERS:
            el('MediaProvider', {'identifier': identifier, 'title': identifier.rsplit('.', 1)[-1].title(),
                                 'protocols': 'metadata'}, root)
        return root

    def __repr__(self):
        return 'ServerKind(%r, legacy_runtime=%r, show_legacy_agent=%r, metadata_providers=%r)' % (
            self.version, self.legacy_runtime, self.show_legacy_agent, self.metadata_providers)


KINDS = {
    'legacy': ServerKind(),
    'providers': ServerKind(PROVIDERS_VERSION, show_legacy_agent=True, metadata_providers=True),
    'hidden': ServerKind(PROVIDERS_VERSION, show_legacy_agent=False, metadata_providers=True),
    'unlisted_setting': ServerKind(PROVIDERS_VERSION, metadata_providers=True),
    'no_legacy': ServerKind(PROVIDERS_VERSION, legacy_runtime=False, metadata_providers=True),
}
