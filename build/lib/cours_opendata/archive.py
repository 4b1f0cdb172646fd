"""Copie hors ligne du livre (``make zip``) : une archive ZIP à ouvrir depuis le disque (file://).

Le site ne demande rien à aucun autre serveur : une fois décompressée, l'archive fonctionne sans
réseau (navigation, recherche, figures, quiz). Ouvrir ``cours-opendata-maroc/index.html``.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from . import RACINE

NOM = "cours-opendata-maroc"


def creer_archive(html: Path = RACINE / "_build" / "html", cible: Path | None = None) -> Path:
    if not (html / "index.html").is_file():
        raise SystemExit(f"Livre non construit ({html}) : lancez d'abord `make book`.")
    cible = cible or html.parent / f"{NOM}.zip"
    temporaire = cible.with_suffix(".zip.partiel")
    with zipfile.ZipFile(temporaire, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for fichier in sorted(html.rglob("*")):
            if fichier.is_file():
                zf.write(fichier, Path(NOM) / fichier.relative_to(html))
    temporaire.replace(cible)  # jamais d'archive à moitié écrite sous le nom final
    return cible


def main() -> int:
    archive = creer_archive()
    print(f"Copie hors ligne : {archive} ({archive.stat().st_size / 1e6:.1f} Mo). "
          f"Décompressez-la puis ouvrez {NOM}/index.html dans un navigateur.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
