"""Noyaux Python chiffrés : le gestionnaire fournit des clés CurveZMQ au noyau qu'il lance.

ipykernel 7 prévient, à chaque démarrage, que le noyau parle en clair sur TCP (des dizaines de lignes
par construction). Le noyau du cours déclare savoir chiffrer (``supported_encryption: curve`` dans
son kernel.json) ; jupyter_client ne s'en sert que si ``transport_encryption`` vaut « auto ». Ni
myst-nb ni nbclient ne transmettent de configuration à leur gestionnaire de noyau : on change donc la
valeur par défaut de la classe, une fois, dans les processus qui exécutent des notebooks (construction,
mesures, tests). Sur une machine partagée (salle de formation), c'est aussi ce qui empêche un autre
compte de lire les échanges avec le noyau.
"""

from __future__ import annotations


def chiffrer_les_noyaux() -> None:
    import zmq
    from jupyter_client.manager import KernelManager

    if zmq.has("curve"):
        KernelManager.class_traits()["transport_encryption"].default_value = "auto"
