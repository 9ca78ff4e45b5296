# -*- coding: utf-8 -*-
"""menu/icons.py: each icon it names is a PNG in Contents/Resources, drawn by tools/make_icons.py."""
from __future__ import absolute_import, division, print_function

import io
import os
import struct

import make_icons
from pleximprovement.menu import icons
from pleximprovement.names import CONTENTS_DIR


def test_every_named_icon_is_a_committed_png_the_tool_draws():
    for key, name in icons.ICONS.items():
        path = os.path.join(CONTENTS_DIR, 'Resources', name)
        with io.open(path, 'rb') as handle:
            data = handle.read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n' and data[12:16] == b'IHDR', name
        assert struct.unpack('>II', data[16:24]) == (make_icons.SIZE, make_icons.SIZE)
        assert key in make_icons.GLYPHS


def test_the_committed_image_is_what_the_tool_draws():
    with io.open(os.path.join(CONTENTS_DIR, 'Resources', icons.ICONS['MENU_STOP']), 'rb') as handle:
        assert handle.read() == make_icons.draw('MENU_STOP')


def test_unknown_keys_have_no_icon():
    assert icons.icon_for('MENU_STATUS') == 'icon-status.png' and icons.icon_for('MENU_PREFERENCES') is None
