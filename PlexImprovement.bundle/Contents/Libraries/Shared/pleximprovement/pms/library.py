# -*- coding: utf-8 -*-
"""What the server knows about its libraries: the server itself, sections, items.

In: a PmsClient. Out: plain dicts (text values are unicode on 2.7 and 3 alike), so the
trial, reports and tests handle them without the XML:

    server(client)                   {'machine_identifier', 'version', 'name'} (GET /; checks
                                     the token, unlike /identity)
    sections(client)                 [{'id', 'title', 'type', 'agent', 'scanner', 'language',
                                       'refreshing', 'locations'}]
    items(client, section_id, unmatched=False, media_type=None, page_size=100)
                                     [item] of a section, every page (X-Plex-Container-Start/
                                     Size); unmatched=True asks for `unmatched=1` only
    item(client, rating_key)         one item (GET /library/metadata/<id>) or None when the
                                     server has no such item

An item dict: 'rating_key', 'key', 'type', 'guid', 'guid_agent' (the guid's scheme: an agent
identifier, 'local' for an unmatched item of a legacy-agent library, 'plex' for the new
agents), 'matched', 'title', 'year' (int or None), 'has_summary', 'has_poster' (a thumb is
set), 'updated_at', 'added_at' (epoch seconds or None), 'files' (the media parts' paths),
'file' (the first, or None) and 'section_id'. updated_since(before, after) compares two
readings of one item.
"""
from __future__ import absolute_import, division, print_function

from ..text import as_text
from .client import quote_part

ITEM_TAGS = ('Video', 'Directory', 'Photo', 'Track')
# Guid schemes that mean "no agent matched this item" (plex-runtime.md 7.2: local://).
UNMATCHED_SCHEMES = ('local', 'none', '')
DEFAULT_PAGE_SIZE = 100
# A server that ignores paging would hand out the same page forever; stop after this many.
MAX_PAGES = 10000


def attr(node, name):
    """An attribute as unicode, or None when absent or empty."""
    value = node.get(name)
    if value is None or value == '':
        return None
    return as_text(value)


def number(node, name):
    value = node.get(name)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def guid_agent(guid):
    """The part of a guid before '://' (u'com.plexapp.agents.imdb', u'local', u'plex'); None
    when there is no guid."""
    if not guid:
        return None
    return guid.split(u'://', 1)[0] if u'://' in guid else u''


def parse_item(node, section_id=None):
    """The item dict of one <Video>/<Directory> element (see the module docstring)."""
    guid = attr(node, 'guid')
    scheme = guid_agent(guid)
    files = [as_text(part.get('file')) for part in node.iter('Part') if part.get('file')]
    return {
        'rating_key': attr(node, 'ratingKey'),
        'key': attr(node, 'key'),
        'type': attr(node, 'type'),
        'guid': guid,
        'guid_agent': scheme,
        'matched': scheme is not None and scheme not in UNMATCHED_SCHEMES,
        'title': attr(node, 'title'),
        'year': number(node, 'year'),
        'has_summary': attr(node, 'summary') is not None,
        'has_poster': attr(node, 'thumb') is not None,
        'updated_at': number(node, 'updatedAt'),
        'added_at': number(node, 'addedAt'),
        'files': files,
        'file': files[0] if files else None,
        'section_id': attr(node, 'librarySectionID') or section_id,
    }


def updated_since(before, after):
    """True when item dict `after`'s updatedAt is later than `before`'s (PMS moves it when a
    refresh wrote the item; whole seconds)."""
    if after is None or after.get('updated_at') is None:
        return False
    return before.get('updated_at') is None or after['updated_at'] > before['updated_at']


def children(root):
    return [node for node in root if node.tag in ITEM_TAGS]


def server(client):
    root = client.xml('/')
    return {'machine_identifier': attr(root, 'machineIdentifier'), 'version': attr(root, 'version'),
            'name': attr(root, 'friendlyName')}


def sections(client):
    root = client.xml('/library/sections')
    found = []
    for node in root.findall('Directory'):
        found.append({
            'id': attr(node, 'key'),
            'title': attr(node, 'title'),
            'type': attr(node, 'type'),
            'agent': attr(node, 'agent'),
            'scanner': attr(node, 'scanner'),
            'language': attr(node, 'language'),
            'refreshing': node.get('refreshing') == '1',
            'locations': [as_text(loc.get('path')) for loc in node.findall('Location') if loc.get('path')],
        })
    return found


def items(client, section_id, unmatched=False, media_type=None, page_size=DEFAULT_PAGE_SIZE):
    """Every item of a section, page by page, in the server's order (no duplicates)."""
    path = '/library/sections/%s/all' % quote_part(section_id)
    section = as_text(section_id)
    found = []
    seen = set()
    start = 0
    for _page in range(MAX_PAGES):
        params = {'X-Plex-Container-Start': start, 'X-Plex-Container-Size': page_size,
                  'type': media_type, 'unmatched': 1 if unmatched else None}
        root = client.xml(path, params)
        section = attr(root, 'librarySectionID') or section
        page = children(root)
        added = 0
        for node in page:
            entry = parse_item(node, section)
            if entry['rating_key'] in seen:
                continue
            seen.add(entry['rating_key'])
            found.append(entry)
            added += 1
        total = number(root, 'totalSize')
        start += len(page)
        if not added or len(page) != page_size or (total is not None and start >= total):
            break
    return found


def item(client, rating_key):
    root = client.xml('/library/metadata/%s' % quote_part(rating_key), allow=(404,))
    if root is None:
        return None
    nodes = children(root)
    if not nodes:
        return None
    return parse_item(nodes[0], attr(root, 'librarySectionID'))
