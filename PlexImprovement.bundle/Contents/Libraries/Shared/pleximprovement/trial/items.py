# -*- coding: utf-8 -*-
"""Which library items a trial refreshes.

In: the last diagnosis (diagnose/diagnosis.py: its findings name the items they saw in the
logs, with the file name and title the agent was given), the agent, the fix, the items of the
server's libraries (pms/library.py) and a limit (the test_items_per_fix pref, or --items).
Out: up to `limit` entries {'item': item dict, 'source': 'finding' | 'unmatched', 'ref': the
finding's item ref or None}:

1. the items the targeted findings name -- the findings the diagnosis's proposal of this fix
   for this agent addresses; without such a proposal, the agent's findings of a kind the fix
   covers (fixes/catalog.py), else all of the agent's findings -- matched to library items: a
   ref of a search (it has the hints' file name or title) by file name (case folded, any
   folder), else by title and year, else by its id (the hints' id is the ratingKey); a ref of
   an update (only the id of the guid it updated) by the id in the item's guid;
2. then, up to the limit, the unmatched items of the sections that use the agent, in the
   server's order: items the agent fails on today, where a fix can show.
"""
from __future__ import absolute_import, division, print_function

import os

from ..fixes import catalog
from ..pms import library
from ..text import as_text

try:  # Python 2.7 (Plex)
    from urllib import unquote
except ImportError:  # Python 3
    from urllib.parse import unquote

FINDING = 'finding'
UNMATCHED = 'unmatched'


def targeted_findings(diagnosis, agent, fix_id):
    """The findings of `agent` the fix is tested on (see the module docstring, step 1)."""
    findings = [f for f in (diagnosis or {}).get('findings') or [] if f.get('agent') == agent]
    addressed = set()
    for proposal in (diagnosis or {}).get('fixes') or []:
        if proposal.get('agent') == agent and proposal.get('fix_id') == fix_id:
            addressed.update(proposal.get('addresses') or ())
    chosen = [f for f in findings if f.get('id') in addressed]
    if not chosen and fix_id in catalog.BY_ID:
        spec = catalog.BY_ID[fix_id]
        chosen = [f for f in findings if spec.coverage(f.get('kind')) > 0]
    return chosen or findings


def finding_refs(diagnosis, agent, fix_id):
    """The item refs of the targeted findings, most frequent finding first, each once."""
    refs = []
    seen = set()
    for finding in targeted_findings(diagnosis, agent, fix_id):
        for ref in finding.get('items') or ():
            key = ref.get('key') or (ref.get('filename'), ref.get('name'))
            if key not in seen:
                seen.add(key)
                refs.append(ref)
    return refs


def file_key(path):
    """A file name compared across the log and the library: its base name, unquoted, case folded."""
    if not path:
        return None
    text = as_text(path)
    if u'%' in text:
        text = as_text(unquote(text.encode('utf-8') if str is bytes else text))
    return os.path.basename(text.replace(u'\\', u'/')).lower() or None


def title_key(title, year):
    return (as_text(title).strip().lower(), int(year) if year else None) if title else None


def guid_id(guid):
    """The id of an agent guid ('agent://<id>?lang=en' -> '<id>'); None for none."""
    if not guid or u'://' not in guid:
        return None
    return guid.split(u'://', 1)[1].split(u'?', 1)[0]


def find(ref, by_file, by_title, by_key, by_guid):
    """The library item one finding ref names, or None (see the module docstring)."""
    ref_id = as_text(ref['id']) if ref.get('id') is not None else None
    if not ref.get('filename') and not ref.get('name'):
        return by_guid.get(ref_id)
    item = by_file.get(file_key(ref.get('filename'))) if ref.get('filename') else None
    if item is None and ref.get('name'):
        item = by_title.get(title_key(ref['name'], ref.get('year'))) or by_title.get(title_key(ref['name'], None))
    return item if item is not None else by_key.get(ref_id)


def match(refs, items):
    """[(item, ref)] for every ref a library item answers to (each item once, refs' order)."""
    by_file = {}
    by_title = {}
    by_guid = {}
    for item in items:
        for path in item.get('files') or ():
            by_file.setdefault(file_key(path), item)
        by_title.setdefault(title_key(item.get('title'), item.get('year')), item)
        by_title.setdefault(title_key(item.get('title'), None), item)
        if item.get('matched'):
            by_guid.setdefault(guid_id(item.get('guid')), item)
    by_key = dict((item['rating_key'], item) for item in items)
    found = []
    taken = set()
    for ref in refs:
        item = find(ref, by_file, by_title, by_key, by_guid)
        if item is not None and item['rating_key'] not in taken:
            taken.add(item['rating_key'])
            found.append((item, ref))
    return found


def agent_sections(client, agent):
    return [s for s in library.sections(client) if s['agent'] == agent]


def choose(client, agent, fix_id, diagnosis, limit):
    """The trial's items (see the module docstring); PmsErrors pass through."""
    sections = agent_sections(client, agent)
    every = []
    for section in sections:
        every.extend(library.items(client, section['id']))
    chosen = [{'item': item, 'source': FINDING, 'ref': ref}
              for item, ref in match(finding_refs(diagnosis, agent, fix_id), every)][:limit]
    taken = set(entry['item']['rating_key'] for entry in chosen)
    for item in every:
        if len(chosen) >= limit:
            break
        if not item['matched'] and item['rating_key'] not in taken:
            taken.add(item['rating_key'])
            chosen.append({'item': item, 'source': UNMATCHED, 'ref': None})
    return chosen, sections
