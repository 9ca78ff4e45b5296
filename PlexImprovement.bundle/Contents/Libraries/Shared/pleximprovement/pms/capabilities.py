# -*- coding: utf-8 -*-
"""What kind of server this is: its version, whether it still hosts legacy agents, whether it
hides them for new libraries, whether it offers custom metadata providers.

In: a PmsClient. Out: plain values (plex-runtime.md §12 tells these cases apart):

    identity(client)              {'machine_identifier', 'version'} (GET /identity, no token needed)
    version_tuple(text)           (1, 43, 0, 10162) from '1.43.0.10162-abc'; () when unreadable
    providers_era(version)        True from 1.43.0 on (custom metadata providers; legacy agents
                                  hidden for new libraries unless "Show Legacy Agent" is on)
    legacy_plugins(client)        [{'identifier', 'state'}] of GET /:/plugins, None when the server
                                  answers 404 (no plug-in host)
    legacy_agents(client)         [agent identifier] of GET /system/agents, None on 404
    legacy_agent_setting(client)  {'id', 'label', 'value': True/False} of the "Show Legacy Agent"
                                  server setting in GET /:/prefs, None when the server lists no
                                  such setting (no source names its id: docs/decisions.md, "Self-check")
    metadata_providers(client)    [provider identifier] of GET /media/providers/metadata, None on
                                  404 (a server older than 1.43)

Other failures (a refused token, no answer) raise the client's PmsErrors.
"""
from __future__ import absolute_import, division, print_function

import re

from .library import attr

PROVIDERS_VERSION = (1, 43, 0)
VERSION_RE = re.compile(r'^\s*(\d+(?:\.\d+)*)')
TRUE_TEXTS = ('1', 'true', 'True', 'TRUE', 'yes')
LEGACY_LABEL = u'show legacy agent'


def identity(client):
    root = client.xml('/identity')
    return {'machine_identifier': attr(root, 'machineIdentifier'), 'version': attr(root, 'version')}


def version_tuple(text):
    match = VERSION_RE.match(text or '')
    if not match:
        return ()
    return tuple(int(part) for part in match.group(1).split('.'))


def providers_era(version):
    """True when `version` (text) is 1.43.0 or later; None when it cannot be read."""
    numbers = version_tuple(version)
    if not numbers:
        return None
    return numbers[:3] >= PROVIDERS_VERSION


def legacy_plugins(client):
    root = client.xml('/:/plugins', allow=(404,))
    if root is None:
        return None
    return [{'identifier': attr(node, 'identifier'), 'state': attr(node, 'state')} for node in root.findall('Plugin')]


def legacy_agents(client):
    root = client.xml('/system/agents', allow=(404,))
    if root is None:
        return None
    return [attr(node, 'identifier') for node in root.findall('Agent')]


def is_legacy_setting(node):
    """The setting Plex Web shows as "Show Legacy Agent ...": by its label, else an id naming both words."""
    label = (attr(node, 'label') or u'').lower()
    ident = (attr(node, 'id') or u'').lower()
    return label.startswith(LEGACY_LABEL) or ('legacy' in ident and 'agent' in ident)


def legacy_agent_setting(client):
    root = client.xml('/:/prefs', allow=(404,))
    if root is None:
        return None
    for node in root.findall('Setting'):
        if is_legacy_setting(node):
            return {'id': attr(node, 'id'), 'label': attr(node, 'label'),
                    'value': (node.get('value') or '').strip() in TRUE_TEXTS}
    return None


def metadata_providers(client):
    root = client.xml('/media/providers/metadata', allow=(404,))
    if root is None:
        return None
    return [attr(node, 'identifier') for node in root.findall('MediaProvider')]
