# -*- coding: utf-8 -*-
"""The server's agent settings: which contributors a primary agent has, which are enabled.

In: a PmsClient, a section type ('movie', 'show') or media type number, a primary agent id.
Out: plain dicts (System agentservice.py list_contributors, get_agent_configuration):

    contributors(client, media_type, primary)
        GET /system/agents/contributors?mediaType=&primaryAgent= -> [{'identifier', 'name'}]:
        the agents that may contribute to `primary` (their contributes_to names it, or it
        accepts from them)
    agent_config(client, primary, media_type)
        GET /system/agents/<primary>/config/<mediaType> -> [{'identifier', 'name', 'enabled'}]
        in the order the combiner uses; enabled ones first
    enable_order(config, identifier, primary)
        the `order=` text for PUT /system/agents/<primary>/config/<mediaType> that enables
        `identifier` after the agents already enabled, the primary first (what Plex Web's
        agent settings send; System saves the list as the combination order)

A server that does not answer these paths (newer servers without legacy agents) answers 404:
contributors() and agent_config() return None then.
"""
from __future__ import absolute_import, division, print_function

from .client import quote_part
from .library import attr

MEDIA_TYPES = {'movie': 1, 'show': 2}


def media_type_of(section_type):
    """1 for a movie section, 2 for a TV section, None for the others (music, photos)."""
    if isinstance(section_type, int):
        return section_type
    return MEDIA_TYPES.get(section_type)


def contributors(client, media_type, primary):
    root = client.xml('/system/agents/contributors', {'mediaType': media_type, 'primaryAgent': primary},
                      allow=(404,))
    if root is None:
        return None
    return [{'identifier': attr(node, 'identifier'), 'name': attr(node, 'name')} for node in root.findall('Agent')]


def agent_config(client, primary, media_type):
    root = client.xml('/system/agents/%s/config/%s' % (quote_part(primary), quote_part(media_type)), allow=(404,))
    if root is None:
        return None
    return [{'identifier': attr(node, 'identifier'), 'name': attr(node, 'name'),
             'enabled': node.get('enabled') in ('1', 'true', 'True')} for node in root.findall('Agent')]


def enable_order(config, identifier, primary):
    enabled = [a['identifier'] for a in config or () if a['enabled'] and a['identifier'] not in (identifier, primary)]
    return u','.join([primary] + enabled + [identifier])
