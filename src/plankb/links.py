"""Page paths of generated pages and relative links between them."""
from __future__ import annotations

import functools
import posixpath


def plan_page(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}/index.md"


def agency_page(agency_id: str) -> str:
    return f"co-quan/{agency_id}/index.md"


def sector_page(sector_id: str) -> str:
    return f"nganh/{sector_id}/index.md"


def level_page(level: str) -> str:
    return f"cap/{level}/index.md"


def place_page(place_id: str) -> str:
    return f"dia-ban/{place_id}/index.md"


def places_page(number: int) -> str:
    """A page of the directory of provinces, from 1 (plankb.pages.index_pages.places_page)."""
    return f"dia-ban/trang-{number}/index.md"


def indicator_page(indicator_id: str) -> str:
    return f"chi-tieu/{indicator_id}/index.md"


def area_page(area_id: str) -> str:
    return f"linh-vuc/{area_id}/index.md"


PLANS_INDEX = "ke-hoach/index.md"
AGENCIES_INDEX = "co-quan/index.md"
SECTORS_INDEX = "nganh/index.md"
LEVELS_INDEX = "cap/index.md"
PLACES_INDEX = "dia-ban/index.md"
INDICATORS_INDEX = "chi-tieu/index.md"
AREAS_INDEX = "linh-vuc/index.md"
GLOSSARY = "thuat-ngu/index.md"
REFERENCES = "van-ban/index.md"
CALENDAR = "lich-bao-cao/index.md"
DATA_INDEX = "du-lieu/index.md"
FINDER = "tra-cuu/index.md"
HOME = "index.md"
DATA_DIR = "du-lieu/"


BIBLIOGRAPHY = "du-lieu/tai-lieu.bib"
# Every term's definition, for the tooltip of a term link (docs/assets/javascripts/tooltip.js).
TERM_DEFINITIONS = "du-lieu/thuat-ngu.js"


def plan_bib(plan_id: str) -> str:
    return f"{DATA_DIR}bib/{plan_id}.bib"


def plan_source(plan_id: str) -> str:
    return f"{DATA_DIR}nguon/{plan_id}.yml"


class Linker:
    """Relative hrefs between site files, for directory URLs (served) or file URLs (offline)."""

    def __init__(self, directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls

    def url(self, src: str) -> str:
        """Site-root-relative URL of a source path ('ke-hoach/x/index.md' → 'ke-hoach/x/')."""
        if not src.endswith(".md"):
            return src
        stem = src[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            directory = stem[: -len("index")]
        elif self.directory_urls:
            directory = stem + "/"
        else:
            return stem + ".html"
        return directory if self.directory_urls else directory + "index.html"

    def href(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        here = "/" + self.url(from_src)
        target = "/" + self.url(to_src)
        base = here if here.endswith("/") else posixpath.dirname(here) + "/"
        if target == here and anchor:
            return f"#{anchor}"
        rel = _relpath(target, base)
        if target.endswith("/") and rel != ".":
            rel += "/"
        elif rel == ".":
            rel = "./"
        return f"{rel}#{anchor}" if anchor else rel


@functools.lru_cache(maxsize=1 << 16)
def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for the clean absolute site paths used here ('/a/b/', no '.' or '..'),
    several times faster: a build computes one for every link."""
    to = [part for part in target.split("/") if part]
    start = [part for part in base.split("/") if part]
    common = 0
    while common < len(to) and common < len(start) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."
