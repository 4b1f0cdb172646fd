"""Les comptes de la salle de formation (cours_opendata.salle.comptes) : identifiants, mots de passe générés,
fiche imprimable, comptes du système isolés (créés puis supprimés par le test)."""

from __future__ import annotations

import os
import pwd
import secrets
import stat
from pathlib import Path

import pytest

from cours_opendata.salle import comptes


def test_identifiants_lisibles_et_uniques():
    lot = comptes.preparer(["Amina Alaoui", "Amina Alaoui ", "Ñoël Benjelloun-Idrissi", "1er adjoint"])
    assert [c.identifiant for c in lot] == ["amina-alaoui", "amina-alaoui-2", "noel-benjelloun-idrissi", "p-1er-adjoint"]


def test_mots_de_passe_generes_sans_caractere_ambigu():
    lot = comptes.preparer([f"Participant {i}" for i in range(30)])
    mots = [c.mot_de_passe for c in lot]
    assert len(set(mots)) == 30  # aucun mot de passe partagé
    assert all(len(m) == comptes.LONGUEUR_DU_MOT_DE_PASSE and set(m) <= set(comptes.ALPHABET) for m in mots)
    assert not set("0O1li") & set("".join(mots))


def test_liste_texte_ou_tableau(tmp_path):
    texte = tmp_path / "liste.txt"
    texte.write_text("# atelier du 3 décembre\nAmina Alaoui\n\nAlaoui, Youssef\n", encoding="utf-8")
    assert comptes.lire_liste(texte) == ["Amina Alaoui", "Alaoui, Youssef"]  # la virgule d'un nom reste
    tableau = tmp_path / "liste.csv"
    tableau.write_text("nom;organisme\nAmina Alaoui;Région de l'Oriental\nKarim Tazi;ADD\n", encoding="utf-8")
    assert comptes.lire_liste(tableau) == ["Amina Alaoui", "Karim Tazi"]


@pytest.mark.parametrize("contenu, attendu", [
    ("", "aucun nom"), ("# rien\n\n", "aucun nom"), ("Amina\nAmina\n", "noms en double"),
    ("organisme;ville\nADD;Rabat\n", "sans colonne"),
])
def test_liste_mal_faite_message_francais(tmp_path, contenu, attendu):
    fichier = tmp_path / "liste.csv"
    fichier.write_text(contenu, encoding="utf-8")
    with pytest.raises(comptes.ComptesInvalides, match=attendu):
        comptes.lire_liste(fichier)
    with pytest.raises(comptes.ComptesInvalides, match="n’existe pas"):
        comptes.lire_liste(tmp_path / "absente.txt")


def test_fiche_imprimable(tmp_path):
    lot = comptes.preparer(["Amina Alaoui", "Karim Tazi"])
    html = comptes.fiche_html(lot, "http://192.168.1.20:8000")
    assert html.count('class="carte"') == 2 and 'lang="fr"' in html
    assert all(c.mot_de_passe in html and c.identifiant in html for c in lot)
    assert "http://192.168.1.20:8000" in html and "http" not in html.replace("http://192.168.1.20:8000", "")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="créer des comptes système demande root")
def test_comptes_systeme_isoles_puis_supprimes():
    import pamela

    lot = [comptes.Compte(f"Essai {i}", f"essai-{secrets.token_hex(3)}-{i}", comptes.mot_de_passe()) for i in (1, 2)]
    try:
        comptes.creer_sur_le_systeme(lot)
        for c in lot:
            compte = pwd.getpwnam(c.identifiant)
            mode = stat.S_IMODE(Path(compte.pw_dir).stat().st_mode)
            assert mode == 0o700, oct(mode)  # un participant ne lit pas le dossier d'un autre
            pamela.authenticate(c.identifiant, c.mot_de_passe)  # le mot de passe de la fiche ouvre la session
            with pytest.raises(pamela.PAMError):
                pamela.authenticate(c.identifiant, "mauvais-mot-de-passe")
        comptes.creer_sur_le_systeme(lot)  # relancer ne casse rien (mots de passe remis à jour)
    finally:
        comptes.supprimer_du_systeme([c.identifiant for c in lot] + ["root"])
    assert all(not _existe(c.identifiant) for c in lot)
    assert _existe("root")  # jamais un compte hors du groupe de la salle


def _existe(nom: str) -> bool:
    try:
        pwd.getpwnam(nom)
        return True
    except KeyError:
        return False


def test_ligne_de_commande(tmp_path, capsys):
    from cours_opendata.salle.__main__ import main

    liste = tmp_path / "liste.txt"
    liste.write_text("Amina Alaoui\nKarim Tazi\n", encoding="utf-8")
    assert main(["comptes", str(liste), "--adresse", "http://10.0.0.5:8000", "--sortie", str(tmp_path / "s")]) == 0
    fiche = tmp_path / "s" / "comptes-a-imprimer.html"
    assert stat.S_IMODE(fiche.stat().st_mode) == 0o600 and "karim-tazi" in fiche.read_text(encoding="utf-8")
    assert "2 comptes préparés" in capsys.readouterr().out
    assert main(["comptes", str(tmp_path / "absente.txt")]) == 1
    assert "Erreur" in capsys.readouterr().err


