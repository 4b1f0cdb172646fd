"""Le serveur de la salle, vraiment démarré : JupyterHub sur 127.0.0.1, trois participants et un formateur
(comptes système créés puis supprimés), connexion par mot de passe, un notebook du cours exécuté dans le noyau
d'un participant par l'API, isolement entre participants, travail conservé après un redémarrage du hub.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import time
import uuid
from pathlib import Path

import pytest
import requests

from cours_opendata.salle import comptes, hub

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="des comptes système par participant : il faut root (make test en CI l'est)")


async def _executer(base: str, nom: str, jeton: str, code: str, delai: float = 180) -> str:
    """Exécute ``code`` dans un noyau du serveur de ``nom`` (API REST + canal WebSocket) ; renvoie sa sortie."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    en_tete = {"Authorization": f"token {jeton}"}
    noyau = requests.post(f"{base}/user/{nom}/api/kernels", headers=en_tete, json={"name": "python3"}, timeout=60)
    assert noyau.status_code == 201, noyau.text
    identifiant = noyau.json()["id"]
    ws = await websocket_connect(HTTPRequest(base.replace("http", "ws", 1) + f"/user/{nom}/api/kernels/{identifiant}/channels",
                                             headers=en_tete))
    message = uuid.uuid4().hex
    ws.write_message(json.dumps({
        "header": {"msg_id": message, "username": nom, "session": uuid.uuid4().hex, "msg_type": "execute_request",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    sortie, fin = [], time.monotonic() + delai
    while time.monotonic() < fin:
        m = json.loads(await asyncio.wait_for(ws.read_message(), delai))
        if m.get("parent_header", {}).get("msg_id") != message:
            continue
        if m["header"]["msg_type"] == "stream":
            sortie.append(m["content"]["text"])
        elif m["header"]["msg_type"] == "error":
            sortie.append(f"ERREUR {m['content']['ename']}: {m['content']['evalue']}")
        elif m["header"]["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    ws.close()
    requests.delete(f"{base}/user/{nom}/api/kernels/{identifiant}", headers=en_tete, timeout=30)
    return "".join(sortie)


def executer(*args, **kwargs) -> str:
    # Dans son propre fil : Playwright (tests du navigateur, même session) occupe la boucle du fil principal.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as fil:
        return fil.submit(asyncio.run, _executer(*args, **kwargs)).result()


@pytest.fixture(scope="module")
def salle():
    prefixe = Path(f"/opt/cours-opendata-salle-essai-{secrets.token_hex(3)}")  # lisible des participants
    lot = [comptes.Compte(f"Essai {i}", f"essai-{secrets.token_hex(2)}-{i}", comptes.mot_de_passe()) for i in range(4)]
    *participants, formateur = lot
    proc = None
    try:
        hub.preparer(prefixe, afficher=lambda *_: None)
        comptes.creer_sur_le_systeme(lot)
        s = hub.Salle(participants=[c.identifiant for c in participants], formateur=formateur.identifiant,
                      prefixe=prefixe, port=hub.port_libre(), adresse="127.0.0.1", jeton_de_service=secrets.token_hex(24))
        proc = hub.demarrer(s)
        base = f"http://127.0.0.1:{s.port}"
        hub.attendre(base + "/hub/api", 90)
        etat = {"salle": s, "base": base, "participants": participants, "proc": proc}
        yield etat
        proc = etat["proc"]
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except Exception:
                proc.kill()
        comptes.supprimer_du_systeme([c.identifiant for c in lot])
        shutil.rmtree(prefixe, ignore_errors=True)


def _admin(salle) -> dict:
    return {"Authorization": f"token {salle['salle'].jeton_de_service}"}


def _connecter_et_demarrer(salle, compte) -> str:
    """Connexion par le formulaire (mot de passe de la fiche), puis démarrage du serveur ; renvoie un jeton."""
    base = salle["base"]
    session = requests.Session()
    session.get(base + "/hub/login", timeout=30)
    r = session.post(base + "/hub/login", data={"username": compte.identifiant, "password": compte.mot_de_passe,
                                                "_xsrf": session.cookies.get("_xsrf")}, allow_redirects=False, timeout=30)
    assert r.status_code == 302, r.text[:500]
    mauvais = requests.Session()
    mauvais.get(base + "/hub/login", timeout=30)
    refus = mauvais.post(base + "/hub/login", data={"username": compte.identifiant, "password": "pas-le-bon",
                                                     "_xsrf": mauvais.cookies.get("_xsrf")}, allow_redirects=False, timeout=30)
    assert refus.status_code == 403
    r = requests.post(base + f"/hub/api/users/{compte.identifiant}/server", headers=_admin(salle), timeout=60)
    assert r.status_code in (201, 202, 400), r.text  # 400 : déjà démarré
    for _ in range(180):
        modele = requests.get(base + f"/hub/api/users/{compte.identifiant}", headers=_admin(salle), timeout=30).json()
        if modele.get("servers", {}).get("", {}).get("ready"):
            break
        time.sleep(1)
    else:
        pytest.fail(f"Le serveur de {compte.identifiant} n'a pas démarré : voir {salle['salle'].etat}/jupyterhub.log")
    jeton = requests.post(base + f"/hub/api/users/{compte.identifiant}/tokens", headers=_admin(salle),
                          json={"note": "test", "expires_in": 900}, timeout=30)
    assert jeton.status_code == 201, jeton.text
    return jeton.json()["token"]


def test_trois_participants_isoles_un_notebook_execute_et_le_travail_garde(salle):
    base = salle["base"]
    a, b, c = salle["participants"]
    jetons = {x.identifiant: _connecter_et_demarrer(salle, x) for x in (a, b, c)}
    # Chaque noyau tourne sous le compte de son participant, dans sa copie du cours.
    qui = executer(base, a.identifiant, jetons[a.identifiant],
                   "import getpass, os\nprint(getpass.getuser(), sorted(os.listdir(os.path.expanduser('~/cours'))))")
    assert qui.startswith(a.identifiant) and "'notebooks'" in qui and "'book'" in qui, qui
    # Un notebook du cours, exécuté dans le noyau du participant A.
    sortie = executer(base, a.identifiant, jetons[a.identifiant], (
        "import os, nbformat, nbclient\nfrom cours_opendata.noyaux import chiffrer_les_noyaux\n"
        "chiffrer_les_noyaux()\nos.chdir(os.path.expanduser('~/cours'))\n"
        "nb = nbformat.read('notebooks/quiz/partie-1.ipynb', 4)\nnbclient.NotebookClient(nb, timeout=180).execute()\n"
        "print('exécuté', sum(1 for x in nb.cells if x.cell_type == 'code' and x.outputs))\n"
        "open(os.path.expanduser('~/cours/travail-a.txt'), 'w').write('réponses de A')"), delai=300)
    assert "exécuté 4" in sortie and "ERREUR" not in sortie and "without encryption" not in sortie, sortie
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
    # Redémarrage du hub : le travail de A est toujours là.
    salle["proc"].terminate()
    salle["proc"].wait(60)
    salle["proc"] = hub.demarrer(salle["salle"])
    hub.attendre(base + "/hub/api", 90)
    jeton = _connecter_et_demarrer(salle, a)
    relu = executer(base, a.identifiant, jeton, "import os\nprint(open(os.path.expanduser('~/cours/travail-a.txt')).read())")
    assert relu.strip() == "réponses de A", relu


def test_configuration_sans_mot_de_passe_par_defaut(salle):
    texte = (salle["salle"].etat / "jupyterhub_config.py").read_text(encoding="utf-8")
    assert '"pam"' in texte and "localprocess" in texte and "password" not in texte.lower()
    assert oct(salle["salle"].etat.stat().st_mode & 0o777) == "0o700"


def test_outils_du_formateur(salle, tmp_path):
    import zipfile

    from cours_opendata.salle import formateur

    base = salle["base"]
    a, b, c = salle["participants"]
    for x in (a, b, c):
        _connecter_et_demarrer(salle, x)
    presents = {p["identifiant"]: p for p in formateur.connectes(base, salle["salle"].jeton_de_service)}
    assert {a.identifiant, b.identifiant, c.identifiant} <= set(presents) and presents[a.identifiant]["pret"]
    cours = salle["salle"].prefixe / "cours"
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
