# -*- coding: utf-8 -*-
"""Contributing agents in the simulated server: which exist, which are enabled, and System calling them.

What System's agentservice.py does (update_task, list_contributors, get/set_agent_configuration),
for the plug-ins the sim runs (installed ones once started, attached ones such as
PlexImprovement): after the primary agent's update of a matched item, each contributor enabled
for that primary agent is searched with primary=False and the primary's hints (primary_agent,
guid, force, id = the ratingKey, parentID, name); a non-empty result is accepted (the legacy
score check compares the result object with 75, always true on Python 2) and updated with the
primary's guid and the result's id; no result logs "No match found" and erases the
contributor's data (a no-op here: the sim keeps no contributor data). Which contributors are
enabled is the agent configuration (PUT /system/agents/<primary>/config/<type>?order=...);
before any is saved, assumption S10 says whether a new contributor starts enabled.
In: the running hosts and an item; out: System log lines and the calls into the contributors.
"""
from __future__ import absolute_import, division, print_function

from .xml import el

MEDIA_TYPE_NUMBER = '1'      # the sim has one movie section (agentservice.py media_types[1] = 'Movie')


def agent_objects(host):
    """The agent instances a running host registered (none when it is not running)."""
    registry = getattr(host.emulator, 'agents', None) if host.emulator is not None else None
    return list(getattr(registry, 'agents', None) or [])


class Contributors(object):
    """SimServer's contributor side (a mixin: it reads the hosts, logs and assumptions)."""

    def contributors_of(self, primary):
        """[(identifier, name)] of the running plug-ins whose agents contribute to `primary`."""
        found = []
        for identifier, host in sorted(self.hosts.items()):
            if identifier == primary:
                continue
            for agent in agent_objects(host):
                if primary in (getattr(agent, 'contributes_to', None) or ()):
                    found.append((identifier, getattr(agent, 'name', identifier)))
                    break
        return found

    def enabled_contributors(self, primary):
        """The enabled contributors of `primary`, in the configured order."""
        available = [identifier for identifier, _name in self.contributors_of(primary)]
        saved = self.agent_configs.get(primary)
        if saved is None:
            return available if self.assumptions.contributor_enabled == 'yes' else []
        return [identifier for identifier in saved if identifier in available]

    def set_agent_config(self, primary, order):
        """PUT /system/agents/<primary>/config/<type>?order=a,b: the combination order, saved."""
        self.agent_configs[primary] = [part for part in (order or u'').split(u',') if part]

    def contributors_xml(self, media_type, primary):
        root = el('MediaContainer', {'size': 0})
        if media_type != MEDIA_TYPE_NUMBER or primary not in self.hosts:
            return root
        found = self.contributors_of(primary)
        for identifier, name in found:
            el('Agent', {'identifier': identifier, 'name': name, 'hasPrefs': 0}, root)
        root.set('size', str(len(found)))
        return root

    def agent_config_xml(self, primary, media_type):
        """The primary first (it is always enabled), then the enabled contributors, then the others."""
        if media_type != MEDIA_TYPE_NUMBER or primary not in self.hosts:
            return None
        root = el('MediaContainer', {'size': 0})
        enabled = self.enabled_contributors(primary)
        names = dict(self.contributors_of(primary))
        host = self.hosts[primary]
        rows = [(primary, host.name, True)] + [(i, names[i], True) for i in enabled]
        rows.extend((i, names[i], False) for i in sorted(names) if i not in enabled)
        for identifier, name, on in rows:
            attrs = {'identifier': identifier, 'name': name, 'hasPrefs': 0}
            if on:
                attrs['enabled'] = 1
            el('Agent', attrs, root)
        root.set('size', str(len(rows)))
        return root

    def run_contributors(self, item, force, media_type):
        """update_task's contributor loop for one item the primary agent just updated."""
        primary = item.guid.split(u'://', 1)[0]
        hints = {'primary_agent': primary, 'guid': item.guid, 'force': bool(force), 'id': str(item.rating_key),
                 'parentID': None, 'name': item.title}
        for identifier in self.enabled_contributors(primary):
            host = self.host(identifier)
            if host is None or host.emulator is None:
                continue
            try:
                results = host.emulator.agent_search(hints, media_type=media_type, lang='en', manual=False,
                                                     primary=False) or []
            except Exception as exc:  # System logs it and goes on with the next contributor
                self.system_log.log('CRITICAL', 'agentservice', 522, u'Exception performing search in %s: %r'
                                    % (identifier, exc))
                continue
            if results:
                self.system_log.log('INFO', 'agentservice', 515, u'Found match with ID %s' % (results[0].get('id'),))
                host.emulator.agent_update(results[0].get('id'), media_type=media_type, guid=item.guid, lang='en',
                                           force=bool(force), media=self.media_for(item))
            else:
                self.system_log.log('INFO', 'agentservice', 518, u'No match found')
