"""Code partagé du cours : chargeur de données, quiz, style des graphiques.

Le livre, JupyterLab et Binder importent tous ce même paquet (installé par ``pip install -e .``).
"""

from pathlib import Path

#: Racine du dépôt (le paquet est installé en mode éditable depuis le dépôt).
RACINE = Path(__file__).resolve().parent.parent

__all__ = ["RACINE"]
