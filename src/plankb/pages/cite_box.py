"""'Trích dẫn trang này': a Vietnamese administrative citation, an APA-style line and BibTeX,
each with a copy button. The page URL and the access date are filled in by docs/assets/cite.js
in the reader's browser (a static page cannot know when it is read or where it is hosted)."""
from __future__ import annotations

from plankb.downloads import bibtex
from plankb.model import Corpus, Plan
from plankb.relations import issued_year
from plankb.text.markup import date_vi, esc

URL_SLOT = '<span class="kh-cite-url" data-site-url="{site}">{fallback}</span>'
DATE_SLOT = '<span class="kh-cite-date">…</span>'


def _url_slot(page_path: str, site_url: str) -> str:
    return URL_SLOT.format(site=esc(site_url), fallback=esc((site_url or "") + page_path))


def _block(label: str, block_id: str, body: str) -> str:
    return (f'<div class="kh-cite-item"><p class="kh-cite-label">{label} '
            f'<button type="button" class="kh-copy md-button" data-copy="{block_id}">Sao chép</button></p>'
            f'<div class="kh-cite-text" id="{block_id}">{body}</div></div>')


def box(admin: str, apa: str, bib: str, page_path: str, site_url: str, attributes: str = "") -> str:
    url = _url_slot(page_path, site_url)
    return (
        f'<details class="kh-cite-box" id="trich-dan" data-search-exclude data-no-terms{attributes}><summary>Trích dẫn trang này</summary>'
        + _block("Kiểu hành chính", "trich-dan-hanh-chinh", f"{admin}; truy cập ngày {DATE_SLOT} tại {url}")
        + _block("Kiểu APA", "trich-dan-apa", f"{apa} {url}")
        + _block("BibTeX", "trich-dan-bibtex", f"<pre><code>{esc(bib).replace(esc(URL_MARK), url)}</code></pre>")
        + "</details>"
    )


# Where the page's URL goes in a BibTeX entry: the reader's browser writes the absolute URL there.
URL_MARK = "@@URL@@"
# In the template of an item's entry (docs/assets/cite.js fills them in).
PART_MARK, ANCHOR_MARK = "@@PART@@", "@@ANCHOR@@"


def _title_after_ve(title: str) -> str:
    """'Phòng, chống mại dâm…' reads 'về phòng, chống mại dâm…'; an abbreviation keeps its capitals."""
    first = title.split(" ", 1)[0]
    return title if first.isupper() else title[:1].lower() + title[1:]


def _apa_title(plan: Plan) -> str:
    """The part of the APA citation set in italics: 'Kế hoạch số 5971/KH-UBND: Phòng, chống …'."""
    return f"{plan.kind} {'số ' + plan.number if plan.number else ''}".strip() + f": {plan.title}"


def plan_citation(corpus: Corpus, plan: Plan) -> tuple[str, str]:
    """(administrative, APA) citations of a plan, as plain text: the number, the date and the year
    are the ones the sources give, and nothing is said of what they do not."""
    issuer = corpus.agencies[plan.issuer]
    year = issued_year(corpus, plan)
    said = f"{plan.kind} số {plan.number}" if plan.number else f"{plan.kind}"
    if plan.issued:
        said += f" ngày {date_vi(plan.issued)}"
    said += f" của {issuer.name}"
    if not plan.issued and year and str(year) not in plan.title:
        said += f" năm {year}"
    admin = f"{said} về {_title_after_ve(plan.title)}"
    apa = f"{issuer.name}. ({year or 'không rõ năm'}). {_apa_title(plan)} [{plan.kind}]. {bibtex.SITE_NAME}."
    return admin, apa


def plan_box(corpus: Corpus, plan: Plan, page_path: str, site_url: str) -> str:
    """The plan's citations, and on the box what cite.js needs to cite one item of the plan from
    its "#": the plan's citations and the template of an item's BibTeX entry."""
    admin, apa = plan_citation(corpus, plan)
    titled = esc(_apa_title(plan))
    apa_html = esc(apa).replace(titled, f"<em>{titled}</em>", 1)
    bib = bibtex.plan_entry(corpus, plan, URL_MARK)
    item_bib = bibtex.plan_entry(corpus, plan, URL_MARK + "#" + ANCHOR_MARK, key=f"{plan.id}-{ANCHOR_MARK}", part=PART_MARK)
    attributes = (f' data-plan="{esc(plan.id)}" data-cite-admin="{esc(admin)}" data-cite-apa="{esc(apa)}"'
                  f' data-cite-bib="{esc(item_bib)}"')
    url = _url_slot(page_path, site_url)
    # On paper only: where a handout comes from (the page's address and the day it is printed
    # are filled in by cite.js where it is read).
    source = f'<p class="kh-print-source" data-no-terms data-search-exclude>Nguồn: {esc(admin)}. In từ {url} ngày {DATE_SLOT}.</p>'
    # Two blocks, each on its own line between blank lines: the shape plankb.pages.raw_blocks reads.
    return source + "\n\n" + box(esc(admin), apa_html, bib, page_path, site_url, attributes)


def page_box(title: str, key: str, page_path: str, site_url: str) -> str:
    """For agency, indicator and glossary pages: the page of this site is what is cited."""
    admin = esc(f"«{title}», {bibtex.SITE_NAME}")
    apa = f"{bibtex.SITE_NAME}. (không ghi ngày). <em>{esc(title)}</em>."
    bib = bibtex._entry(key, [("title", title), ("howpublished", bibtex.SITE_NAME), ("url", URL_MARK)])
    return box(admin, apa, bib, page_path, site_url)
