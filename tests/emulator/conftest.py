# -*- coding: utf-8 -*-
"""Fixtures: throw-away app-support folders, emulators that are always stopped, bundle factory."""
from __future__ import absolute_import, division, print_function

import io
import os
import re

import pytest

from harness import plexemu

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, 'fixtures')
BASIC = os.path.join(FIXTURES, 'Basic.bundle')
BASIC_ID = 'com.example.emu.basic'
LINE_RE = re.compile(plexemu.LOG_LINE_RE)

PLIST = u'''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>CFBundleIdentifier</key>
    <string>%(identifier)s</string>
    <key>PlexFrameworkVersion</key>
    <string>2</string>
    <key>PlexPluginClass</key>
    <string>%(klass)s</string>
%(policy)s</dict>
</plist>
'''


def write(path, text):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, 'wb') as handle:
        handle.write(text.encode('utf-8') if not isinstance(text, bytes) else text)


def make_bundle(root, name, code, identifier=None, policy='Elevated', klass='Content', files=None):
    """A bundle on disk: Info.plist + Code/__init__.py (+ other files, path -> text)."""
    bundle = os.path.join(str(root), name + '.bundle')
    policy_xml = (u'    <key>PlexPluginCodePolicy</key>\n    <string>%s</string>\n' % policy) if policy else u''
    write(os.path.join(bundle, 'Contents', 'Info.plist'), PLIST % {
        'identifier': identifier or 'com.example.emu.' + name.lower(), 'klass': klass, 'policy': policy_xml})
    if code is not None:
        write(os.path.join(bundle, 'Contents', 'Code', '__init__.py'), code)
    for rel, text in (files or {}).items():
        write(os.path.join(bundle, 'Contents', rel), text)
    return bundle


def read_text(path):
    with io.open(path, 'rb') as handle:
        return handle.read().decode('utf-8', 'replace')


def log_lines(emu):
    return read_text(emu.log_path).splitlines()


@pytest.fixture
def app_support(tmpdir):
    return os.path.join(str(tmpdir), 'Plex Media Server')


@pytest.fixture
def emulators():
    """Factory: emulators(bundle, app_support, **kw) -> started Emulator, stopped at teardown."""
    made = []

    def factory(bundle, support, start=True, **kwargs):
        emu = plexemu.Emulator(bundle, support, **kwargs)
        made.append(emu)
        if start:
            emu.start()
        return emu

    yield factory
    for emu in made:
        emu.stop()


@pytest.fixture
def basic(emulators, app_support):
    return emulators(BASIC, app_support)
