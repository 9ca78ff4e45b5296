# -*- coding: utf-8 -*-
"""Plug-in hosting for the simulated server: bundles, their prefs, restarts and XML views.

The sim runs agents in the framework emulator, started on demand and reloaded when
Info.plist is touched, the way PMS and System do (plex-runtime.md 7.4); whether
/:/plugins/<id>/restart reloads a plug-in other than System is assumption S6. PlexImprovement's
own settings and restart go through these same paths, so they are kept together here.
"""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import shutil
import threading
from xml.etree import ElementTree

from harness import plexemu

from . import http, logs
from .xml import el

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE_AGENT_BUNDLE = os.path.join(HERE, 'agents', 'SampleAgent.bundle')
SAMPLE_AGENT_ID = 'com.plexapp.agents.sampleagent'


def read_text(path):
    """A bundle file's text (UTF-8, leniently), or None when it cannot be read."""
    try:
        with io.open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'replace')
    except (IOError, OSError):
        return None


def info_plist(bundle_path):
    return os.path.join(bundle_path, 'Contents', 'Info.plist')


def read_plist_string(path, key):
    """One <string> value of an Info.plist (a regex is enough for the flat plists here)."""
    text = read_text(path)
    if text is None:
        return None
    marker = u'<key>%s</key>' % key
    at = text.find(marker)
    if at < 0:
        return None
    start = text.find(u'<string>', at)
    end = text.find(u'</string>', start)
    if start < 0 or end < 0:
        return None
    return text[start + len(u'<string>'):end].strip()


def file_mtime(path):
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def read_prefs_file(path):
    """(name, value) pairs of a plug-in's prefs file in file order; none when absent or broken."""
    try:
        with io.open(path, 'rb') as handle:
            root = ElementTree.fromstring(handle.read())
    except (IOError, OSError, ElementTree.ParseError):
        return []
    return [(child.tag, child.text or u'') for child in root]


class AgentHost(object):
    """One plug-in bundle run in the framework emulator, started on demand like PMS does.

    Touching Contents/Info.plist (what System does to restart a plug-in) makes the next
    use reload it; `reload()` does it at once.
    """

    def __init__(self, sim, bundle_path, identifier, emulator=None):
        self.sim = sim
        self.bundle_path = bundle_path
        self.identifier = identifier
        self.emulator = emulator
        self.external = emulator is not None
        self.started_mtime = file_mtime(self.plist_path) if emulator is not None else None
        self.lock = threading.RLock()
        self.starts = 0
        self.name = self.read_agent_name()

    @property
    def plist_path(self):
        return info_plist(self.bundle_path)

    def read_agent_name(self):
        """The agent's `name` class attribute, read from its code (the sim lists it early)."""
        text = read_text(os.path.join(self.bundle_path, 'Contents', 'Code', '__init__.py'))
        if text is None:
            return self.identifier
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith(u'name =') or stripped.startswith(u'name='):
                value = stripped.split(u'=', 1)[1].strip()
                if len(value) >= 2 and value[0] in u'\'"' and value[-1] == value[0]:
                    return value[1:-1]
        return read_plist_string(self.plist_path, 'CFBundleName') or self.identifier

    @property
    def running(self):
        return self.emulator is not None

    def ensure(self):
        """The running emulator, (re)started when absent or when Info.plist was touched."""
        with self.lock:
            if self.emulator is not None and file_mtime(self.plist_path) != self.started_mtime:
                self.sim.server_log.debug(u'Plug-in %s changed on disk, restarting it.' % self.identifier)
                self.reload()
            if self.emulator is None:
                self.start()
            else:
                self.sim.server_log.debug(u"Perfect cache hit, we don't need to start [%s] yet."
                                          % self.identifier)
            return self.emulator

    def start(self):
        self.sim.server_log.debug(u'Starting plug-in %s.' % self.bundle_path)
        emulator = plexemu.Emulator(self.bundle_path, self.sim.app_support,
                                    env={'PLEXTOKEN': self.sim.token},
                                    server_url=self.sim.base_url)
        emulator.start()
        self.emulator = emulator
        self.note_started()

    def reload(self):
        with self.lock:
            if self.emulator is None:
                self.start()
                return
            self.sim.server_log.debug(u'Starting plug-in %s.' % self.bundle_path)
            self.emulator.reload()
            self.note_started()

    def note_started(self):
        """Remember the Info.plist seen at this (re)start, so a later touch means 'reload'."""
        self.started_mtime = file_mtime(self.plist_path)
        self.starts += 1
        self.name = self.read_agent_name()

    def stop(self):
        with self.lock:
            if self.emulator is not None and not self.external:
                self.emulator.stop()
                self.emulator = None


