# -*- coding: utf-8 -*-
"""The search overlays: safe decoding of media names and title variants.

In: the enabled overlays' parameters and the Agent kit, whose base classes (Agent.Movies...) have the
agent's classes as subclasses. Out: each agent class's search replaced by a wrapper with the same
parameter names and defaults (the framework passes manual=, primary=, tree= only to a search that names
them). The wrapper repairs the media names, calls the agent's search, and while the results object got
nothing appended searches again with the next title variant, logging each one; the media object gets
its names back afterwards. An exception of the agent's first search reaches the framework as before.
"""
from __future__ import absolute_import, division, print_function

import inspect

from .names import TEXT, as_text, repair_name, title_variants
from .overlay_sandbox import argspec

# The search hint holding the title, by Agent kit base class (Media.* attributes in api/agentkit.py).
TITLE_ATTRIBUTES = (('TV_Shows', 'show'), ('Album', 'album'), ('Artist', 'artist'), ('Movies', 'name'),
                    ('Photos', 'name'))
NAME_ATTRIBUTES = ('name', 'show', 'album', 'artist', 'title')
WRAPPER_SOURCE = 'def search(%s):\n    return pleximprovement_run((%s), %s, %s)\n'


def search_wrapper(original, run):
    """A function with `original`'s parameters that calls run(positional, varargs, keywords), or None."""
    spec = argspec(original)
    if spec is None:
        return None
    names, varargs, varkw, defaults = spec
    params = list(names) + (['*' + varargs] if varargs else []) + (['**' + varkw] if varkw else [])
    source = WRAPPER_SOURCE % (', '.join(params), ''.join(name + ', ' for name in names), varargs or '()',
                               varkw or '{}')
    namespace = {'pleximprovement_run': run}
    exec(compile(source, '<pleximprovement_overlay search>', 'exec'), namespace)
    wrapper = namespace['search']
    wrapper.__defaults__ = defaults
    wrapper.pleximprovement_overlay = True
    return wrapper


class Searches(object):
    """safe_decoding and title_variants (each None when off) around an agent's search."""

    def __init__(self, config, log):
        self.variants = config.get('title_variants')
        self.decoding = config.get('safe_decoding')
        self.log = log

    def run(self, original, attribute, positional, keywords):
        plan = self.log.guarded('search', self.prepare, positional)
        if plan is None:
            return original(*positional, **keywords)
        media, saved = plan[1], plan[3]
        try:
            value = original(*positional, **keywords)
            self.log.guarded('title_variants', self.try_variants, original, attribute, positional, keywords, plan)
            return value
        finally:
            for name, old in saved.items():
                setattr(media, name, old)

    def prepare(self, positional):
        """(results, media, number of results, {attribute: value before}) with the media names repaired."""
        version = getattr(positional[0], 'version', 0) or 0
        index = 3 if version > 0 else 2  # (self, results, tree, hints, lang) / (self, results, media, lang)
        if len(positional) <= index:
            return None
        results, media = positional[1], positional[index]
        before, saved = len(results), {}
        for name in NAME_ATTRIBUTES if self.decoding else ():
            value = vars(media).get(name)
            if isinstance(value, (bytes, TEXT)) and value:
                fixed = repair_name(value, self.decoding)
                if fixed != value:
                    saved[name] = value
                    setattr(media, name, fixed)
                    self.log.write('Info', "safe_decoding: media %s %r repaired to '%s'", name, value,
                                   as_text(fixed))
        return results, media, before, saved

    def try_variants(self, original, attribute, positional, keywords, plan):
        """Search with each variant of the title until one appends a result."""
        results, media, before, saved = plan
        value = vars(media).get(attribute)
        if not self.variants or len(results) != before or not isinstance(value, (bytes, TEXT)) or not value:
            return
        name = as_text(value)
        variants = title_variants(name, self.variants['strategies'].split(','), self.variants['max_variants'])
        for number, variant in enumerate(variants, 1):
            self.log.write('Info', "title_variants: no result for '%s'; searching '%s' (variant %d of %d)", name,
                           variant, number, len(variants))
            saved.setdefault(attribute, value)
            setattr(media, attribute, variant if isinstance(value, TEXT) else variant.encode('utf-8'))
            try:
                original(*positional, **keywords)
            except Exception as exc:
                self.log.write('Info', "title_variants: the search for '%s' raised %s: %s", variant,
                               type(exc).__name__, exc)
                continue
            if len(results) > before:
                self.log.write('Info', "title_variants: '%s' found %d result(s)", variant, len(results) - before)
                return
        if variants:
            self.log.write('Info', "title_variants: no result for '%s' with any of %d variants", name,
                           len(variants))


def agent_classes(agent_kit):
    """(class, title attribute, kit base) for every class below the Agent kit's bases, parents first."""
    out, seen = [], set()
    for base_name, attribute in TITLE_ATTRIBUTES:
        base = getattr(agent_kit, base_name, None)
        queue = list(base.__subclasses__()) if isinstance(base, type) else []
        while queue:
            cls = queue.pop(0)
            if cls not in seen:
                seen.add(cls)
                out.append((cls, attribute, base))
                queue.extend(cls.__subclasses__())
    return out


def search_patches(searches, agent_kit):
    """[(class, 'search', wrapper)] for the agent classes whose search the kit did not define and
    the overlay has not wrapped yet (a subclass inheriting a wrapped search keeps it)."""
    patches, wrapped = [], []
    for cls, attribute, base in agent_classes(agent_kit):
        owner = next((k for k in cls.__mro__ if 'search' in vars(k)), None)
        original = vars(owner)['search'] if owner is not None else None
        if owner is None or owner in base.__mro__ or not inspect.isfunction(original) or \
                getattr(original, 'pleximprovement_overlay', False) or original in wrapped:
            continue

        def run(positional, varargs, keywords, original=original, attribute=attribute):
            return searches.run(original, attribute, tuple(positional) + tuple(varargs), keywords)
        wrapper = search_wrapper(original, run)
        if wrapper is not None:
            wrapped.append(original)
            patches.append((cls, 'search', wrapper))
    return patches
