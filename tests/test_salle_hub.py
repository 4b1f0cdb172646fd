"""Le serveur de la salle, vraiment démarré : JupyterHub sur 127.0.0.1, trois participants et un formateur
(comptes système créés puis supprimés), connexion par mot de passe, un notebook du cours exécuté dans le noyau
d'un participant par l'API, isolement entre participants, travail conservé après un redémarrage du hub.
"""

from __future__ import annotations

import os
import time

import pytest
import requests

from cours_opendata import RACINE
from cours_opendata.salle import charge

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="des comptes système par participant : il faut root (make test en CI l'est)")


def executer(base: str, nom: str, jeton: str, code: str, delai: float = 180) -> str:
    return charge.executer(charge.executer_du_code(base, nom, jeton, code, delai))


@pytest.fixture(scope="module")
def salle(request):
    # La salle sert le livre construit : pip installe l'environnement pendant que le livre se construit.
    with charge.salle_d_essai(RACINE, 3, "cours-opendata-salle-essai",
                              livre_construit=lambda: request.getfixturevalue("livre")) as essai:
        yield essai


def _admin(salle) -> dict:
    return {"Authorization": f"token {salle.salle.jeton_de_service}"}


def _connecter_et_demarrer(salle, compte) -> str:
    """Connexion par le formulaire (mot de passe de la fiche), puis démarrage du serveur ; renvoie un jeton."""
    base, admin = salle.base, salle.salle.jeton_de_service
    code, _ = charge.connecter(base, compte.identifiant, compte.mot_de_passe)
    assert code == 302
    assert charge.connecter(base, compte.identifiant, "pas-le-bon")[0] == 403
    try:
        charge.demarrer_et_attendre(base, compte.identifiant, admin, 180)
    except charge.ExecutionEnEchec as exc:
        pytest.fail(f"{exc} Voir {salle.salle.etat}/jupyterhub.log")
    return charge.jeton_de(base, compte.identifiant, admin, 900)


def test_trois_participants_isoles_un_notebook_execute_et_le_travail_garde(salle):
    base = salle.base
    a, b, c = salle.participants
    jetons = {x.identifiant: _connecter_et_demarrer(salle, x) for x in (a, b, c)}
    # Chaque noyau tourne sous le compte de son participant, dans sa copie du cours.
    qui = executer(base, a.identifiant, jetons[a.identifiant],
                   "import getpass, os\nprint(getpass.getuser(), sorted(os.listdir(os.path.expanduser('~/cours'))))")
    assert qui.startswith(a.identifiant) and "'notebooks'" in qui and "'book'" in qui, qui
    # Un notebook du cours ouvert et exécuté comme dans JupyterLab (une session, une cellule après l'autre).
    relatif = charge.NOTEBOOK_DU_BANC  # l'atelier de nettoyage : il lit le catalogue et le cache des données
    duree = charge.executer(charge.executer_le_notebook(base, a.identifiant, jetons[a.identifiant],
                                                        salle.salle.prefixe / "cours" / relatif, relatif))
    assert duree > 0
    executer(base, a.identifiant, jetons[a.identifiant],
             "import os\nopen(os.path.expanduser('~/cours/travail-a.txt'), 'w').write('réponses de A')")
    # B écrit chez lui ; A ne peut ni le lire, ni arrêter le serveur de B.
    executer(base, b.identifiant, jetons[b.identifiant],
             "import os\nopen(os.path.expanduser('~/cours/secret-b.txt'), 'w').write('B')")
    lecture = executer(base, a.identifiant, jetons[a.identifiant], (
        f"import pwd\ntry:\n    print(open(pwd.getpwnam('{b.identifiant}').pw_dir + '/cours/secret-b.txt').read())\n"
        "except PermissionError:\n    print('refusé')"))
    assert lecture.strip() == "refusé", lecture
    arret = requests.delete(base + f"/hub/api/users/{b.identifiant}/server",
                            headers={"Authorization": f"token {jetons[a.identifiant]}"}, timeout=30)
    assert arret.status_code in (403, 404), arret.status_code
    acces = requests.get(base + f"/user/{b.identifiant}/api/contents",
                         headers={"Authorization": f"token {jetons[a.identifiant]}"}, timeout=30, allow_redirects=False)
    assert acces.status_code in (302, 403), acces.status_code
    # Le livre est servi à la même adresse.
    livre = requests.get(base + "/services/livre/book/index.html", timeout=30)
    assert livre.status_code == 200 and "open data" in livre.text.lower()
    assert requests.get(base + "/services/livre/index.html", timeout=30).text.lower().count("url=book/index.html")
    # Le hub tué en pleine séance (son proxy tient encore le port), puis relancé : le travail de A est là.
    salle.redemarrer(brutal=True)
    jeton = _connecter_et_demarrer(salle, a)
    relu = executer(base, a.identifiant, jeton, "import os\nprint(open(os.path.expanduser('~/cours/travail-a.txt')).read())")
    assert relu.strip() == "réponses de A", relu


