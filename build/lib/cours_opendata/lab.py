"""JupyterLab pour le cours : en français, pages MyST ouvertes comme des notebooks, fichiers jamais réécrits.

``make lab`` lance ``python -m cours_opendata.lab`` ; ``postBuild`` (Binder) lance
``python -m cours_opendata.lab --reglages-seulement``. Une seule source pour les réglages :

- la langue de l’interface (paquet de langue français, épinglé dans ``requirements-lab.txt``) ;
- les pages ``.md`` du livre ouvertes par Jupytext comme des notebooks (rendues par jupyterlab-myst) ;
- le nom du noyau « Python 3 », celui qu’écrivent les pages : l’ouvrir ne change pas le fichier.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

from . import RACINE

REGLAGES = {
    "@jupyterlab/translation-extension:plugin": {"locale": "fr_FR"},
    # Ni nouvelles ni recherche de mises à jour : aucune requête vers Internet depuis une salle hors ligne.
    "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"},
    },
}
NOM_DU_NOYAU = "Python 3"
#: Le serveur de JupyterLab enregistre les notebooks sans leurs sorties ni ce qui dépend du poste : un
#: notebook du cours ouvert, exécuté puis enregistré reste tel qu’il est dans le dépôt (32 Ko, pas 4 Mo).
CONFIGURATION_DU_SERVEUR = {"ContentsManager": {"pre_save_hook": "cours_opendata.lab.avant_enregistrement"}}
METADONNEES_DU_POSTE = ("language_info", "widgets", "vscode", "toc", "varInspector")


_EN_TETE = re.compile(r"\A---\n.*?\n---\n\n?", re.S)


def garder_l_en_tete(texte: str, ancien: str | None) -> str:
    """L’en-tête YAML d’une page est celui du dépôt : JupyterLab n’en ajoute pas (page sans code) et n’y
    écrit ni numéros de version ni noyau réordonné (page avec code)."""
    if ancien is None:
        return texte
    sans_en_tete = _EN_TETE.sub("", texte, count=1)
    ancien_en_tete = _EN_TETE.match(ancien)
    return (ancien_en_tete.group(0) if ancien_en_tete else "") + sans_en_tete


def avant_enregistrement(model, path="", contents_manager=None, **_):
    """Crochet ``pre_save_hook`` : un notebook perd ses sorties, ses compteurs et ce qui dépend du poste ;
    une page ``.md`` garde son en-tête. Ouvrir puis enregistrer un fichier du cours ne le change pas."""
    if model.get("type") == "file" and str(path).endswith(".md") and isinstance(model.get("content"), str):
        ancien = None
        if contents_manager is not None and hasattr(contents_manager, "_get_os_path"):
            fichier = Path(contents_manager._get_os_path(path))
            ancien = fichier.read_text(encoding="utf-8") if fichier.is_file() else None
        model["content"] = garder_l_en_tete(model["content"], ancien)
        return
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    carnet = model["content"]
    for cle in METADONNEES_DU_POSTE:
        carnet.get("metadata", {}).pop(cle, None)
    for cellule in carnet.get("cells", []):
        if cellule.get("cell_type") == "code":
            cellule["outputs"], cellule["execution_count"] = [], None
        cellule.get("metadata", {}).pop("execution", None)


def dossier_des_reglages(prefixe: Path | None = None) -> Path:
    return Path(prefixe or sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def ecrire_reglages(prefixe: Path | None = None) -> Path:
    """Écrit ``overrides.json`` (fusionné avec un fichier existant : on n’efface pas les réglages du poste)."""
    dossier = dossier_des_reglages(prefixe)
    dossier.mkdir(parents=True, exist_ok=True)
    fichier = dossier / "overrides.json"
    existants = json.loads(fichier.read_text(encoding="utf-8")) if fichier.is_file() else {}
    for extension, valeurs in REGLAGES.items():
        existants.setdefault(extension, {}).update(valeurs)
    fichier.write_text(json.dumps(existants, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return fichier


def ecrire_configuration_du_serveur(prefixe: Path | None = None) -> Path:
    """Fusionne ``CONFIGURATION_DU_SERVEUR`` dans ``etc/jupyter/jupyter_server_config.json`` de l’environnement
    (les fichiers de ``jupyter_server_config.d`` ne servent qu’à activer des extensions)."""
    dossier = Path(prefixe or sys.prefix) / "etc" / "jupyter"
    dossier.mkdir(parents=True, exist_ok=True)
    fichier = dossier / "jupyter_server_config.json"
    existante = json.loads(fichier.read_text(encoding="utf-8")) if fichier.is_file() else {}
    for section, valeurs in CONFIGURATION_DU_SERVEUR.items():
        existante.setdefault(section, {}).update(valeurs)
    fichier.write_text(json.dumps(existante, indent=2) + "\n", encoding="utf-8")
    return fichier


def installer_le_noyau(prefixe: Path | None = None) -> None:
    """Le noyau « python3 » de l’environnement, nommé comme dans les pages (sinon JupyterLab renomme)."""
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", str(prefixe or sys.prefix),
                    "--name", "python3", "--display-name", NOM_DU_NOYAU], check=True, capture_output=True)


def port_libre(debut: int = 8888) -> int:
    for port in range(debut, debut + 50):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)):
                return port
    raise SystemExit(f"Aucun port libre entre {debut} et {debut + 49}. Que faire : fermez un autre JupyterLab.")


def commande(port: int, adresse: str = "127.0.0.1", navigateur: bool = True, racine: Path = RACINE) -> list[str]:
    options = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={adresse}", f"--ServerApp.port={port}",
               f"--ServerApp.root_dir={racine}"]
    if not navigateur:
        options.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Conteneur ou serveur neuf : JupyterLab refuse root sans cette option.
        options.append("--allow-root")
    return options


def main(argv: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(prog="python -m cours_opendata.lab",
                                      description="Lance JupyterLab pour le cours, en français.")
    parseur.add_argument("--reglages-seulement", action="store_true",
                         help="écrire les réglages et le noyau (Binder), sans lancer JupyterLab")
    parseur.add_argument("--port", type=int, default=0, help="port (par défaut : le premier libre à partir de 8888)")
    parseur.add_argument("--sans-navigateur", action="store_true", help="ne pas ouvrir de navigateur")
    arguments = parseur.parse_args(argv)
    fichier = ecrire_reglages()
    ecrire_configuration_du_serveur()
    installer_le_noyau()
    if arguments.reglages_seulement:
        print(f"Réglages de JupyterLab écrits dans {fichier}")
        return 0
    port = arguments.port or port_libre()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        print("JupyterLab est lancé en administrateur (root) : option --allow-root ajoutée. Sur un poste "
              "partagé, préférez un compte ordinaire.")
    print(f"JupyterLab démarre à l’adresse http://127.0.0.1:{port}/lab (le jeton d’accès s’affiche plus bas). "
          "Pour arrêter : Ctrl+C deux fois.")
    return subprocess.call(commande(port, navigateur=not arguments.sans_navigateur))


if __name__ == "__main__":
    sys.exit(main())
