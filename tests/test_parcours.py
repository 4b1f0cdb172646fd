"""Les deux parcours : ils ne citent que des pages qui existent, et toute page est atteignable."""

from __future__ import annotations

import yaml
from bs4 import BeautifulSoup

from cours_opendata import construction
from cours_opendata.sphinx_ext import badges_de_la_page, pages_du_parcours

from .conftest import RACINE


def test_chaque_page_porte_un_badge_de_parcours():
    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    sans_badge = [e for e in construction.fichiers_de_la_table(toc)
                  if not badges_de_la_page(construction.source_de(e))]
    assert sans_badge == []


def test_toute_page_est_atteignable_depuis_un_parcours_ou_les_annexes():
    toc = yaml.safe_load((RACINE / "_toc.yml").read_text(encoding="utf-8"))
    atteignables = {toc["root"]}
    for partie in toc["parts"]:
        if not partie["caption"].startswith("Partie "):
            atteignables |= set(construction.fichiers_de_la_table({"parts": [partie]}))
    for parcours in ("décideurs", "opérationnels"):
        for _legende, documents in pages_du_parcours(RACINE, parcours):
            atteignables |= set(documents)
    assert set(construction.fichiers_de_la_table(toc)) - atteignables == set()


def test_les_pages_de_parcours_ne_citent_que_des_pages_existantes(livre):
    for nom, attendu in (("parcours-decideurs", "décideurs"), ("parcours-operationnels", "opérationnels")):
        page = livre / "book" / f"{nom}.html"
        soupe = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        liens = [a["href"] for a in soupe.select("article ol a.reference.internal")]
        nombre = sum(len(docs) for _l, docs in pages_du_parcours(RACINE, attendu))
        assert len(liens) == nombre > 10
        for href in liens:
            assert (page.parent / href.split("#")[0]).resolve().is_file(), href


def test_le_parcours_decideurs_ne_contient_pas_de_page_reservee_aux_operationnels():
    for _legende, documents in pages_du_parcours(RACINE, "décideurs"):
        for doc in documents:
            badges = badges_de_la_page(construction.source_de(doc))
            assert doc.endswith("/index") or badges & {"décideurs", "tous"}, doc
