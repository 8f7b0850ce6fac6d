"""The Jinja2 environment the pages are rendered with: the shipped templates, overridden by
name by a site's folder, compiled once a process (issue 12).

Autoescape is on, so every value a template prints is escaped unless it is ``Markup``; an
undefined name is an error (``StrictUndefined``), never an empty string. A template of a
site's folder that fails is the user's mistake: a ConfigError naming the file.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
)

from feedpub.errors import ConfigError
from feedpub.render.html import join_names

SHIPPED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STYLESHEET_NAME = "style.css"
# Every template a page is made from; base.html is compiled as the others extend it.
TEMPLATE_NAMES = ("base.html", "entry.html", "index.html", "alternates.html", "subscribe.html")
# What compile_templates last saw in each templates folder (see _signature).
_SIGNATURES: dict[Path, tuple[tuple[str, int, int], ...]] = {}


def compile_templates(templates: Path | None) -> bool:
    """Compile every page template of ``templates`` (and the shipped ones it does not replace).

    Templates edited in the folder since the last call are compiled again; return whether
    they were, so that what was rendered from the old ones can be forgotten too.

    :raises ConfigError: ``templates`` is not a readable folder, or a template there does not
        compile.
    """
    changed = False
    if templates is not None:
        signature = _signature(templates)
        if _SIGNATURES.setdefault(templates, signature) != signature:
            _environment.cache_clear()
            _template.cache_clear()
            _globals.cache_clear()
            _SIGNATURES[templates] = signature
            changed = True
    for name in TEMPLATE_NAMES:
        try:
            _template(templates, name)
        except TemplateError as exc:
            if templates is None:
                raise  # a shipped template: a bug
            raise _user_error(templates, name, exc) from None
    return changed


def render_template(templates: Path | None, name: str, context: dict[str, Any]) -> str:
    """Render the template ``name`` with ``context``.

    :raises ConfigError: a template of the ``templates`` folder does not compile or render.
    """
    try:
        template = _template(templates, name)
        # What Template.render does, less its copies of the context: render copies the dict
        # given, then new_context copies it again under the globals, a ChainMap read key by
        # key in Python; that was a sixth of an entry page's cost. With shared=True Jinja
        # takes the dict given as the context, so the globals (range, namespace…) are put in
        # it here from a plain dict, under the context's names as before.
        page = template.new_context(_globals(templates, name) | context, shared=True)
        return "".join(template.root_render_func(page))
    except TemplateError as exc:
        if templates is None:
            raise  # a shipped template: a bug
        raise _user_error(templates, name, exc) from None


def read_stylesheet(templates: Path | None) -> bytes:
    """Return ``style.css``: the folder's own, else the shipped one."""
    environment = _environment(templates)
    assert environment.loader is not None  # noqa: S101 - _environment always sets one
    source, _, _ = environment.loader.get_source(environment, STYLESHEET_NAME)
    return source.encode("utf-8")


def _signature(templates: Path) -> tuple[tuple[str, int, int], ...]:
    """The names, sizes and modification times of the folder's files: what an edit changes."""
    try:
        return tuple(sorted(
            (path.name, stat.st_size, stat.st_mtime_ns)
            for path in templates.iterdir()
            for stat in (path.stat(),)
        ))
    except OSError as exc:
        raise ConfigError(f"{templates}: cannot read the templates folder: {exc.strerror}") from None


def _user_error(templates: Path, name: str, exc: TemplateError) -> ConfigError:
    where = f"{exc.name or name}:{exc.lineno}" if isinstance(exc, TemplateSyntaxError) else name
    return ConfigError(f"{templates}: {where}: {' '.join(str(exc.message or exc).split())}")


@functools.lru_cache(maxsize=64)
def _template(templates: Path | None, name: str) -> Template:
    return _environment(templates).get_template(name)


@functools.lru_cache(maxsize=64)
def _globals(templates: Path | None, name: str) -> dict[str, Any]:
    """The template's globals (Jinja's ``range``, ``namespace``…) as a plain dict."""
    return dict(_template(templates, name).globals)


@functools.lru_cache(maxsize=8)
def _environment(templates: Path | None) -> Environment:
    """One compiled Environment per templates folder: a build renders thousands of pages.

    ``auto_reload`` is off, so a render never stats a template file again.
    """
    shipped = FileSystemLoader(SHIPPED_TEMPLATES)
    loader = ChoiceLoader([FileSystemLoader(templates), shipped]) if templates else shipped
    environment = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters["names"] = join_names
    return environment
