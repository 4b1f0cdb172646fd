"""``python -m cours_opendata.modeles [DOSSIER]`` : écrit les modèles bureautiques (par défaut dans le site)."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import RACINE
from . import DOSSIER_MODELES, ErreurModele, produire


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    dossier = Path(argv[0]) if argv else RACINE / "_build" / "html" / DOSSIER_MODELES
    try:
        ecrits = produire(dossier)
    except ErreurModele as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Erreur : impossible d’écrire dans {dossier} ({exc.strerror}). Que faire : choisissez un dossier "
              "où vous avez le droit d’écrire.", file=sys.stderr)
        return 1
    for chemin in ecrits:
        print(f"{chemin} ({chemin.stat().st_size / 1e3:.0f} Ko)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
