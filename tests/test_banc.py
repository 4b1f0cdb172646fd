"""Le serveur local des tests et des mesures : fichiers bruts, ou textes en gzip comme un hébergeur réel."""

from __future__ import annotations

import gzip
import urllib.request

from cours_opendata import banc


def _lire(url, encodage=None):
    requete = urllib.request.Request(url, headers={"Accept-Encoding": encodage} if encodage else {})
    with urllib.request.urlopen(requete, timeout=10) as reponse:
        return reponse.headers.get("Content-Encoding"), reponse.read()


def test_serveur_avec_et_sans_compression(tmp_path):
    page = "<!doctype html><p>" + "données ouvertes " * 500 + "</p>"
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG" + bytes(200))
    for compression in (False, True):
        url, serveur = banc.servir(tmp_path, compression=compression)
        try:
            encodage, corps = _lire(f"{url}/index.html", "gzip, br")
            if compression:
                assert encodage == "gzip" and len(corps) < len(page) / 10
                assert gzip.decompress(corps).decode("utf-8") == page
                assert _lire(f"{url}/", "gzip")[0] == "gzip"  # index d'un dossier
                assert _lire(f"{url}/index.html")[0] is None  # le client ne sait pas décompresser
                assert _lire(f"{url}/image.png", "gzip")[0] is None  # déjà compressé : envoyé tel quel
            else:
                assert encodage is None and corps.decode("utf-8") == page
        finally:
            banc.arreter(serveur)
