# -*- coding: utf-8 -*-
"""contributor/targets.py: the contributor classes contribute to Plex's legacy primary agents and to
every agent bundle installed in Plug-ins, never to PlexImprovement itself or a channel."""
from __future__ import absolute_import, division, print_function

import os

from pleximprovement.contributor import targets

from fix_trees import make_server, put, sample_agent, write_plist


class Core(object):
    def __init__(self, app_support):
        self.app_support_path = app_support
        self.identifier = 'com.plexapp.plugins.pleximprovement'


def test_built_in_and_installed_agents(tmpdir):
    server = make_server(tmpdir)
    sample_agent(server)
    channel = os.path.join(server.plugins, 'Channel.bundle', 'Contents')
    write_plist(channel, 'com.example.channel', u'\t<key>PlexPluginClass</key>\n\t<string>Content</string>\n')
    put(os.path.join(server.plugins, 'Broken.bundle', 'Contents', 'Info.plist'), b'not a plist')
    write_plist(os.path.join(server.plugins, 'PlexImprovement.bundle', 'Contents'), Core('').identifier)
    found = targets.contributes_to(server.plugins, Core('').identifier)
    assert found == sorted(set(targets.BUILT_IN) | {'com.plexapp.agents.sampleagent'})
    assert targets.for_core(Core(server.app_support)) == found
    assert all(isinstance(identifier, str) for identifier in found)


def test_no_plugins_folder_leaves_the_built_in_agents(tmpdir):
    assert targets.contributes_to(str(tmpdir.join('none')), 'x') == sorted(targets.BUILT_IN)
