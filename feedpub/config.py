"""Read ``feedpub.toml`` into a frozen Config; the only home of defaults.

Every key is optional: with no file at all the shipped ``seeds/`` publish to ``public/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from feedpub.errors import ConfigError
from feedpub.text import has_forbidden

DateOrder = Literal["DMY", "MDY", "YMD"]

DEFAULT_FURNITURE = (
    "Back to top",
    "Share this",
    "Share this article",
    "Share",
    "Advertisement",
    "Read more",
    "Subscribe to our newsletter",
    "Related articles",
    "Related",
    "Skip to content",
    "Print",
    "Print this article",
    "Comments",
    "Show comments",
    "Leave a comment",
    "Tweet",
    "Share on Facebook",
    "Share on Twitter",
    "Share on X",
    "Copy link",
    "Continue reading",
    "Sign up for our newsletter",
    "Follow us",
    "Most read",
    "More stories",
    "Sponsored content",
    # The same lines in the languages whose bylines and credits parse/credits.py reads.
    # es
    "Volver arriba", "Ir arriba", "Volver al inicio", "Compartir", "Compartir artículo",
    "Compartir en Facebook", "Compartir en Twitter", "Compartir en X", "Imprimir",
    "Leer más", "Seguir leyendo", "Publicidad", "Suscríbete a nuestro boletín",
    "Noticias relacionadas", "Artículos relacionados", "Comentarios", "Ir al contenido",
    "Lo más leído",
    # fr
    "Retour en haut", "Retour en haut de page", "Haut de page", "Partager",
    "Partager cet article", "Partager sur Facebook", "Partager sur Twitter", "Imprimer",
    "Imprimer cet article", "Lire la suite", "Lire plus", "Publicité",
    "Abonnez-vous à notre newsletter", "Articles similaires", "Articles liés",
    "Commentaires", "Aller au contenu", "Les plus lus",
    # de
    "Nach oben", "Zurück nach oben", "Teilen", "Artikel teilen", "Auf Facebook teilen",
    "Drucken", "Artikel drucken", "Weiterlesen", "Mehr lesen", "Anzeige", "Werbung",
    "Newsletter abonnieren", "Ähnliche Artikel", "Verwandte Artikel", "Mehr zum Thema",
    "Kommentare", "Zum Inhalt springen", "Meistgelesen",
    # nl
    "Terug naar boven", "Naar boven", "Delen", "Deel dit artikel", "Afdrukken", "Printen",
    "Lees meer", "Lees verder", "Advertentie", "Abonneer op onze nieuwsbrief",
    "Gerelateerde artikelen", "Reacties", "Ga naar de inhoud", "Meest gelezen",
    # sv, no, da
    "Tillbaka till toppen", "Till toppen", "Til toppen", "Tilbake til toppen",
    "Tilbage til toppen", "Dela", "Dela artikeln", "Del", "Del artikkelen", "Del artiklen",
    "Skriv ut", "Udskriv", "Läs mer", "Les mer", "Læs mere", "Annons", "Annonse", "Annonce",
    "Relaterade artiklar", "Relaterte artikler", "Relaterede artikler", "Kommentarer",
    "Mest läst", "Mest lest", "Mest læste",
    # uk
    "Догори", "Нагору", "Вгору", "На початок", "Поділитися", "Поділитись", "Друк",
    "Роздрукувати", "Читати далі", "Читати більше", "Реклама",
    "Підписатися на розсилку", "Підпишіться на нашу розсилку", "Схожі статті",
    "Пов'язані статті", "Коментарі", "Перейти до вмісту", "Найпопулярніше",
)

CONFIG_NAME = "feedpub.toml"
# The site_url of a build without one: ids minted under it are minted again under the first
# real one (build._follow_site_url).
PLACEHOLDER_SITE_URL = "https://example.org"


@dataclass(frozen=True, slots=True)
class Config:
    """Validated settings; paths are absolute, ``site_url`` has no trailing slash."""

    site_url: str = PLACEHOLDER_SITE_URL
    title: str = "feedpub"
    description: str = "Articles published with feedpub"
    language: str = "en"
    author: str = "feedpub"
    count: int = 50
    source: Path = Path("seeds")
    output: Path = Path("public")
    state: Path = Path(".feedpub/state.sqlite3")
    timezone: str = "UTC"
    date_order: DateOrder = "MDY"
    furniture: tuple[str, ...] = DEFAULT_FURNITURE
    patterns: tuple[str, ...] = ("*.txt", "*.md", "*.markdown")
    max_size: int = 2 * 1024 * 1024
    lock_timeout: float = 10.0
    sources: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    templates: Path | None = None
    pages: bool = True
    source_feeds: bool = True
    category_feeds: bool = True
    archive_size: int = 100
    icon: str | None = None
    logo: str | None = None
    link_template: str | None = None
    hubs: tuple[str, ...] = ()


# What a link_template may name (README, Configuration).
LINK_FIELDS = ("site_url", "year", "month", "day", "slug")

KNOWN_KEYS = tuple(f.name for f in fields(Config))
_PATH_KEYS = ("source", "output", "state")


def load_config(path: Path | None, base: Path) -> Config:
    """Load ``path`` (or find ``feedpub.toml`` in ``base``) and return a validated Config.

    Relative paths in the file are taken relative to the file's folder; without a file,
    relative to ``base``.

    :raises ConfigError: the file is unreadable, not TOML, or holds an unknown or invalid key.
    """
    if path is None:
        candidate = base / CONFIG_NAME
        if not candidate.is_file():
            return resolve_paths(Config(), base)
        path = candidate
    # tomllib, zoneinfo and difflib are imported where they are needed: half the time of a
    # build where nothing changed goes to starting Python and importing modules.
    import tomllib

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    config = resolve_paths(_from_mapping(raw, path), path.parent.resolve())
    if config.templates is not None and not config.templates.is_dir():
        raise ConfigError(f"{path}: templates must be a folder, got '{config.templates}'")
    return config


def resolve_paths(config: Config, base: Path) -> Config:
    """Return ``config`` with its relative paths made absolute against ``base``."""
    resolved = {key: (base / getattr(config, key)).resolve() for key in _PATH_KEYS}
    if config.templates is not None:
        resolved["templates"] = (base / config.templates).resolve()
    return replace(config, **resolved)


def _from_mapping(raw: dict[str, Any], path: Path) -> Config:
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{path}: unknown key {key!r}{_suggestion(key)}")
        values[key] = check_value(key, value, f"{path}: {key}")
    return Config(**values)


def _suggestion(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.5)
    return f", did you mean {close[0]!r}?" if close else f" (valid keys: {', '.join(KNOWN_KEYS)})"


def check_value(key: str, value: Any, label: str) -> Any:
    """Return ``value`` converted for the Config field ``key``.

    :raises ConfigError: ``{label} must be <what it takes>, got <value>``.
    """
    try:
        return _VALIDATORS[key](value)
    except _InvalidValueError as exc:
        raise ConfigError(f"{label} must be {exc}, got {value!r}") from None


class _InvalidValueError(Exception):
    """What a value should have been."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _InvalidValueError("a non-empty string")
    if has_forbidden(value):
        # The feeds' titles and descriptions: XML 1.0 cannot carry it (SPEC.md §3).
        raise _InvalidValueError("text without control characters (XML 1.0 forbids them)")
    return value.strip()


