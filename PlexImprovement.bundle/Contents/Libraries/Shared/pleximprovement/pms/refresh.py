# -*- coding: utf-8 -*-
"""Asking the server to refresh metadata, and what it says it is doing.

In: a PmsClient and a ratingKey or section id. Out: nothing (the server queues the work and
answers at once) or the list of running activities as dicts:

    refresh_item(client, rating_key, force=True)
        PUT /library/metadata/<id>/refresh, with force=1 when forced. Whether PMS honours
        force=1 on an item refresh is not settled (plex-runtime.md 9): it is sent, and
        nothing here depends on it.
    refresh_section(client, section_id, force=False, path=None)
        GET /library/sections/<id>/refresh: a scan; force=1 refreshes every item's metadata;
        path= limits the scan to one folder.
    activities(client)
        GET /activities -> [{'uuid', 'type', 'title', 'subtitle', 'progress', 'section_id'}].
        A single-item refresh may never be listed (plex-runtime.md 7.3): completion.py does
        not rely on it.
"""
from __future__ import absolute_import, division, print_function

from .client import quote_part
from .library import attr, number


def refresh_item(client, rating_key, force=True):
    client.send('PUT', '/library/metadata/%s/refresh' % quote_part(rating_key), {'force': 1 if force else None})


def refresh_section(client, section_id, force=False, path=None):
    client.send('GET', '/library/sections/%s/refresh' % quote_part(section_id),
                {'force': 1 if force else None, 'path': path})


def activities(client):
    root = client.xml('/activities')
    found = []
    for node in root.findall('Activity'):
        context = node.find('Context')
        found.append({
            'uuid': attr(node, 'uuid'),
            'type': attr(node, 'type'),
            'title': attr(node, 'title'),
            'subtitle': attr(node, 'subtitle'),
            'progress': number(node, 'progress'),
            'section_id': attr(context, 'librarySectionID') if context is not None else None,
        })
    return found