def test_ouvrir_la_salle_sans_liste_ou_sans_preparation(tmp_path, capsys):
    from cours_opendata.salle.__main__ import main

    assert main(["demarrer", str(tmp_path / "absente.txt"), "--formateur", "moi"]) == 1
    assert "n’existe pas" in capsys.readouterr().err



def test_outils_du_formateur_mauvaises_entrees(tmp_path, capsys):
    from cours_opendata.salle.__main__ import main

    assert main(["connectes", "--prefixe", str(tmp_path)]) == 1
    assert "pas ouverte" in capsys.readouterr().err
    assert main(["reinitialiser", "personne-inconnue-x", "notebooks/a.ipynb", "--prefixe", str(tmp_path)]) == 1
    assert "n’est pas dans le cours" in capsys.readouterr().err
    (tmp_path / "cours" / "notebooks").mkdir(parents=True)
    (tmp_path / "cours" / "notebooks" / "a.ipynb").write_text("{}", encoding="utf-8")
    assert main(["reinitialiser", "personne-inconnue-x", "notebooks/a.ipynb", "--prefixe", str(tmp_path)]) == 1
    assert "n’existe pas sur cette machine" in capsys.readouterr().err


def test_port_deja_pris(tmp_path):
    import socket

    from cours_opendata.salle import hub

    with socket.socket() as occupe:
        occupe.bind(("127.0.0.1", 0))
        occupe.listen()
        salle = hub.Salle(participants=["a"], formateur="f", prefixe=tmp_path, port=occupe.getsockname()[1],
                          adresse="127.0.0.1")
        with pytest.raises(hub.SalleImpossible, match=r"déjà pris.*PORT="):
            hub.demarrer(salle)
    assert not (tmp_path / "etat").exists()  # rien d'écrit


def test_dimensionnement_tire_des_mesures():
    from cours_opendata.salle.charge import Mesure, dimensionnement

    def serie(n, p95, memoire):
        return Mesure(participants=n, tous_prets=n, execution=[p95] * n, memoire_propre=[memoire] * n,
                      memoire_residente=[memoire * 1.4] * n, temps_processeur=4.0)

    d = dimensionnement([serie(5, 6, 200), serie(10, 11, 250), serie(20, 21, 240)], coeurs=2)
    assert d["memoire_par_participant"] == 250 and d["participants_par_go"] == 4
    assert d["participants_par_coeur_mesure"] == 10 and d["toutes_les_series_tenues"]
    assert abs(d["participants_par_coeur_extrapole"] - 14.5) < 0.01  # p95 = n + 1 : 30 s à 29 participants
    d = dimensionnement([serie(5, 12, 200), serie(10, 40, 200)], coeurs=2)
    assert d["participants_par_coeur_mesure"] == 2.5 and not d["toutes_les_series_tenues"]


def test_deploiement_kubernetes_coherent_avec_la_salle():
    """outils/zero-to-jupyterhub/config.yaml : mêmes règles que le serveur de la salle."""
    import shlex

    import yaml

    from cours_opendata import RACINE
    from cours_opendata.salle import hub

    config = yaml.safe_load((RACINE / "outils" / "zero-to-jupyterhub" / "config.yaml").read_text(encoding="utf-8"))
    assert config["cull"]["enabled"] and config["cull"]["timeout"] == hub.INACTIVITE_PAR_DEFAUT
    auth = config["hub"]["config"]
    assert auth["JupyterHub"]["authenticator_class"] not in ("dummy", "null", "tmp")
    assert auth["NativeAuthenticator"]["open_signup"] is False and auth["Authenticator"]["admin_users"]

    def secrets_ecrits(noeud, chemin=""):  # aucun mot de passe ni jeton écrit dans le dépôt
        for cle, valeur in (noeud.items() if isinstance(noeud, dict) else []):
            if isinstance(valeur, dict):
                yield from secrets_ecrits(valeur, f"{chemin}.{cle}")
            elif isinstance(valeur, str) and any(m in cle.lower() for m in ("password", "token", "key", "secret")):
                yield f"{chemin}.{cle}"

    assert list(secrets_ecrits(config)) == []
    commande = config["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"][-1]
    copies = [m.removeprefix("/srv/cours/") for m in shlex.split(commande.replace(";", " ; "))
              if m.startswith("/srv/cours/")]
    assert tuple(copies) == hub.CONTENU_DU_COURS
    assert config["singleuser"]["extraEnv"]["COURS_DATA_CACHE"] == "/srv/cours/data/cache"
    memoire = config["singleuser"]["memory"]
    assert memoire["guarantee"] == "512M" and memoire["limit"] == "2G"
    assert config["proxy"]["https"]["enabled"]