class PluginHosting(object):
    """SimServer's plug-in side (a mixin): install, prefs files, restart, /:/plugins views."""

    def install_agent(self, site_url):
        """Copy the agent into Plug-ins (unless one is there) and point its prefs at the site."""
        target = self.agent_bundle_path
        if not os.path.isdir(target):
            shutil.copytree(self.agent_source, target)
        identifier = read_plist_string(info_plist(target), 'CFBundleIdentifier') or SAMPLE_AGENT_ID
        self.agent_id = identifier
        self.write_plugin_prefs(identifier, {'site_url': site_url})
        self.hosts[identifier] = AgentHost(self, target, identifier)

    def write_plugin_prefs(self, identifier, values):
        """Merge values into Plug-in Support/Preferences/<id>.xml (the framework re-reads it)."""
        path = self.layout.preferences_file(identifier)
        pairs = read_prefs_file(path)
        current = dict(pairs)
        order = [key for key, _value in pairs]
        for key, value in values.items():
            if key not in current:
                order.append(key)
            current[key] = http.to_text(value)
        root = el('PluginPreferences')
        for key in order:
            child = ElementTree.SubElement(root, key)
            child.text = current[key]
        data = ElementTree.tostring(root, encoding='utf-8')
        if not data.startswith(b'<?xml'):
            data = b"<?xml version='1.0' encoding='utf-8'?>\n" + data
        temp = path + '.tmp'
        with io.open(temp, 'wb') as handle:
            handle.write(data)
        logs.replace_file(temp, path)

    def read_plugin_prefs(self, identifier):
        return dict(read_prefs_file(self.layout.preferences_file(identifier)))

    def attach_plugin(self, identifier, emulator, bundle_path=None):
        """Let the sim proxy prefs/restart of a plug-in hosted elsewhere (e.g. PlexImprovement)."""
        with self.lock:
            path = bundle_path or getattr(emulator, 'bundle_path', None) or ''
            self.hosts[identifier] = AgentHost(self, path, identifier, emulator=emulator)

    def host(self, identifier):
        """The AgentHost of an installed or attached plug-in (made on first use), or None."""
        with self.lock:
            host = self.hosts.get(identifier)
            if host is None:
                path = dict(self.installed_plugins()).get(identifier)
                if path is not None:
                    host = AgentHost(self, path, identifier)
                    self.hosts[identifier] = host
            return host

    def installed_plugins(self):
        """(identifier, bundle path) of every bundle in Plug-ins plus attached ones."""
        found = {}
        try:
            names = sorted(os.listdir(self.layout.plugins_dir))
        except OSError:
            names = []
        for name in names:
            if not name.endswith('.bundle'):
                continue
            path = self.layout.bundle_dir(name)
            identifier = read_plist_string(info_plist(path), 'CFBundleIdentifier')
            if identifier:
                found[identifier] = path
        for identifier, host in self.hosts.items():
            found.setdefault(identifier, host.bundle_path)
        return sorted(found.items())

    def restart_plugin(self, identifier):
        """/:/plugins/<id>/restart: System restarts (its log rolls); another plug-in reloads only
        when assumption S6 says the endpoint works for it. False: not supported (404)."""
        if identifier == logs.SYSTEM_IDENTIFIER:
            self.server_log.debug(u'Starting plug-in %s.' % logs.SYSTEM_IDENTIFIER)
            self.system_log.roll()
            return True
        if self.assumptions.plugin_restart != 'any':
            return False
        host = self.host(identifier)
        if host is None:
            return False
        host.reload()
        return True

    def agents_xml(self, media_type):
        root = el('MediaContainer', {'size': 0})
        agents = []
        for identifier, host in sorted(self.hosts.items()):
            if host.external:
                continue
            agents.append((identifier, host.name, 1, 1))
        agents.append(('com.plexapp.agents.localmedia', 'Local Media Assets', 0, 0))
        agents.append(('com.plexapp.agents.none', 'Personal Media', 1, 0))
        if media_type not in (None, '', '1'):
            agents = []
        for identifier, name, primary, prefs in agents:
            node = el('Agent', {'hasAttribution': 0, 'hasPrefs': prefs, 'identifier': identifier,
                                'primary': primary, 'name': name,
                                'shortIdentifier': identifier.rsplit('.', 1)[-1]}, root)
            el('Language', {'code': 'en'}, node)
        root.set('size', str(len(agents)))
        return root

    def plugins_xml(self):
        plugins = self.installed_plugins()
        root = el('MediaContainer', {'size': len(plugins)})
        for identifier, path in plugins:
            host = self.hosts.get(identifier)
            plist = info_plist(path)
            el('Plugin', {'identifier': identifier,
                          'name': read_plist_string(plist, 'CFBundleName') or os.path.basename(path).rsplit('.', 1)[0],
                          'version': read_plist_string(plist, 'CFBundleVersion') or '',
                          'state': 'running' if host is not None and host.running else 'stopped',
                          'key': '/:/plugins/%s' % identifier}, root)
        return root

    def prefs_xml(self, identifier):
        """Settings from DefaultPrefs.json and the user file, like the framework answers."""
        path = dict(self.installed_plugins()).get(identifier)
        if path is None:
            return None
        try:
            with io.open(os.path.join(path, 'Contents', 'DefaultPrefs.json'), 'rb') as handle:
                schema = json.loads(handle.read().decode('utf-8'))
        except (IOError, OSError, ValueError):
            schema = []
        values = self.read_plugin_prefs(identifier)
        root = el('MediaContainer', {'size': len(schema), 'identifier': identifier})
        for pref in schema:
            if pref.get('hidden') in (True, 'true'):
                continue
            value = values.get(pref.get('id'), pref.get('default', ''))
            attrs = {'id': pref.get('id'), 'label': pref.get('label'), 'type': pref.get('type'),
                     'secure': 'true' if pref.get('secure') in (True, 'true') else 'false',
                     'default': pref.get('default', ''), 'value': value}
            if pref.get('type') == 'enum':
                attrs['values'] = '|'.join(pref.get('values') or [])
            if pref.get('option'):
                attrs['option'] = pref.get('option')
            el('Setting', attrs, root)
        return root
