"""Le bouton « Choisir un fichier » du notebook « Votre propre fichier » (JupyterLab, Binder, salle de formation).

Le fichier déposé est copié dans ``sorties/votre-fichier/`` (jamais par-dessus un fichier du même nom), puis
diagnostiqué ; le rapport s’affiche sous le bouton. Dans le livre en ligne, il n’y a pas de noyau : la page
explique comment ouvrir le notebook, sans bouton inerte.
"""

from __future__ import annotations

import html
from pathlib import Path

from .. import RACINE
from . import FichierRefuse, diagnostiquer
from .lecture import LIMITE_MO

DOSSIER = RACINE / "sorties" / "votre-fichier"
FORMATS_ACCEPTES = ".csv,.txt,.tsv,.xlsx,.xlsm,.ods"


def _sans_ecraser(dossier: Path, nom: str) -> Path:
    chemin = dossier / Path(nom).name  # jamais de chemin venu du navigateur
    n = 2
    while chemin.exists():
        chemin = dossier / f"{Path(nom).stem}-{n}{Path(nom).suffix}"
        n += 1
    return chemin


def enregistrer_et_diagnostiquer(nom: str, contenu: bytes, dossier: Path = DOSSIER):
    """Copie le fichier déposé dans ``dossier`` puis le diagnostique (résultats à côté) ; renvoie le diagnostic."""
    dossier.mkdir(parents=True, exist_ok=True)
    chemin = _sans_ecraser(dossier, nom)
    chemin.write_bytes(contenu)
    return diagnostiquer(chemin, dossier / f"diagnostic-{chemin.stem}")


class DepotDeFichier:
    def __init__(self, dossier: Path = DOSSIER):
        self.dossier = Path(dossier)

    def widget(self):
        import ipywidgets as w
        from IPython.display import HTML, display

        depot = w.FileUpload(accept=FORMATS_ACCEPTES, multiple=False, description="Choisir un fichier",
                             button_style="primary", layout=w.Layout(width="auto"))
        sortie = w.Output()

        def recu(_change):
            sortie.clear_output()
            if not depot.value:
                return
            fichier = depot.value[0]
            with sortie:
                display(HTML(f"<p role=\"status\">Diagnostic de {html.escape(fichier['name'])} en cours…</p>"))
                try:
                    d = enregistrer_et_diagnostiquer(fichier["name"], bytes(fichier["content"]), self.dossier)
                except FichierRefuse as exc:
                    sortie.clear_output()
                    display(HTML(f"<p role=\"alert\"><strong>Fichier refusé.</strong> {html.escape(str(exc))}</p>"))
                    return
                sortie.clear_output()
                display(d)

        depot.observe(recu, names="value")
        consigne = w.HTML(f"<p>CSV, Excel (.xlsx) ou LibreOffice (.ods), au plus {LIMITE_MO}\u00a0Mo. Le fichier reste "
                          f"sur cette machine, dans <code>{html.escape(str(self.dossier))}</code>.</p>")
        return w.VBox([consigne, depot, sortie])

    def _repr_mimebundle_(self, include=None, exclude=None):
        paquet = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        paquet["text/html"] = (
            "<p class=\"depot-hors-noyau\">Ici, dans le livre en ligne, le bouton «\u202fChoisir un fichier\u202f» "
            "n’apparaît pas : il faut un noyau Python. Ouvrez ce notebook dans JupyterLab (sur le poste de la salle "
            "ou sur Binder), ou lancez l’outil en ligne de commande comme indiqué plus bas.</p>")
        paquet["text/plain"] = "Bouton « Choisir un fichier » (JupyterLab)"
        return paquet


def depot_de_fichier(dossier: Path = DOSSIER) -> DepotDeFichier:
    """Le bouton pour déposer votre fichier et le diagnostiquer dans le notebook."""
    return DepotDeFichier(dossier)
