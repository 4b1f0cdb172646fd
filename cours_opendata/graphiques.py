"""Style des graphiques du cours et rendu accessible (SVG léger avec texte alternatif et source).

``afficher(fig, alt=..., source=...)`` renvoie un objet affichable : dans le livre comme dans
JupyterLab, la figure devient un SVG inline (texte conservé en texte, donc léger et net) avec
``role="img"`` et un ``aria-label``, suivi de la source en légende.
"""

from __future__ import annotations

import html
import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

#: Le Maroc et ses pairs, dans l'ordre d'affichage du cours.
PAYS_PAIRS = ["MAR", "TUN", "EGY", "JOR", "SEN", "FRA"]
NOMS_PAYS = {"MAR": "Maroc", "TUN": "Tunisie", "EGY": "Égypte", "JOR": "Jordanie", "SEN": "Sénégal",
             "FRA": "France"}
#: Couleurs distinctes pour les daltoniens (palette d'Okabe et Ito) ; le Maroc en premier.
COULEURS_PAYS = {"MAR": "#c0392b", "TUN": "#0072b2", "EGY": "#e69f00", "JOR": "#009e73", "SEN": "#cc79a7",
                 "FRA": "#56b4e9"}

_STYLE = {
    "figure.figsize": (8, 4.2),
    "figure.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d9dde3",
    "grid.linewidth": 0.8,
    "axes.prop_cycle": matplotlib.cycler(color=list(COULEURS_PAYS.values())),
    "legend.frameon": False,
    "svg.fonttype": "none",  # texte gardé en texte : SVG léger, lisible par les lecteurs d'écran
    "svg.hashsalt": "cours-opendata",  # identifiants stables : même entrée, même sortie
    "axes.formatter.use_locale": False,
}


def appliquer_style() -> None:
    """Applique le style du cours à matplotlib (à appeler une fois en tête de notebook)."""
    plt.rcParams.update(_STYLE)


def format_fr(x: float, decimales: int = 0) -> str:
    """Nombre à la française : espace fine insécable pour les milliers, virgule décimale."""
    texte = f"{x:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")
    return texte


class Figure:
    """Figure prête à afficher : SVG inline accessible + légende de source."""

    def __init__(self, svg: str, alt: str, source: str):
        self.svg, self.alt, self.source = svg, alt, source

    def html(self) -> str:
        legende = f"<figcaption>Source : {html.escape(self.source)}</figcaption>" if self.source else ""
        return f'<figure class="graphique">{self.svg}{legende}</figure>'

    def _repr_html_(self) -> str:
        return self.html()


def afficher(fig, alt: str, source: str = "") -> Figure:
    """Transforme une figure matplotlib en SVG accessible ; ``alt`` décrit ce que montre le graphique."""
    if not alt or not alt.strip():
        raise ValueError("Texte alternatif manquant : décrivez en une phrase ce que montre le graphique "
                         "(paramètre alt=…), pour les lecteurs d'écran.")
    tampon = io.StringIO()
    with plt.rc_context(_STYLE):
        fig.savefig(tampon, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = tampon.getvalue()
    svg = svg[svg.index("<svg"):]  # sans le prologue XML ni le DOCTYPE, interdits dans du HTML
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    etiquette = html.escape(alt.strip(), quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{etiquette}" ', 1)
    svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)
    return Figure(svg, alt.strip(), source)
