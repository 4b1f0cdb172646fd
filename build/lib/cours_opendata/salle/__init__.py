"""La salle de formation : comptes des participants (``comptes``) et, à venir, le serveur JupyterHub de la salle.

    python -m cours_opendata.salle comptes liste.txt --adresse http://192.168.1.20:8000 [--creer]
"""
