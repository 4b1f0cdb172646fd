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

#: Les réglages matplotlib du cours (lecture seule : passer par ``style_du_cours()``).
STYLE = {
    "figure.figsize": (8, 4.2),
    "figure.dpi": 100,
    "font.size": 11,
    # DejaVu Sans (livrée avec matplotlib) mesure le texte ; la liste est recopiée dans chaque <text> du SVG.
    "font.sans-serif": ["DejaVu Sans", "Arial"],
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
    plt.rcParams.update(STYLE)


def style_du_cours():
    """Contexte ``with style_du_cours(): …`` : le style du cours pour une figure, sans toucher au reste."""
    return plt.rc_context(STYLE)


def format_fr(x: float, decimales: int = 0) -> str:
    """Nombre à la française : espace fine insécable pour les milliers, virgule décimale."""
    texte = f"{x:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")
    return texte


#: Type MIME des figures du cours : le livre en fait des fichiers SVG chargés à la demande
#: (``rendu_des_figures``), JupyterLab affiche le HTML (SVG dans la page).
MIME_FIGURES = "application/vnd.cours-opendata.figures+json"


class Figure:
    """Figure prête à afficher : un SVG autonome, son texte alternatif et sa source."""

    def __init__(self, svg: str, alt: str, source: str):
        self.svg, self.alt, self.source = svg, alt, source

    def donnees(self) -> dict:
        return {"svg": self.svg, "alt": self.alt, "source": self.source}

    def html(self) -> str:
        """Le SVG dans la page (JupyterLab, notebooks) : étiqueté pour les lecteurs d'écran, sans taille fixe."""
        svg = self.svg.replace("*{stroke-linejoin", "figure.graphique svg *{stroke-linejoin")  # « * » toucherait la page
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(self.alt, quote=True)}" ', 1)
        svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)
        legende = f"<figcaption>Source\u202f: {html.escape(self.source)}</figcaption>" if self.source else ""
        return f'<figure class="graphique">{svg}{legende}</figure>'

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIME_FIGURES: {"figures": [self.donnees()]}, "text/html": self.html(),
                "text/plain": f"Graphique : {self.alt}"}


def _graduations_en_annees(axe) -> bool:
    """L’axe porte des années (graduations entre 1900 et 2100) : pas de « 2013,5 »."""
    bas, haut = axe.get_view_interval()
    return bas >= 1900 and haut <= 2100 and haut - bas >= 1


def _nombre_fr(valeur: float, _position=None) -> str:
    if abs(valeur - round(valeur)) < 1e-9:
        return format_fr(round(valeur)).replace("-", "−")
    decimales = min(3, max(1, len(f"{abs(valeur):.6g}".partition(".")[2])))
    return format_fr(valeur, decimales).replace("-", "−")


