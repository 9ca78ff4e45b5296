# -*- coding: utf-8 -*-
"""Servers laid out like real ones, built in a temporary folder, for the fix machinery's tests.

``make_server(base)`` gives a Plug-ins folder, Plug-in Support beside it and a separate data
folder (journal, backups). The builders put agents into it shaped like the ones the issue
names, generated here (no code of those projects is copied): the sample agent of this repo;
an agent with everything in Code/ and no Libraries/Shared (like Hama); one with hundreds of
files in Libraries/Shared (like PhoenixAdult); a family of bundles sharing a helper folder
beside them (like PGMA-Modernized's _PGMA). Files come with CRLF endings, without a last
newline, in Python 2 only syntax, and binary. ``snapshot`` hashes every file and lists every
folder (with permissions) so two states compare byte for byte.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import io
import os
import shutil
import stat

REPO_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE_AGENT = os.path.join(REPO_DIR, 'tests', 'harness', 'pmssim', 'agents', 'SampleAgent.bundle')
PLIST = (u'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
         u'"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n'
         u'\t<key>CFBundleIdentifier</key>\n\t<string>%s</string>\n\t<key>PlexPluginClass</key>\n'
         u'\t<string>Agent</string>\n\t<key>PlexPluginCodePolicy</key>\n\t<string>Elevated</string>\n'
         u'%s</dict>\n</plist>\n')
PNG = b'\x89PNG\r\n\x1a\n' + bytes(bytearray(range(256))) * 4


class Server(object):
    def __init__(self, base, create=True):
        self.base = base
        self.app_support = os.path.join(base, 'Plex Media Server')
        self.plugins = os.path.join(self.app_support, 'Plug-ins')
        self.support = os.path.join(self.app_support, 'Plug-in Support')
        self.data = os.path.join(base, 'data')
        for folder in (self.plugins, os.path.join(self.support, 'Preferences'), os.path.join(self.support, 'Caches')):
            if create:
                os.makedirs(folder)

    def copy(self, base):
        """The same server (data folder included) in another folder."""
        shutil.copytree(self.base, base, symlinks=True)
        return Server(base, create=False)

    def snapshot(self):
        return snapshot(self.app_support)

    def prefs(self, identifier):
        return os.path.join(self.support, 'Preferences', identifier + '.xml')

    def caches(self, identifier):
        return os.path.join(self.support, 'Caches', identifier)


def make_server(base):
    return Server(str(base))


def put(path, data):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, 'wb') as handle:
        handle.write(data if isinstance(data, bytes) else data.encode('utf-8'))


def write_plist(contents, identifier, extra=u''):
    put(os.path.join(contents, 'Info.plist'), PLIST % (identifier, extra))


def py2_module(name, lines=12, crlf=False, last_newline=True):
    """Python 2 only code (print statements, except X, e), as legacy agents are written."""
    body = [u'# -*- coding: utf-8 -*-', u'import re', u'', u'def %s_find(text):' % name,
            u'    try:', u'        return re.findall(r"\\d+", text)', u'    except Exception, e:',
            u'        print "failed: %s" % e', u'        return []']
    body.extend(u'VALUE_%d = %d' % (n, n) for n in range(lines))
    eol = u'\r\n' if crlf else u'\n'
    return (eol.join(body) + (eol if last_newline else u'')).encode('utf-8')


def init_py(crlf=False, last_newline=True):
    lines = [u'# -*- coding: utf-8 -*-', u'import common', u'', u'def Start():',
             u'    HTTP.CacheTime = CACHE_1DAY', u'', u'class ExampleAgent(Agent.Movies):',
             u'    name = "Example é"', u'    def search(self, results, media, lang, manual):',
             u'        Log("search %s" % media.name)']
    eol = u'\r\n' if crlf else u'\n'
    return (eol.join(lines) + (eol if last_newline else u'')).encode('utf-8')


def add_support(server, identifier, prefs=True, cache_files=3):
    if prefs:
        put(server.prefs(identifier), u'<?xml version="1.0" encoding="utf-8"?>\n<PluginPreferences>\n'
            u'  <username>owner</username>\n</PluginPreferences>\n')
    for n in range(cache_files):
        put(os.path.join(server.caches(identifier), 'HTTP.system', '%02x' % n, 'entry%d' % n), PNG[:100 + n])


def sample_agent(server):
    """This repo's sample agent (no Libraries/Shared, LF endings)."""
    shutil.copytree(SAMPLE_AGENT, os.path.join(server.plugins, 'SampleAgent.bundle'))
    identifier = 'com.plexapp.agents.sampleagent'
    add_support(server, identifier, prefs=False)
    return 'SampleAgent.bundle', identifier


