"""Le style des graphiques du cours : axes en français, années entières, SVG compact."""

import io
import re
from xml.etree import ElementTree

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from cours_opendata.graphiques import afficher, franciser_les_axes, style_du_cours  # noqa: E402


def _graduations(fig) -> list[str]:
    return re.findall(r">([^<>]{1,16})</text>", afficher(fig, alt="Graphique d'essai").svg)


def test_un_axe_d_annees_ne_montre_que_des_annees_entieres():
    fig, ax = plt.subplots()
    ax.plot([2013, 2014, 2015, 2016, 2017], [3, 4, 2, 5, 6])
    textes = _graduations(fig)
    assert {"2013", "2014", "2015", "2016", "2017"} <= set(textes)
    assert not any(re.fullmatch(r"20\d\d[.,]\d", t) for t in textes)  # ni 2013.5 ni 2013,5
    assert "2\u202f013" not in textes


def test_les_nombres_sont_ecrits_a_la_francaise():
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0.25, 12_500, -3_000])
    textes = _graduations(fig)
    assert "10\u202f000" in textes and "\u22122\u202f000" in textes  # espace fine, vrai signe moins
    assert not any("," in t and "." in t for t in textes)
    fig, ax = plt.subplots()
    ax.plot([0.1, 0.2], [0.5, 0.75])
    assert "0,5" in _graduations(fig)


@pytest.mark.parametrize("alt", ["", "   "])
def test_texte_alternatif_obligatoire(alt):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="Texte alternatif manquant"):
        afficher(fig, alt=alt)


def _nombre(svg: str, balise: str) -> int:
    return len(ElementTree.fromstring(svg).findall(f".//{{http://www.w3.org/2000/svg}}{balise}"))


def test_le_svg_est_compact_et_garde_son_dessin():
    def figure():
        fig, ax = plt.subplots()
        ax.plot([2013, 2014, 2015], [3, 4, 2])
        ax.set_xticks([2013, 2014, 2015], ["a", "b", "c"], rotation=45)  # étiquettes tournées : rotation gardée
        return fig

    brut, reference = io.StringIO(), figure()
    franciser_les_axes(reference)
    with style_du_cours():  # le SVG tel que matplotlib l'écrit avec le style du cours
        reference.savefig(brut, format="svg", bbox_inches="tight")
    svg = afficher(figure(), alt="Graphique d'essai").svg
    assert all(_nombre(svg, b) == _nombre(brut.getvalue().encode(), b) for b in ("path", "text", "use"))
    assert "rotate(-45" in svg and "rotate(-0 " not in svg
    assert not re.search(r'd="[^"]*\n', svg), "tracés sur une ligne"
    assert "Bitstream Vera Sans" not in svg and "'DejaVu Sans', 'Arial', sans-serif" in svg
    assert len(svg) < 0.7 * len(brut.getvalue())
