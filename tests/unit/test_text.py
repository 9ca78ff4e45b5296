# -*- coding: utf-8 -*-
"""text.py: byte-to-text helpers and the two maskers."""
from __future__ import absolute_import, division, print_function

from pleximprovement.text import as_text, decode_bytes, is_placeholder, mask_message, mask_template, mask_url


def test_mask_template():
    assert mask_template(u"id 42 at 'x' http://h/p?q=1 0x7f3a") == u"id <n> at '<*>' <url> <n>"


def test_decode_bytes_decodes_only_bytes():
    assert decode_bytes(b'caf\xc3\xa9 \xff') == u'caf\xe9 \ufffd'
    assert decode_bytes(u'text') == u'text'
    assert decode_bytes(None) is None
    assert decode_bytes(7) == 7


def test_as_text_is_always_text():
    assert as_text(None) == u''
    assert as_text(b'\xff') == u'\ufffd'
    assert as_text(u'x') == u'x'
    assert as_text(12) == u'12'


def test_mask_url_drops_query_and_masks_digits():
    assert mask_url(b'https://api.example.org/3/movie/603?api_key=s3cret#top') == \
        u'https://api.example.org/<n>/movie/<n>'
    assert mask_url(u'http://h/p') == u'http://h/p'


def test_template_is_whitespace_collapsed_and_bounded():
    assert mask_template(u'  a \t b\n') == u'a b'
    assert len(mask_template(u'word ' * 100)) == 200


def test_mask_message():
    assert mask_message("Could not load poster 12 from https://img.example.org/p/12.jpg?s=1") == \
        u'Could not load poster <NUM> from <URL>'
    assert mask_message(u"No match for u'Die Hard (1988)' in \"list\"") == u'No match for <STR> in <STR>'
    assert mask_message('guid 7f4caeffd700 and 0x1f id tt0123456') == u'guid <HEX> and <HEX> id <ID>'
    assert mask_message(b'file /data/x.mkv missing') == u'file <PATH> missing'


def test_a_template_masked_again_keeps_its_placeholders():
    template = mask_template(u"id 42 at 'x' http://h/p?q=1 0x7f3a /a/b/c")
    assert template == u"id <n> at '<*>' <url> <n> <path>"
    assert mask_message(template) == u'id <n> at <STR> <url> <n> <path>'


def test_placeholders_of_both_maskers():
    for token in (u'<n>', u'<url>', u'<NUM>', u'<STR>', u'<*>'):
        assert is_placeholder(token), token
    for token in (u"'<*>'", u'<n', u'n', u'<a b>', u'<1>'):
        assert not is_placeholder(token), token