def franciser_les_axes(fig) -> None:
    """Chaque axe numérique en français (virgule décimale, espace fine pour les milliers) ; un axe d'années
    ne montre que des années entières, sans séparateur (2013, pas 2 013 ni 2013,5)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator, ScalarFormatter

    for ax in fig.get_axes():
        for axe in (ax.xaxis, ax.yaxis):
            if not isinstance(axe.get_major_formatter(), ScalarFormatter):
                continue  # dates, catégories, format choisi par l'auteur : on n'y touche pas
            if _graduations_en_annees(axe):
                axe.set_major_locator(MaxNLocator(integer=True))
                axe.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}"))
            else:
                axe.set_major_formatter(FuncFormatter(_nombre_fr))


def afficher(fig, alt: str, source: str = "") -> Figure:
    """Transforme une figure matplotlib en SVG accessible ; ``alt`` décrit ce que montre le graphique."""
    if not alt or not alt.strip():
        raise ValueError("Texte alternatif manquant : décrivez en une phrase ce que montre le graphique "
                         "(paramètre alt=…), pour les lecteurs d'écran.")
    franciser_les_axes(fig)
    tampon = io.StringIO()
    with style_du_cours():
        fig.savefig(tampon, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = tampon.getvalue()
    svg = svg[svg.index("<svg"):]  # sans le prologue XML ni le DOCTYPE, interdits dans du HTML
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r">\s+<", "><", svg)  # l'indentation de matplotlib : un tiers du fichier
    svg = re.sub(r"(\d+\.\d{2})\d+", r"\1", svg)  # coordonnées au centième de point : invisible à l'écran
    svg = re.sub(r' transform="rotate\(-?0 [\d.]+ [\d.]+\)"', "", svg)  # étiquettes non tournées
    svg = re.sub(r'd="([^"]*)"', lambda m: 'd="' + " ".join(m.group(1).split()) + '"', svg)  # tracés sans retours à la ligne
    return Figure(svg, alt.strip(), source)


ALT_PAR_DEFAUT = "Graphique en courbes : {indicateur}, de {debut} à {fin}, pour {series}."


class Explorateur:
    """Graphique à choisir : widgets dans un noyau, graphiques statiques dans le livre.

    Dans JupyterLab ou Binder, le lecteur choisit les séries (pays…) et l'indicateur ; dans le livre
    statique (pas de noyau), un graphique par indicateur est affiché avec les séries par défaut.
    """

    def __init__(self, table, *, x, y, serie, indicateur=None, titre="{indicateur}", libelle_y="",
                 source="", alt=ALT_PAR_DEFAUT, series_defaut=None, noms_series=None, couleurs=None):
        colonnes = [x, y, serie] + ([indicateur] if indicateur else [])
        manquantes = [c for c in colonnes if c not in table.columns]
        if manquantes:
            raise KeyError(f"Colonnes absentes de la table : {', '.join(manquantes)}")
        self.table = table.dropna(subset=[y])
        self.x, self.y, self.serie, self.indicateur = x, y, serie, indicateur
        self.titre, self.libelle_y, self.source, self.alt = titre, libelle_y, source, alt
        self.noms_series = noms_series or NOMS_PAYS
        self.couleurs = couleurs or COULEURS_PAYS
        toutes = list(dict.fromkeys(self.table[serie]))
        self.series = [s for s in PAYS_PAIRS if s in toutes] + [s for s in toutes if s not in PAYS_PAIRS]
        self.series_defaut = [s for s in (series_defaut or self.series) if s in toutes]
        self.indicateurs = list(dict.fromkeys(self.table[indicateur])) if indicateur else [None]

    def _nom(self, s) -> str:
        return self.noms_series.get(s, str(s))

    def figure(self, series=None, indicateur=None) -> Figure:
        series = list(series or self.series_defaut)
        donnees = self.table
        if self.indicateur:
            indicateur = indicateur if indicateur is not None else self.indicateurs[0]
            donnees = donnees[donnees[self.indicateur] == indicateur]
        fig, ax = plt.subplots(figsize=STYLE["figure.figsize"])
        with style_du_cours():
            for s in series:
                part = donnees[donnees[self.serie] == s].sort_values(self.x)
                if part.empty:
                    continue
                ax.plot(part[self.x], part[self.y], label=self._nom(s), color=self.couleurs.get(s),
                        linewidth=2.6 if s == "MAR" else 1.6, marker="o" if len(part) < 15 else None)
            libelle = indicateur if indicateur is not None else self.libelle_y
            ax.set_title(self.titre.format(indicateur=libelle))
            ax.set_ylabel(self.libelle_y or str(libelle))
            ax.set_xlabel(str(self.x).capitalize() if self.x != "annee" else "Année")
            ax.legend(loc="best")
        valeurs_x = donnees[donnees[self.serie].isin(series)][self.x]
        alt = self.alt.format(indicateur=libelle, series=", ".join(self._nom(s) for s in series),
                              debut=valeurs_x.min() if len(valeurs_x) else "?",
                              fin=valeurs_x.max() if len(valeurs_x) else "?")
        return afficher(fig, alt=alt, source=self.source)

    def figures(self) -> list[Figure]:
        return [self.figure(indicateur=i) for i in self.indicateurs]

    def html(self) -> str:
        return "\n".join(f.html() for f in self.figures())

    def widget(self):
        import ipywidgets as w
        from IPython.display import display

        choix_series = w.SelectMultiple(options=[(self._nom(s), s) for s in self.series],
                                        value=tuple(self.series_defaut), rows=min(8, len(self.series)),
                                        description="Séries", layout=w.Layout(width="auto"))
        choix_indicateur = w.Dropdown(options=self.indicateurs, description="Indicateur",
                                      layout=w.Layout(width="auto", display="" if self.indicateur else "none"))
        sortie = w.Output()

        def redessiner(_=None):
            sortie.clear_output(wait=True)
            with sortie:
                display(self.figure(choix_series.value or self.series_defaut, choix_indicateur.value))

        choix_series.observe(redessiner, names="value")
        choix_indicateur.observe(redessiner, names="value")
        redessiner()
        return w.VBox([w.HBox([choix_series, choix_indicateur]), sortie])

    def _repr_mimebundle_(self, include=None, exclude=None):
        paquet = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        figures = self.figures()
        paquet[MIME_FIGURES] = {"figures": [f.donnees() for f in figures]}
        paquet["text/html"] = "\n".join(f.html() for f in figures)
        paquet["text/plain"] = f"Explorateur : {len(self.series)} séries, {len(self.indicateurs)} indicateur(s)"
        return paquet


def explorateur(table, **options) -> Explorateur:
    """Graphique interactif (widgets dans un noyau) avec sa version statique pour le livre.

    ``table`` est au format long : une ligne par (série, x, [indicateur]) avec la valeur ``y``.
    Exemple : ``explorateur(t, x="annee", y="valeur", serie="code", indicateur="indicateur",
    libelle_y="% de la population", source=donnees.source_courte("owid-internet-2025"),
    series_defaut=PAYS_PAIRS)``. ``alt`` peut utiliser {indicateur}, {series}, {debut} et {fin}.
    """
    return Explorateur(table, **options)
