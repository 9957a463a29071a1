"""'Trích dẫn trang này': a Vietnamese administrative citation, an APA-style line and BibTeX,
each with a copy button. The page URL and the access date are filled in by docs/assets/cite.js
in the reader's browser (a static page cannot know when it is read or where it is hosted)."""
from __future__ import annotations

from plankb.downloads import bibtex
from plankb.model import Corpus, Plan
from plankb.text.markup import date_vi, esc

URL_SLOT = '<span class="kh-cite-url" data-site-url="{site}">{fallback}</span>'
DATE_SLOT = '<span class="kh-cite-date">…</span>'


def _block(label: str, block_id: str, body: str) -> str:
    return (f'<div class="kh-cite-item"><p class="kh-cite-label">{label} '
            f'<button type="button" class="kh-copy md-button" data-copy="{block_id}">Sao chép</button></p>'
            f'<div class="kh-cite-text" id="{block_id}">{body}</div></div>')


def box(admin: str, apa: str, bib: str, page_path: str, site_url: str) -> str:
    url = URL_SLOT.format(site=esc(site_url), fallback=esc((site_url or "") + page_path))
    return (
        '<details class="kh-cite-box" id="trich-dan" data-search-exclude data-no-terms><summary>Trích dẫn trang này</summary>'
        + _block("Kiểu hành chính", "trich-dan-hanh-chinh", f"{admin}; truy cập ngày {DATE_SLOT} tại {url}")
        + _block("Kiểu APA", "trich-dan-apa", f"{apa} {url}")
        + _block("BibTeX", "trich-dan-bibtex", f"<pre><code>{esc(bib)}</code></pre>")
        + "</details>"
    )


def plan_box(corpus: Corpus, plan: Plan, page_path: str, site_url: str) -> str:
    issuer = corpus.agencies[plan.issuer]
    number = f"số {plan.number}" if plan.number else "(không rõ số)"
    date = f" ngày {date_vi(plan.issued)}" if plan.issued else ""
    admin = esc(f"{plan.kind} {number}{date} của {issuer.name} về {plan.title}")
    year = plan.issued[:4] if plan.issued else "không rõ năm"
    titled = f"{plan.kind} {'số ' + plan.number if plan.number else ''}".strip()
    apa = f"{esc(issuer.name)}. ({esc(year)}). <em>{esc(titled)}: {esc(plan.title)}</em> [{esc(plan.kind)}]. {bibtex.SITE_NAME}."
    bib = bibtex.plan_entry(corpus, plan, (site_url or "") + page_path)
    return box(admin, apa, bib, page_path, site_url)


def page_box(title: str, key: str, page_path: str, site_url: str) -> str:
    """For agency, indicator and glossary pages: the page of this site is what is cited."""
    admin = esc(f"«{title}», {bibtex.SITE_NAME}")
    apa = f"{bibtex.SITE_NAME}. (không ghi ngày). <em>{esc(title)}</em>."
    bib = bibtex._entry(key, [("title", title), ("howpublished", bibtex.SITE_NAME), ("url", (site_url or "") + page_path)])
    return box(admin, apa, bib, page_path, site_url)
