# -*- coding: utf-8 -*-
"""Every report written as a Data item goes out through here, redacted.

In: a store (runtime.store.FileStore), an item name, and the report as text or as a JSON
document. Out: the item, written atomically, with every secret masked by redact.redact()
(the one redaction function of every output). JSON is streamed in redacted pieces
(redact.json_pieces), so a large snapshot is never held as one string.
"""
from __future__ import absolute_import, division, print_function

from ..redact import json_pieces, redact


def save_text(store, name, text):
    store.save(name, redact(text).encode('utf-8'))


def save_json(store, name, document):
    def write(handle):
        for piece in json_pieces(document):
            handle.write(piece.encode('utf-8'))
    store.save_with(name, write)
