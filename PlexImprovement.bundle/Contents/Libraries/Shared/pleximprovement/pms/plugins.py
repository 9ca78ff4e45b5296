# -*- coding: utf-8 -*-
"""The server's plug-ins: which are installed, restarting one, reading and setting its prefs.

In: a PmsClient and a plug-in identifier. Out:

    plugins(client)                      [{'identifier', 'name', 'version', 'state'}] (GET /:/plugins)
    restart_plugin(client, identifier)   RESTARTED, or UNSUPPORTED when the server answers 404:
                                         GET /:/plugins/<id>/restart is known to work for System
                                         only (plex-runtime.md 7.4). Touching the bundle's
                                         Contents/Info.plist always reloads a plug-in; that is the
                                         installer's job (it owns the files), not this module's.
    plugin_prefs(client, identifier)     {pref id: value text} (GET /:/plugins/<id>/prefs)
    set_plugin_prefs(client, identifier, values)
                                         GET /:/plugins/<id>/prefs/set?id=value...; booleans as
                                         'true'/'false' like Plex Web; the values never appear
                                         in an error message (they may be API keys)

A plug-in the server does not know raises ServerError 404 (errors.py), except for the
restart, where 404 is the server's way of saying "not for this plug-in".
"""
from __future__ import absolute_import, division, print_function

from ..text import as_text
from .client import quote_part
from .library import attr

RESTARTED = 'restarted'
UNSUPPORTED = 'unsupported'


def plugins(client):
    root = client.xml('/:/plugins')
    return [{'identifier': attr(node, 'identifier'), 'name': attr(node, 'name'), 'version': attr(node, 'version'),
             'state': attr(node, 'state')} for node in root.findall('Plugin')]


def restart_plugin(client, identifier):
    status = client.send('GET', '/:/plugins/%s/restart' % quote_part(identifier), allow=(404,))
    return UNSUPPORTED if status == 404 else RESTARTED


def plugin_prefs(client, identifier):
    root = client.xml('/:/plugins/%s/prefs' % quote_part(identifier))
    return dict((as_text(node.get('id')), as_text(node.get('value'))) for node in root.findall('Setting')
                if node.get('id'))


def pref_text(value):
    if value is True or value is False:
        return 'true' if value else 'false'
    return value


def set_plugin_prefs(client, identifier, values):
    params = dict((key, pref_text(value)) for key, value in values.items())
    client.send('GET', '/:/plugins/%s/prefs/set' % quote_part(identifier), params, hide_query=True)
