"""Typographie française du livre construit : vérifiée sur le texte affiché, page par page.

Espace insécable (U+00A0 ou U+202F) avant « : ; ? ! » et à l'intérieur des guillemets « », ordinaux écrits
d'une seule façon (1ᵉʳ, 2ᵉ, 40ᵉ), apostrophe typographique (’). Le code, les adresses, les noms de fichiers,
la bibliographie (titres d'origine) et le texte marqué dans une autre langue sont exemptés.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from cours_opendata.banc import est_une_redirection, pages_html

INSECABLES = "\u00a0\u202f"
EXEMPTES = "pre, code, kbd, samp, script, style, .highlight, .cell_input, .cell_output .output.stream, .cell_output table, " \
           "[lang]:not([lang=fr]), .citation-list, .bibtex-citation, dl.citation, .bibliography, .docutils.literal, svg, " \
           "nav.bd-links, .bd-sidebar-primary, .bd-toc, .prev-next-area, .bd-header, .bd-footer, .catalogue-donnees, " \
           "script[type='application/json']"
PAGES_EXEMPTEES = {"book/annexes/bibliographie.html", "search.html", "genindex.html"}

_ADRESSE = re.compile(r"(https?://|www\.)\S+|\S+\.(csv|json|geojson|xlsx|xls|ods|parquet|md|ipynb|yml|html|py|txt)\b|\S+@\S+")
REGLES = [
    ("espace insécable avant « {0} »", re.compile(r"(?:(?<=[^\s\u00a0\u202f(\[«/])|(?<= ))(?<![:\d])[;:!?](?=[\s\u00a0\u202f»)\]\"]|$)")),
    ("espace insécable après « « »", re.compile(r"«(?![\u00a0\u202f])")),
    ("espace insécable avant « » »", re.compile(r"(?<![\u00a0\u202f])»")),
    ("ordinal à écrire 1ᵉʳ, 2ᵉ…", re.compile(r"\b\d+(?:er|re|ère|e|ème|eme)\b")),
    ("apostrophe droite (écrire ’)", re.compile(r"(?<=\w)'(?=\w)")),
]


def _texte_affiche(html: str) -> str:
    soupe = BeautifulSoup(html, "html.parser")
    corps = soupe.select_one("article.bd-article") or soupe.body
    if corps is None:
        return ""
    for element in corps.select(EXEMPTES):
        element.decompose()
    texte = corps.get_text(" ")
    return _ADRESSE.sub(" ", texte)


def fautes_de_typographie(texte: str) -> list[str]:
    fautes = []
    for libelle, motif in REGLES:
        for m in motif.finditer(texte):
            debut = max(0, m.start() - 40)
            extrait = texte[debut:m.end() + 25].replace("\n", " ")
            fautes.append(f"{libelle.format(m.group(0).strip())} : « …{extrait}… »")
    return fautes


def test_le_controle_trouve_les_fautes():
    texte = "Attention : une donnée ; une « licence» ouverte ? Le 1er portail et le 40e rang, l'État."
    fautes = fautes_de_typographie(texte)
    assert len(fautes) == 8, fautes
    seule = fautes_de_typographie("Attention\u202f: «\u202fouvert\u202f» ? non\u202f! 1ᵉʳ, l’État, 9:30, 1:2")
    assert len(seule) == 1 and seule[0].startswith("espace insécable avant « ? »"), seule


def test_typographie_du_livre(livre):
    fautes = {}
    for page in pages_html(livre):
        nom = page.relative_to(livre).as_posix()
        if nom in PAGES_EXEMPTEES or est_une_redirection(page):
            continue
        trouvees = fautes_de_typographie(_texte_affiche(page.read_text(encoding="utf-8")))
        if trouvees:
            fautes[nom] = trouvees
    total = sum(map(len, fautes.values()))
    rapport = "\n".join(f"{nom} ({len(f)}) :\n  " + "\n  ".join(f[:8]) for nom, f in sorted(fautes.items()))
    assert not fautes, f"{total} faute(s) de typographie dans {len(fautes)} page(s) :\n{rapport}"