def code_only_agent(server):
    """Everything in Code/ (15 modules), no Libraries/Shared; CRLF and a file without last newline."""
    contents = os.path.join(server.plugins, 'Hama.bundle', 'Contents')
    identifier = 'com.plexapp.agents.hama'
    write_plist(contents, identifier)
    put(os.path.join(contents, 'Code', '__init__.py'), init_py(crlf=True, last_newline=False))
    for n, name in enumerate(('common', 'AniDB', 'AniList', 'AnimeLists', 'FanartTV', 'Local', 'MyAnimeList',
                              'OMDb', 'Plex', 'TVTunes', 'TheMovieDb', 'TheTVDBv2', 'anidb34', 'tvdb4')):
        put(os.path.join(contents, 'Code', name + '.py'), py2_module(name, crlf=n % 2 == 0, last_newline=n % 3 != 0))
    put(os.path.join(contents, 'DefaultPrefs.json'), u'[{"id": "timeout", "type": "text", "default": "10"}]')
    put(os.path.join(contents, 'Resources', 'icon-default.png'), PNG)
    put(os.path.join(contents, 'Resources', 'attribution.png'), PNG[::-1])
    add_support(server, identifier)
    return 'Hama.bundle', identifier


def shared_heavy_agent(server, shared_files=300):
    """Hundreds of files in Libraries/Shared (vendored packages), many Code/ modules."""
    contents = os.path.join(server.plugins, 'PhoenixAdult.bundle', 'Contents')
    identifier = 'com.plexapp.agents.phoenixadult'
    write_plist(contents, identifier)
    put(os.path.join(contents, 'Code', '__init__.py'), init_py())
    for n in range(40):
        put(os.path.join(contents, 'Code', 'site%03d.py' % n), py2_module('site%d' % n, lines=3, crlf=n % 5 == 0))
    packages = ('PIL', 'chardet', 'urllib3', 'requests_toolbelt', 'cloudscraper', 'requests', 'idna', 'certifi')
    for n in range(shared_files):
        package = packages[n % len(packages)]
        name = '__init__.py' if n < len(packages) else 'mod%03d.py' % n
        data = (u'"""vendored %s %d"""\nVALUE = %d\n' % (package, n, n)).encode('utf-8')
        if n % 7 == 0:
            data = data.replace(b'\n', b'\r\n')
        put(os.path.join(contents, 'Libraries', 'Shared', package, name), data)
    put(os.path.join(contents, 'Libraries', 'Shared', 'PIL', '_imaging.so'), PNG * 3)
    add_support(server, identifier)
    return 'PhoenixAdult.bundle', identifier


FAMILY = ('IAFD', 'GEVI', 'AEBN', 'GayEmpire', 'WayBig')


def family_agents(server):
    """A family of bundles, each with its own Code/utils.py and Libraries/Shared, and the helper
    folder _PGMA beside them in Plug-ins (not a bundle). The first member is the one changed."""
    helper = os.path.join(server.plugins, '_PGMA')
    for n in range(30):
        put(os.path.join(helper, 'Genre', 'Blue', 'g%02d.png' % n), PNG[:50 + n])
    put(os.path.join(helper, 'Scripts', 'Rotate.ps1'), b'Write-Host rotate\r\n')
    for member in FAMILY:
        contents = os.path.join(server.plugins, member + '.bundle', 'Contents')
        write_plist(contents, 'com.plexapp.agents.' + member)
        put(os.path.join(contents, 'Code', '__init__.py'), init_py(crlf=member == 'GEVI'))
        put(os.path.join(contents, 'Code', 'utils.py'), py2_module('utils', lines=40))
        for n in range(25):
            put(os.path.join(contents, 'Libraries', 'Shared', 'unidecode', 'x%03x.py' % n),
                (u'data = (%s)\n' % u', '.join(u"'%c'" % (65 + k % 26) for k in range(20))).encode('utf-8'))
        add_support(server, 'com.plexapp.agents.' + member, prefs=member == 'IAFD')
    return 'IAFD.bundle', 'com.plexapp.agents.IAFD'


LAYOUTS = {'sample': sample_agent, 'code_only': code_only_agent, 'shared_heavy': shared_heavy_agent,
           'family': family_agents}


def snapshot(root):
    """relative path -> ('file', sha256, mode) | ('dir', mode) | ('link', target) for everything below root."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, root)
            mode = stat.S_IMODE(os.lstat(full).st_mode)
            if os.path.islink(full):
                found[rel] = ('link', os.readlink(full))
            elif os.path.isdir(full):
                found[rel] = ('dir', mode)
            else:
                with io.open(full, 'rb') as handle:
                    found[rel] = ('file', hashlib.sha256(handle.read()).hexdigest(), mode)
    return found


def differences(before, after):
    """Short description of what differs between two snapshots (for assertion messages)."""
    keys = sorted(set(before) | set(after))
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)][:10]