def test_page_de_connexion_en_francais(salle):
    reponse = requests.get(salle.base + "/hub/login", timeout=30)
    page = reponse.content.decode("utf-8")  # JupyterHub n'annonce pas le jeu de caractères
    assert reponse.status_code == 200 and 'lang="fr"' in page
    assert "Connexion à la salle du cours" in page and 'value="Se connecter"' in page
    assert "Sign in" not in page.split("<body", 1)[1].split("</form>")[0]
    session = requests.Session()
    session.get(salle.base + "/hub/login", timeout=30)
    refus = session.post(salle.base + "/hub/login", data={"username": salle.participants[0].identifiant,
                                                         "password": "pas-le-bon", "_xsrf": session.cookies.get("_xsrf")},
                         timeout=30)
    assert refus.status_code == 403 and "Identifiant ou mot de passe incorrect" in refus.content.decode("utf-8")


def test_configuration_sans_mot_de_passe_par_defaut(salle):
    texte = (salle.salle.etat / "jupyterhub_config.py").read_text(encoding="utf-8")
    assert '"pam"' in texte and "localprocess" in texte and "password" not in texte.lower()
    assert oct(salle.salle.etat.stat().st_mode & 0o777) == "0o700"


def test_reinstaller_l_environnement_seulement_s_il_a_change(salle, monkeypatch):
    from cours_opendata.salle import hub

    commandes = []
    monkeypatch.setattr(hub, "_executer", lambda commande, **_: commandes.append(commande))
    messages = []
    hub.installer_l_environnement(salle.salle.prefixe, RACINE, afficher=messages.append)
    assert commandes == [] and messages == ["Dépendances et paquet du cours déjà installés, inchangés"]
    marque = salle.salle.prefixe / "env" / ".installe"
    empreinte = marque.read_text(encoding="utf-8")
    try:
        marque.write_text("autre\n", encoding="utf-8")  # une exigence ou le paquet a changé
        hub.installer_l_environnement(salle.salle.prefixe, RACINE, afficher=messages.append)
        assert any("pip" in c and "-r" in c for c in commandes) and any("--force-reinstall" in c for c in commandes)
    finally:
        marque.write_text(empreinte, encoding="utf-8")


def test_outils_du_formateur(salle, tmp_path):
    import zipfile

    from cours_opendata.salle import formateur

    base = salle.base
    a, b, c = salle.participants
    for x in (a, b, c):
        _connecter_et_demarrer(salle, x)
    presents = {p["identifiant"]: p for p in formateur.connectes(base, salle.salle.jeton_de_service)}
    assert {a.identifiant, b.identifiant, c.identifiant} <= set(presents) and presents[a.identifiant]["pret"]
    cours = salle.salle.prefixe / "cours"
    relatif = "notebooks/quiz/partie-2.ipynb"
    (formateur.dossier_du_cours(a.identifiant) / relatif).write_text("{}", encoding="utf-8")  # A a tout cassé
    sauvegarde = formateur.reinitialiser(a.identifiant, relatif, cours)
    assert (formateur.dossier_du_cours(a.identifiant) / relatif).read_bytes() == (cours / relatif).read_bytes()
    assert sauvegarde and sauvegarde.read_text(encoding="utf-8") == "{}"  # sa version est gardée
    nouveau = tmp_path / "consigne.md"
    nouveau.write_text("# Consigne de l'après-midi\n", encoding="utf-8")
    formateur.distribuer(nouveau, "consigne.md", [a.identifiant, b.identifiant, c.identifiant])
    archive = formateur.collecter([a.identifiant, b.identifiant, c.identifiant], tmp_path / "travaux.zip")
    with zipfile.ZipFile(archive) as z:
        noms = set(z.namelist())
    assert f"{a.identifiant}/travail-a.txt" in noms and f"{c.identifiant}/consigne.md" in noms
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_un_serveur_inactif_est_arrete_et_le_travail_reste(salle):
    """Dernier test du module : le hub repart avec une inactivité courte ; le serveur de C, laissé sans activité,
    est arrêté par le service « inactifs », et ce que C avait écrit est toujours sur son disque."""
    base, s = salle.base, salle.salle
    *_, c = salle.participants
    jeton = _connecter_et_demarrer(salle, c)
    executer(base, c.identifiant, jeton, "import os\nopen(os.path.expanduser('~/cours/brouillon-c.txt'), 'w').write('C')")
    salle.redemarrer(inactivite=15)
    assert '"inactivite": 15' in (s.etat / "jupyterhub_config.py").read_text(encoding="utf-8").replace("\\", "")
    _connecter_et_demarrer(salle, c)
    fin = time.monotonic() + 150
    while time.monotonic() < fin:
        modele = requests.get(base + f"/hub/api/users/{c.identifiant}", headers=_admin(salle), timeout=30).json()
        if not modele.get("servers"):
            break
        time.sleep(2)
    else:
        pytest.fail("Le serveur inactif n'a pas été arrêté : voir le journal du service inactifs dans jupyterhub.log")
    journal = (s.etat / "jupyterhub.log").read_text(encoding="utf-8", errors="replace")
    assert f"Culling server {c.identifiant}" in journal
    from cours_opendata.salle import formateur

    assert (formateur.dossier_du_cours(c.identifiant) / "brouillon-c.txt").read_text(encoding="utf-8") == "C"


def test_un_cache_de_donnees_incomplet_est_refuse_avant_toute_installation(tmp_path, monkeypatch):
    from cours_opendata.salle import hub

    monkeypatch.setenv("COURS_DATA_CACHE", str(tmp_path / "cache-vide"))
    with pytest.raises(hub.SalleImpossible, match=r"ne sont pas toutes en cache.*make data"):
        hub.preparer(tmp_path / "salle", RACINE, afficher=lambda *_: None)
    assert not (tmp_path / "salle").exists()
