# -*- coding: utf-8 -*-
"""Per library: can PlexImprovement's contributor run there, is it enabled, and how to enable it.

In: a PmsClient and this plug-in's identifier. Out: one dict per movie or TV section

    {'section', 'title', 'agent', 'media_type', 'listed', 'enabled', 'how'}

`listed`: the server lists PlexImprovement among the agent's contributors (its contributes_to
names the agent); `enabled`: the agent's configuration has it ticked, so System calls it on
every refresh of that library (None when the server did not say). `how` is what the owner
does to enable it: in Plex Web, Settings > Agents > (Movies | Shows) > the agent > tick
PlexImprovement (drag it below the agents whose data should win), or the API call
PUT /system/agents/<agent>/config/<type>?order=<agents already enabled>,<this plug-in>.
Sections of new (tv.plex.agents.*) agents cannot be contributed to (plex-runtime.md 5.4).
"""
from __future__ import absolute_import, division, print_function

from ..pms import agents, library

NEW_AGENT_PREFIX = 'tv.plex.agents.'
TYPE_NAMES = {1: 'Movies', 2: 'Shows'}


def how_to_enable(agent, media_type, identifier, config):
    if agent and agent.startswith(NEW_AGENT_PREFIX):
        return u'not possible: %s is a new Plex agent, which takes no contributors' % (agent,)
    return (u'Plex Web: Settings > Agents > %s > %s > tick PlexImprovement; or PUT '
            u'/system/agents/%s/config/%d?order=%s' % (TYPE_NAMES.get(media_type, media_type), agent, agent, media_type,
                                                       agents.enable_order(config, identifier, agent)))


def section_status(client, section, identifier):
    media_type = agents.media_type_of(section['type'])
    agent = section['agent']
    listed = enabled = None
    config = None
    if agent and not agent.startswith(NEW_AGENT_PREFIX):
        found = agents.contributors(client, media_type, agent)
        if found is not None:
            listed = any(a['identifier'] == identifier for a in found)
        config = agents.agent_config(client, agent, media_type)
        if config is not None:
            enabled = any(a['identifier'] == identifier and a['enabled'] for a in config)
    else:
        listed = enabled = False
    return {'section': section['id'], 'title': section['title'], 'agent': agent, 'media_type': media_type,
            'listed': listed, 'enabled': enabled,
            'how': None if enabled else how_to_enable(agent, media_type, identifier, config)}


def contributor_status(client, identifier):
    """One entry per movie or TV section (see the module docstring); PmsErrors pass through."""
    return [section_status(client, section, identifier) for section in library.sections(client)
            if agents.media_type_of(section['type']) is not None]