def _url(value: Any) -> str:
    try:
        parts = urlsplit(value.strip()) if isinstance(value, str) else None
    except ValueError:  # "http://[x": an unbalanced bracket
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or " " in value.strip():
        raise _InvalidValueError("an absolute http(s) URL")
    return str(value).strip().rstrip("/")


def _path(value: Any) -> Path:
    if not isinstance(value, str) or not value:
        raise _InvalidValueError("a path")
    return Path(value)


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _InvalidValueError("a whole number of at least 1")
    return value


def _amount(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise _InvalidValueError("a number of at least 0")
    return float(value)


def _zone(value: Any) -> str:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise _InvalidValueError("an IANA time zone such as 'Europe/Kyiv'") from None
    return str(value)


def _order(value: Any) -> str:
    if value not in ("DMY", "MDY", "YMD"):
        raise _InvalidValueError("one of 'DMY', 'MDY', 'YMD'")
    return str(value)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _InvalidValueError("a list of strings")
    return tuple(value)


def _hubs(value: Any) -> tuple[str, ...]:
    # Kept as written, trailing slash included: a hub's endpoint is its exact URL (W3C
    # WebSub §5.1), unlike site_url, under which feedpub joins paths itself.
    if not isinstance(value, list):
        raise _InvalidValueError("a list of absolute http(s) URLs of WebSub hubs")
    try:
        checked = [(_url(hub), hub.strip()) for hub in value]
    except _InvalidValueError:
        raise _InvalidValueError("a list of absolute http(s) URLs of WebSub hubs") from None
    return tuple(dict.fromkeys(hub for _, hub in checked))


def _sources(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise _InvalidValueError("a table of source name = URL")
    try:
        return tuple(sorted((name, _url(url)) for name, url in value.items()))
    except _InvalidValueError:
        raise _InvalidValueError("a table whose URLs are absolute http(s) URLs") from None


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _InvalidValueError("true or false")
    return value


def _link_template(value: Any) -> str:
    import string

    what = "a URL template such as '{site_url}/{year}/{slug}/' naming only " + ", ".join(
        "{" + name + "}" for name in LINK_FIELDS
    )
    if not isinstance(value, str) or not value.startswith("{site_url}/"):
        raise _InvalidValueError(what)
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError:
        raise _InvalidValueError(what) from None
    if "slug" not in names or any(name not in LINK_FIELDS for name in names):
        raise _InvalidValueError(what)
    return value


_VALIDATORS: dict[str, Any] = {
    "site_url": _url, "title": _text, "description": _text, "language": _text,
    "author": _text, "count": _count, "source": _path, "output": _path, "state": _path,
    "timezone": _zone, "date_order": _order, "furniture": _strings, "patterns": _strings,
    "max_size": lambda value: int(_amount(value)), "lock_timeout": _amount, "sources": _sources,
    "templates": _path, "pages": _flag, "source_feeds": _flag, "category_feeds": _flag,
    "archive_size": _count, "icon": _url, "logo": _url, "link_template": _link_template,
    "hubs": _hubs,
}
