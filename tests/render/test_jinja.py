"""Templates: a site's folder overrides the shipped ones by name; a broken one is a ConfigError."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from fnmatch import fnmatch
from pathlib import Path

import pytest
from lxml import html

from feedpub.errors import ConfigError
from feedpub.render.jinja import SHIPPED_TEMPLATES, STYLESHEET_NAME, TEMPLATE_NAMES
from feedpub.render.pages import entry_page, index_page, prepare_templates, stylesheet

from conftest import REPO
from pages_fixtures import FEEDS, HOSTILE_TITLE, SITE, make_entry


def _parse(page: bytes) -> html.HtmlElement:
    return html.document_fromstring(page)


def test_templates_folder_overrides_by_name(tmp_path: Path) -> None:
    (tmp_path / "entry.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="mine">{{ title }}</p>{% endblock %}\n',
        encoding="utf-8",
    )
    (tmp_path / "style.css").write_text("body { color: teal; }\n", encoding="utf-8")
    site = replace(SITE, templates=tmp_path)
    tree = _parse(entry_page(make_entry(), site, FEEDS))
    assert tree.xpath("string(//p[@class='mine'])") == HOSTILE_TITLE  # still autoescaped
    assert tree.xpath("//article") == []
    assert len(tree.xpath("//link[@rel='alternate']")) == 3  # the shipped base.html
    # What the folder does not replace is the shipped template.
    assert _parse(index_page((make_entry(),), site, FEEDS)).xpath("//ol[@class='entries']")
    assert stylesheet(tmp_path) == b"body { color: teal; }\n"
    assert b"mine" not in entry_page(make_entry(), SITE, FEEDS)


def test_a_folder_replacing_only_base_html_changes_entry_pages(tmp_path: Path) -> None:
    # The shipped entry.html extends the site's base.html, whose context still holds Jinja's
    # globals (range here) next to the page's values.
    (tmp_path / "base.html").write_text(
        '<html><body><p class="mine">{% for n in range(2) %}{{ site_title }}{{ n }} {% endfor %}'
        "</p>{% block main %}{% endblock %}</body></html>\n",
        encoding="utf-8",
    )
    tree = _parse(entry_page(make_entry(), replace(SITE, templates=tmp_path), FEEDS))
    assert tree.xpath("string(//p[@class='mine'])") == f"{SITE.title}0 {SITE.title}1 "
    assert tree.xpath("string(//article//h1)") == HOSTILE_TITLE  # the shipped entry.html
    assert tree.xpath("//footer[@class='site']") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ no_such_thing }}\n", "index.html: 'no_such_thing' is undefined"),
        ("{% if %}\n", "index.html:1: Expected an expression"),
    ],
)
def test_broken_site_template_is_a_config_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "index.html").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        index_page((), replace(SITE, templates=tmp_path), FEEDS)
    assert str(caught.value).startswith(f"{tmp_path}: ")
    assert message in str(caught.value)


def test_prepare_templates_reports_a_broken_template_before_any_page(tmp_path: Path) -> None:
    prepare_templates(None)
    prepare_templates(tmp_path)  # an empty folder: every template is the shipped one
    (tmp_path / "base.html").write_text("{% block main %}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r": base\.html:1: Unexpected end of template"):
        prepare_templates(tmp_path)


def test_prepare_templates_picks_up_edited_templates(tmp_path: Path) -> None:
    site = replace(SITE, templates=tmp_path)
    (tmp_path / "index.html").write_text("first\n", encoding="utf-8")
    prepare_templates(tmp_path)
    assert index_page((), site, FEEDS) == b"first\n"
    (tmp_path / "index.html").write_text("second edit\n", encoding="utf-8")
    assert index_page((), site, FEEDS) == b"first\n"  # compiled once: no stat a page
    prepare_templates(tmp_path)
    assert index_page((), site, FEEDS) == b"second edit\n"


def test_prepare_templates_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the templates folder"):
        prepare_templates(tmp_path / "gone")


def test_every_shipped_template_is_installed_with_the_package() -> None:
    shipped = sorted(path.name for path in SHIPPED_TEMPLATES.iterdir())
    assert shipped == sorted((*TEMPLATE_NAMES, STYLESHEET_NAME))
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["feedpub"]
    assert [name for name in shipped if not any(fnmatch(f"templates/{name}", g) for g in globs)] == []
