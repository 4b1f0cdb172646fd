"""L'interface du livre construit est en français : aucune chaîne d'interface anglaise connue ne reste.

Il lit les pages du livre construit (fixture ``livre``) et cherche les libellés anglais du thème
(boutons, infobulles, ``aria-label``) que les catalogues de ``cours_opendata/locales`` doivent traduire.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from cours_opendata.banc import pages_html

from .conftest import ANGLAIS_DEBUTS, ANGLAIS_EXACTS, ATTRIBUTS

RACINE = Path(__file__).resolve().parents[1]
HTML = RACINE / "_build" / "html"

# Date au format anglais (« Mis à jour le nov. 26, 2026. ») : le catalogue la remet à la française.
DATE_ANGLAISE = re.compile(r"Mis à jour le \w+\.? \d{1,2}, \d{4}")


class _Lecteur(HTMLParser):
    """Relève les textes visibles (hors script et style) et les attributs d'interface."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.textes: list[str] = []
        self.attributs: list[tuple[str, str]] = []
        self._ignore = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._ignore += 1
        for nom, valeur in attrs:
            if nom in ATTRIBUTS and valeur:
                self.attributs.append((nom, valeur.strip()))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._ignore:
            self._ignore -= 1

    def handle_data(self, data):
        if not self._ignore and data.strip():
            self.textes.append(" ".join(data.split()))


def _anglais(valeur: str) -> bool:
    return valeur in ANGLAIS_EXACTS or valeur.startswith(ANGLAIS_DEBUTS)


def _pages() -> list[Path]:
    pages = [p for p in pages_html(HTML) if "_images" not in p.relative_to(HTML).parts]
    assert pages, f"Aucune page HTML dans {HTML}"
    return pages


def test_aucun_libelle_anglais_dans_l_interface(livre):
    problemes = []
    for page in _pages():
        lecteur = _Lecteur()
        lecteur.feed(page.read_text(encoding="utf-8"))
        nom = page.relative_to(HTML)
        problemes += [f"{nom} : texte « {t} »" for t in lecteur.textes if _anglais(t)]
        problemes += [f"{nom} : attribut {a}=« {v} »" for a, v in lecteur.attributs if _anglais(v)]
    assert not problemes, (
        "Libellés d'interface encore en anglais — ajoutez leur traduction dans "
        "cours_opendata/locales/fr/LC_MESSAGES/booktheme.po (ou sphinx.po), puis reconstruisez :\n  "
        + "\n  ".join(sorted(set(problemes))[:50])
    )


def test_dates_au_format_francais(livre):
    fautives = [str(p.relative_to(HTML)) for p in _pages()
                if DATE_ANGLAISE.search(p.read_text(encoding="utf-8"))]
    assert not fautives, ("Date de mise à jour au format anglais (mois avant le jour) dans : "
                          + ", ".join(fautives[:20]))
