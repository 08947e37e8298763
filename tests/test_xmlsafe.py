"""The hardened XML parser and its policy for named entities of an undeclared DTD."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stdbench.errors import ReaderError
from stdbench.readers.xmlsafe import _ANY_NAMED, _has_named_reference, parse_xml_bytes


def _text(doc: bytes) -> str:
    return parse_xml_bytes(doc, file="t.xml").xpath("string()")


def test_html_named_entities_become_characters():
    doc = b'<!DOCTYPE standard SYSTEM "NISO-STS-interchange-1-mathml3.dtd"><p>15&nbsp;%&mdash;&plusmn;2&times;10</p>'
    assert _text(doc) == "15\u00a0%—±2×10"


def test_without_doctype_known_names_still_read():
    assert _text(b"<p>a&nbsp;b&le;0.2</p>") == "a\u00a0b≤0.2"


def test_unknown_name_under_a_doctype_is_kept_literally():
    doc = b'<!DOCTYPE p SYSTEM "x.dtd"><p>a<i>b</i>&madeup;c</p>'
    assert _text(doc) == "ab&madeup;c"


def test_unknown_name_without_doctype_is_an_error_with_line():
    with pytest.raises(ReaderError) as err:
        parse_xml_bytes(b"<p>\n&madeup;</p>", file="t.xml")
    assert str(err.value).startswith("t.xml: line 2: malformed XML")


def test_cdata_comments_and_builtins_untouched():
    assert _text(b"<p>&amp;&lt;&#169;<![CDATA[&nbsp;]]><!-- &mdash; --></p>") == "&<©&nbsp;"


def test_internal_entity_declarations_refused():
    bomb = b'<!DOCTYPE p [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><p>&b;</p>'
    with pytest.raises(ReaderError, match="declares entities"):
        parse_xml_bytes(bomb, file="bomb.xml")


def test_external_entity_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    doc = f'<!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]><p>&x;</p>'.encode()
    with pytest.raises(ReaderError) as err:
        parse_xml_bytes(doc, file="xxe.xml")
    assert "TOP-SECRET" not in str(err.value)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"&", b"amp;", b"lt;", b"gt;", b"#", b"x", b"nbsp;", b"apos;", b"quot;", b";",
                                 b" ", b"<p>"]), max_size=40))
def test_named_reference_scan_agrees_with_the_pattern(parts):
    """The fast ``&`` scan says "named reference present" exactly when the regular expression does."""
    data = b"".join(parts)
    assert _has_named_reference(data) == (_ANY_NAMED.search(data) is not None)


def test_named_reference_scan_after_many_ampersands():
    """Past a thousand ``&amp;`` the scan hands over to the expression and still finds the one ``&nbsp;``."""
    assert _has_named_reference(b"&amp;" * 5000 + b"&nbsp;")
    assert not _has_named_reference(b"&amp;&#38;" * 3000)
