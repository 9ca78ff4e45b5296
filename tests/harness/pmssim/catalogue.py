# -*- coding: utf-8 -*-
"""A deterministic catalogue of movies with messy real-world file names.

The simulated server needs a library whose file names look like the ones users really
have (scene release names, years in brackets, "Studio - Title", accents, ...), and the fake
site needs to know which clean title each item stands for. Both come from here, from one
seed, so a run can be repeated item for item. What the server stores about each file once
scanned is library.py's SimItem.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import json
import random
import re
import sys
import unicodedata

try:  # pragma: no cover - 2.7 only
    text_type = unicode  # noqa: F821
except NameError:
    text_type = str

DEFAULT_SIZE = 300
LIBRARY_ROOT = u'/data/movies'

ADJECTIVES = [
    u'Silent', u'Crimson', u'Last', u'Broken', u'Hidden', u'Golden', u'Frozen', u'Wild',
    u'Lonely', u'Distant', u'Burning', u'Hollow', u'Midnight', u'Electric', u'Savage',
    u'Quiet', u'Endless', u'Secret', u'Bitter', u'Northern', u'Iron', u'Velvet', u'Scarlet',
    u'Paper', u'Glass', u'Restless', u'Forgotten', u'Black', u'Blue', u'Little', u'Lost',
    u'Dark', u'Bright', u'Cold', u'Sweet', u'Final', u'Hungry', u'Open', u'Stolen', u'Pale',
]
NOUNS = [
    u'River', u'Empire', u'Garden', u'Harbor', u'Mountain', u'Witness', u'Stranger',
    u'Kingdom', u'Horizon', u'Signal', u'Shadow', u'Orchard', u'Frontier', u'Lantern',
    u'Circus', u'Voyage', u'Station', u'Winter', u'Desert', u'Island', u'Machine', u'Promise',
    u'Letter', u'Summer', u'Engine', u'Bridge', u'Crown', u'Tide', u'Highway', u'Mirror',
    u'Compass', u'Orchestra', u'Harvest', u'Canyon', u'Falcon', u'Comet', u'Anthem',
    u'Ballad', u'Fortress', u'Meadow', u'Lighthouse', u'Carnival', u'Saint', u'Rebel',
]
NAMES = [u'Johnny', u'Rosa', u'Walter', u'Eddie', u'Mabel', u'Frank', u'Ingrid', u'Otto',
         u'Nora', u'Billy', u'Clara', u'Hugo']
PLACES = [u'Paris', u'Tokyo', u'Berlin', u'Brooklyn', u'Havana', u'Rome', u'Texas',
          u'Alaska', u'Vienna', u'Lisbon', u'Cairo', u'Oslo']
ACCENTED = [u'Café', u'Señorita', u'Déjà Vu', u'Amélie', u'Über', u'Naïve', u'Crème',
            u'Fiancée', u'Mañana', u'Façade', u'Piñata', u'Résumé', u'Soirée', u'Château',
            u'Noël', u'Björk', u'Zoë', u'Forêt']
NON_LATIN = [u'Сибирь', u'東京の夜', u'Ωκεανός', u'北の国から', u'Москва', u'서울의 밤',
             u'Белые ночи', u'風の谷', u'Άνεμος', u'Зима', u'夏の庭', u'바다']
ARTICLES = [u'The', u'A', u'An']
STUDIOS = [u'Paramount', u'Ghibli', u'Criterion', u'A24', u'Gaumont', u'Pathe', u'Toho',
           u'Hammer', u'Orion', u'Cannon']
GENRES = [u'Drama', u'Comedy', u'Thriller', u'Horror', u'Western', u'Documentary',
          u'Romance', u'Science Fiction', u'Animation', u'Crime', u'Adventure', u'Mystery']
EXTENSIONS = [u'mkv', u'mkv', u'mkv', u'mp4', u'mp4', u'avi', u'm4v']
RESOLUTIONS = [u'1080p', u'720p', u'2160p', u'480p']
SOURCES = [u'BluRay', u'WEB-DL', u'BRRip', u'HDTV', u'DVDRip', u'WEBRip', u'REMUX']
CODECS = [u'x264', u'x265', u'H.264', u'HEVC', u'XviD']
GROUPS = [u'SPARKS', u'YIFY', u'RARBG', u'FGT', u'NTb', u'EVO', u'CMRG']

# Title shapes and how often they occur (weights). The shape decides what makes the title
# hard for a naive search: punctuation, accents, a leading article, another script.
TITLE_SHAPES = [
    ('plain', 50), ('punctuated', 20), ('article', 15), ('accented', 9), ('non_latin', 6),
]
# File name styles and how often users have them. Only the first three keep the title
# alone; the rest add a year, release tags, a studio or move the article.
NAME_STYLES = [
    ('plain', 14), ('dotted', 7), ('underscored', 5), ('year_paren', 18), ('year_bracket', 8),
    ('scene', 20), ('web', 8), ('studio', 8), ('article_moved', 5), ('lower_year', 7),
]

APOSTROPHES_RE = re.compile(u"[\u0027\u2019\u02bc]", re.UNICODE)
NON_WORD_RE = re.compile(r'[\W_]+', re.UNICODE)
SPACES_RE = re.compile(r'\s+', re.UNICODE)
YEAR_RE = re.compile(r'(?:^|[\s._(\[-])((?:19|20)\d\d)(?=$|[\s._)\]-])', re.UNICODE)


def fold_accents(text):
    """Drops combining marks (é -> e) but keeps letters of other scripts (Cyrillic, kana)."""
    decomposed = unicodedata.normalize('NFKD', text_type(text))
    return u''.join(c for c in decomposed if not unicodedata.combining(c))


def clean_key(title):
    """The form the fake site indexes a title by: no accents, punctuation or case.

    Apostrophes vanish ("Ocean's" -> "oceans"), every other non-word run becomes one space.
    """
    text = fold_accents(title).lower()
    text = APOSTROPHES_RE.sub(u'', text)
    text = NON_WORD_RE.sub(u' ', text)
    return SPACES_RE.sub(u' ', text).strip()


def strip_article(key):
    """A clean key without its leading English article, which the site also accepts."""
    for article in (u'the ', u'a ', u'an '):
        if key.startswith(article) and len(key) > len(article):
            return key[len(article):]
    return key


def scanner_title(file_name):
    """What the simulated 'Plex Video Files Scanner' makes of a file name.

    That scanner (the one "Other Videos" libraries and most scene/adult agents use) keeps
    the file name as the title: extension dropped, dots and underscores turned into
    spaces, nothing else removed. A year it can see is offered as the year hint.
    Returns (title, year or None).
    """
    base = file_name
    if u'.' in base:
        stem, ext = base.rsplit(u'.', 1)
        if 2 <= len(ext) <= 4 and ext.isalnum():
            base = stem
    year = None
    found = YEAR_RE.findall(base)
    if found:
        year = int(found[-1])
    title = base.replace(u'.', u' ').replace(u'_', u' ')
    return SPACES_RE.sub(u' ', title).strip(), year


class SiteEntry(object):
    """What the fake metadata site holds about one title."""

    def __init__(self, site_id, title, year, summary, genres, rating):
        self.site_id = site_id
        self.title = title
        self.year = year
        self.summary = summary
        self.genres = list(genres)
        self.rating = rating

    @property
    def key(self):
        return clean_key(self.title)

    def as_dict(self):
        return {'site_id': self.site_id, 'title': self.title, 'year': self.year,
                'summary': self.summary, 'genres': list(self.genres), 'rating': self.rating}


class CatalogueItem(object):
    """One movie file of the library, and the truth about it."""

    def __init__(self, index, title, year, file_name, shape, style, site):
        self.index = index            # 0-based position in the catalogue
        self.title = title            # the real, clean title (may have punctuation)
        self.year = year
        self.file_name = file_name
        self.shape = shape            # title shape (plain, punctuated, ...)
        self.style = style            # file name style (scene, studio, ...)
        self.site = site              # SiteEntry or None when the site lacks the title
        self.scanned_title, self.scanned_year = scanner_title(file_name)

    @property
    def path(self):
        return LIBRARY_ROOT + u'/' + self.file_name

    @property
    def clean_key(self):
        return clean_key(self.title)

    @property
    def naive_query_matches(self):
        """True when searching the scanned title as-is would find it on the site."""
        if self.site is None:
            return False
        query = SPACES_RE.sub(u' ', self.scanned_title.lower()).strip()
        key = self.site.key
        return query in (key, strip_article(key))

    def as_dict(self):
        return {'index': self.index, 'title': self.title, 'year': self.year,
                'file_name': self.file_name, 'shape': self.shape, 'style': self.style,
                'scanned_title': self.scanned_title, 'scanned_year': self.scanned_year,
                'site': self.site.as_dict() if self.site else None}


class StableRandom(object):
    """random.Random restricted to random(), which gives the same numbers on 2.7 and 3.

    Python 3 changed choice/randint/sample/shuffle, so using them would make the same seed
    give a different library under each interpreter.
    """

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def random(self):
        return self.rng.random()

    def randint(self, low, high):
        return low + int(self.rng.random() * (high - low + 1))

    def choice(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def uniform(self, low, high):
        return low + (high - low) * self.rng.random()

    def shuffle(self, seq):
        for i in range(len(seq) - 1, 0, -1):
            j = int(self.rng.random() * (i + 1))
            seq[i], seq[j] = seq[j], seq[i]

    def sample(self, seq, count):
        pool = list(seq)
        self.shuffle(pool)
        return pool[:count]


def weighted_choice(rng, pairs):
    total = 0
    for _name, weight in pairs:
        total += weight
    pick = rng.uniform(0, total)
    upto = 0
    for name, weight in pairs:
        upto += weight
        if pick <= upto:
            return name
    return pairs[-1][0]


def make_title(rng, shape):
    """A synthetic title of the given shape (kept free of real film titles on purpose)."""
    adj, noun, noun2 = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
    if shape == 'plain':
        form = rng.randint(0, 3)
        if form == 0:
            return u'%s %s' % (adj, noun)
        if form == 1:
            return u'%s of the %s' % (noun, noun2)
        if form == 2:
            return u'%s in %s' % (noun, rng.choice(PLACES))
        return u'%s %s %s' % (adj, noun, rng.choice([u'Blues', u'Story', u'Nights', u'Road']))
    if shape == 'punctuated':
        form = rng.randint(0, 5)
        if form == 0:
            return u'%s: %s %s' % (noun, adj, noun2)
        if form == 1:
            return u'%s-%s' % (adj, noun)
        if form == 2:
            return u"%s's %s" % (rng.choice(NAMES), noun)
        if form == 3:
            return u'%s & %s' % (noun, noun2)
        if form == 4:
            return u'%s, %s!' % (noun, rng.choice(NAMES))
        return u'Mr. %s and the %s' % (rng.choice(NAMES), noun)
    if shape == 'article':
        article = rng.choice(ARTICLES)
        if article == u'An':
            adj = rng.choice([u'Endless', u'Iron', u'Open', u'Electric', u'Empty', u'Old'])
        return u'%s %s %s' % (article, adj, noun)
    if shape == 'accented':
        word = rng.choice(ACCENTED)
        if rng.random() < 0.5:
            return u'%s %s' % (word, noun)
        return u'%s %s' % (adj, word)
    return rng.choice(NON_LATIN)


def moved_article(title):
    """'The Last Station' -> 'Last Station, The' (how some people sort their files)."""
    for article in ARTICLES:
        prefix = article + u' '
        if title.startswith(prefix):
            return u'%s, %s' % (title[len(prefix):], article)
    return title


def make_file_name(rng, title, year, style):
    ext = rng.choice(EXTENSIONS)
    # File names cannot hold a few characters on common file systems.
    title = title.replace(u':', u' -').replace(u'/', u'-').replace(u'?', u'')
    dotted = title.replace(u' ', u'.')
    if style == 'plain':
        base = title
    elif style == 'dotted':
        base = dotted
    elif style == 'underscored':
        base = title.replace(u' ', u'_')
    elif style == 'year_paren':
        base = u'%s (%d)' % (title, year)
    elif style == 'year_bracket':
        base = u'%s [%d]' % (title, year)
    elif style == 'scene':
        base = u'%s.%d.%s.%s.%s-%s' % (dotted, year, rng.choice(RESOLUTIONS), rng.choice(SOURCES),
                                       rng.choice(CODECS), rng.choice(GROUPS))
    elif style == 'web':
        base = u'%s %d %s %s' % (title, year, rng.choice(SOURCES), rng.choice(RESOLUTIONS))
    elif style == 'studio':
        base = u'%s - %s (%d)' % (rng.choice(STUDIOS), title, year)
    elif style == 'article_moved':
        base = u'%s (%d)' % (moved_article(title), year)
    else:  # lower_year
        base = u'%s.%d' % (dotted.lower(), year)
    return u'%s.%s' % (base, ext)


def make_summary(rng, title):
    words = [u'A', rng.choice(ADJECTIVES).lower(), u'story about', rng.choice(NOUNS).lower(),
             u'and', rng.choice(NOUNS).lower() + u'.']
    return u'%s: %s' % (title, u' '.join(words))


class Catalogue(object):
    """The catalogue: items in ratingKey order plus the site's holdings.

    `site_missing_rate` is the share of titles the site does not know at all (no agent
    can match those, which keeps a realistic ceiling below 100 %).
    """

    def __init__(self, seed=1, size=DEFAULT_SIZE, site_missing_rate=0.04):
        self.seed = seed
        self.size = size
        rng = StableRandom(seed)
        self.items = []
        self.site_entries = []
        used_keys = set()
        used_files = set()
        non_latin = list(NON_LATIN)
        rng.shuffle(non_latin)
        index = 0
        attempts = 0
        while len(self.items) < size:
            attempts += 1
            if attempts > size * 50:
                raise ValueError('cannot make %d distinct titles' % size)
            shape = weighted_choice(rng, TITLE_SHAPES)
            if shape == 'non_latin':
                if not non_latin:
                    continue
                title = non_latin.pop()
            else:
                title = make_title(rng, shape)
            key = clean_key(title)
            if not key or key in used_keys or strip_article(key) in used_keys:
                continue
            year = rng.randint(1950, 2023)
            style = weighted_choice(rng, NAME_STYLES)
            if style == 'article_moved' and shape != 'article':
                style = 'year_paren'
            file_name = make_file_name(rng, title, year, style)
            if file_name in used_files:
                continue
            used_keys.add(key)
            used_keys.add(strip_article(key))
            used_files.add(file_name)
            site = None
            if rng.random() >= site_missing_rate:
                site = SiteEntry(site_id=u'%d' % (1000 + index * 7 + rng.randint(0, 6)),
                                 title=title, year=year, summary=make_summary(rng, title),
                                 genres=rng.sample(GENRES, rng.randint(1, 3)),
                                 rating=int(rng.uniform(30, 95)) / 10.0)
                self.site_entries.append(site)
            self.items.append(CatalogueItem(index, title, year, file_name, shape, style, site))
            index += 1

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def fingerprint(self):
        """A digest of the whole catalogue, to show two runs produced the same library."""
        digest = hashlib.sha1()
        for item in self.items:
            digest.update(item.file_name.encode('utf-8'))
            digest.update(b'|')
            digest.update((item.site.site_id if item.site else u'-').encode('utf-8'))
            digest.update(b'\n')
        return digest.hexdigest()

    def stats(self):
        """Counts by shape and style, and how many a naive exact search would find."""
        shapes, styles = {}, {}
        naive = 0
        for item in self.items:
            shapes[item.shape] = shapes.get(item.shape, 0) + 1
            styles[item.style] = styles.get(item.style, 0) + 1
            if item.naive_query_matches:
                naive += 1
        return {'size': len(self.items), 'shapes': shapes, 'styles': styles,
                'on_site': len(self.site_entries), 'naive_matches': naive}


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    lib = Catalogue(seed=seed)
    for item in lib.items[:25]:
        print(item.file_name.encode('utf-8').decode('utf-8'), '->', item.scanned_title,
              item.scanned_year)
    print(json.dumps(lib.stats(), sort_keys=True))


if __name__ == '__main__':
    main()
