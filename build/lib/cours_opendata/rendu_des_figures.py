"""Les figures du cours dans le livre : un fichier SVG par figure, chargé à la demande (``loading="lazy"``).

Greffon de rendu de MyST-NB (point d'entrée ``myst_nb.mime_renderers`` dans ``pyproject.toml``) pour le type
``graphiques.MIME_FIGURES``. Une page qui montre sept graphiques ne les embarque plus dans son HTML : le
navigateur ne télécharge que ceux qui entrent à l'écran. Le texte alternatif devient l'attribut ``alt``
de l'image, la source la légende. Dans JupyterLab, ce type est inconnu : le HTML (SVG dans la page) s'affiche.
"""

from __future__ import annotations

import hashlib

from docutils import nodes

from .graphiques import MIME_FIGURES


class RenduDesFigures:
    """Greffon MyST-NB : voir ``myst_nb.core.render.MimeRenderPlugin``."""

    # Priorité la plus haute pour le constructeur HTML : préféré au text/html de la même sortie.
    mime_priority_overrides = (("html", MIME_FIGURES, 1), ("dirhtml", MIME_FIGURES, 1), ("singlehtml", MIME_FIGURES, 1))

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type != MIME_FIGURES or inline:
            return None
        noeuds = []
        for figure in data.content.get("figures", []):
            octets = figure["svg"].encode("utf-8")
            nom = f"graphique-{hashlib.sha256(octets).hexdigest()[:20]}.svg"
            uri = renderer.write_file([nom], octets, overwrite=False, exists_ok=True)
            image = nodes.image(uri=uri, alt=figure["alt"], loading="lazy")
            noeud = nodes.figure("", image, classes=["graphique"])
            if figure.get("source"):  # légende sans numéro (« Fig. 7 ») : une source, pas un titre
                noeud += nodes.legend("", nodes.paragraph("", f"Source\u202f: {figure['source']}"))
            noeuds.append(noeud)
        return noeuds
