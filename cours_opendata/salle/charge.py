"""Des participants simulés sur le serveur de la salle : connexion par le formulaire, démarrage de leur serveur,
exécution d’un notebook du cours dans leur noyau (comme JupyterLab : une session, puis une cellule après l’autre
par le canal WebSocket), mémoire de leurs processus. Sert aux tests du hub et à ``make bench``.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class ExecutionEnEchec(RuntimeError):
    """Une cellule a levé une erreur ou n’a pas fini à temps chez un participant."""


def _requete(base: str, chemin: str, jeton: str, methode: str = "GET", corps: dict | None = None, delai: float = 60):
    import requests

    reponse = requests.request(methode, base + chemin, headers={"Authorization": f"token {jeton}"}, json=corps,
                               timeout=delai)
    return reponse


async def _canal(base: str, nom: str, jeton: str, noyau: str):
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = base.replace("http", "ws", 1) + f"/user/{nom}/api/kernels/{noyau}/channels"
    return await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {jeton}"}))


async def _executer_sur_le_canal(ws, nom: str, code: str, delai: float) -> tuple[str, list[str]]:
    """Envoie ``code`` ; renvoie (sortie texte, erreurs) quand le noyau redevient inactif."""
    message = uuid.uuid4().hex
    ws.write_message(json.dumps({
        "header": {"msg_id": message, "username": nom, "session": uuid.uuid4().hex, "msg_type": "execute_request",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    sortie, erreurs, fin = [], [], time.monotonic() + delai
    while True:
        reste = fin - time.monotonic()
        if reste <= 0:
            raise ExecutionEnEchec(f"Le noyau de {nom} n’a pas fini en {delai:.0f} s.")
        brut = await asyncio.wait_for(ws.read_message(), reste)
        if brut is None:
            raise ExecutionEnEchec(f"Le canal du noyau de {nom} s’est fermé pendant l’exécution.")
        m = json.loads(brut)
        if m.get("parent_header", {}).get("msg_id") != message:
            continue
        genre = m["header"]["msg_type"]
        if genre == "stream":
            sortie.append(m["content"]["text"])
        elif genre == "error":
            erreurs.append(f"{m['content']['ename']}: {m['content']['evalue']}")
        elif genre == "status" and m["content"]["execution_state"] == "idle":
            return "".join(sortie), erreurs


async def executer_du_code(base: str, nom: str, jeton: str, code: str, delai: float = 180) -> str:
    """Exécute ``code`` dans un noyau neuf du serveur de ``nom`` ; renvoie sa sortie (erreurs préfixées ERREUR)."""
    noyau = _requete(base, f"/user/{nom}/api/kernels", jeton, "POST", {"name": "python3"})
    if noyau.status_code != 201:
        raise ExecutionEnEchec(f"Pas de noyau pour {nom} : {noyau.status_code} {noyau.text[:300]}")
    identifiant = noyau.json()["id"]
    ws = await _canal(base, nom, jeton, identifiant)
    try:
        sortie, erreurs = await _executer_sur_le_canal(ws, nom, code, delai)
    finally:
        ws.close()
        _requete(base, f"/user/{nom}/api/kernels/{identifiant}", jeton, "DELETE")
    return sortie + "".join(f"ERREUR {e}" for e in erreurs)


async def executer_le_notebook(base: str, nom: str, jeton: str, notebook: Path, relatif: str,
                               delai: float = 600) -> float:
    """Ouvre ``relatif`` (dans le cours du participant) comme JupyterLab — une session, donc un noyau dans son
    dossier — et exécute ses cellules de code dans l’ordre. Renvoie la durée ; le noyau reste ouvert."""
    import nbformat

    cellules = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    session = _requete(base, f"/user/{nom}/api/sessions", jeton, "POST",
                       {"path": relatif, "type": "notebook", "name": Path(relatif).name, "kernel": {"name": "python3"}})
    if session.status_code != 201:
        raise ExecutionEnEchec(f"Pas de session pour {nom} : {session.status_code} {session.text[:300]}")
    ws = await _canal(base, nom, jeton, session.json()["kernel"]["id"])
    debut = time.monotonic()
    try:
        for source in cellules:
            _, erreurs = await _executer_sur_le_canal(ws, nom, source, delai)
            if erreurs:
                raise ExecutionEnEchec(f"{relatif} chez {nom} : {erreurs[0]}")
    finally:
        ws.close()
    return time.monotonic() - debut


def executer(coroutine):
    """Exécute une coroutine dans son propre fil : Playwright (autres tests de la session) occupe la boucle du fil
    principal."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as fil:
        return fil.submit(asyncio.run, coroutine).result()


def connecter(base: str, identifiant: str, mot_de_passe: str):
    """Connexion par le formulaire du hub, comme un participant ; renvoie (code HTTP, session requests)."""
    import requests

    session = requests.Session()
    session.get(base + "/hub/login", timeout=60)
    reponse = session.post(base + "/hub/login", data={"username": identifiant, "password": mot_de_passe,
                                                      "_xsrf": session.cookies.get("_xsrf")},
                           allow_redirects=False, timeout=60)
    return reponse.status_code, session


def demarrer_et_attendre(base: str, identifiant: str, jeton_admin: str, delai: float = 300) -> None:
    reponse = _requete(base, f"/hub/api/users/{identifiant}/server", jeton_admin, "POST")
    if reponse.status_code not in (201, 202, 400):  # 400 : déjà démarré
        raise ExecutionEnEchec(f"Le serveur de {identifiant} ne démarre pas : {reponse.status_code} {reponse.text[:300]}")
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        modele = _requete(base, f"/hub/api/users/{identifiant}", jeton_admin).json()
        if modele.get("servers", {}).get("", {}).get("ready"):
            return
        time.sleep(0.5)
    raise ExecutionEnEchec(f"Le serveur de {identifiant} n’est pas prêt après {delai:.0f} s.")


def jeton_de(base: str, identifiant: str, jeton_admin: str, duree: int = 1800) -> str:
    reponse = _requete(base, f"/hub/api/users/{identifiant}/tokens", jeton_admin, "POST",
                       {"note": "simulation", "expires_in": duree})
    if reponse.status_code != 201:
        raise ExecutionEnEchec(f"Pas de jeton pour {identifiant} : {reponse.text[:300]}")
    return reponse.json()["token"]


def arreter_le_serveur(base: str, identifiant: str, jeton_admin: str, delai: float = 120) -> None:
    _requete(base, f"/hub/api/users/{identifiant}/server", jeton_admin, "DELETE")
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if not _requete(base, f"/hub/api/users/{identifiant}", jeton_admin).json().get("servers"):
            return
        time.sleep(0.5)


def memoire_par_compte(identifiants: list[str]) -> dict[str, tuple[float, float]]:
    """Par compte : (mémoire propre USS, mémoire résidente RSS) de tous ses processus, en Mo. L’USS ne compte pas
    les bibliothèques partagées entre participants : c’est ce qu’un participant de plus coûte."""
    import psutil

    totaux = {i: [0.0, 0.0] for i in identifiants}
    for proc in psutil.process_iter(["username"]):
        nom = proc.info["username"]
        if nom not in totaux:
            continue
        try:
            m = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        totaux[nom][0] += m.uss / 2**20
        totaux[nom][1] += m.rss / 2**20
    return {i: (u, r) for i, (u, r) in totaux.items()}


def centile(valeurs: list[float], p: float) -> float:
    """Centile par interpolation (p entre 0 et 100) ; p50 = médiane."""
    if len(valeurs) == 1:
        return valeurs[0]
    return statistics.quantiles(sorted(valeurs), n=100, method="inclusive")[round(p) - 1]


@dataclass
class Mesure:
    participants: int
    tous_prets: float  # s, de la première connexion au dernier serveur prêt
    execution: list[float]  # s, durée du notebook chez chacun
    memoire_propre: list[float]  # Mo par participant (USS), serveur et noyau ouverts
    memoire_residente: list[float]  # Mo par participant (RSS)
    temps_processeur: float  # s de processeur consommées par un participant (moyenne)

    @property
    def p50(self) -> float:
        return centile(self.execution, 50)

    @property
    def p95(self) -> float:
        return centile(self.execution, 95)


def simuler(base: str, jeton_admin: str, comptes: list, notebook: Path, relatif: str) -> Mesure:
    """``comptes`` (identifiant, mot de passe) se connectent, démarrent leur serveur et exécutent le notebook, tous
    en même temps ; renvoie les chiffres. Les serveurs restent ouverts (l’appelant les arrête)."""
    from concurrent.futures import ThreadPoolExecutor

    import psutil

    def cpu(identifiant: str) -> float:
        total = 0.0
        for proc in psutil.process_iter(["username", "cpu_times"]):
            if proc.info["username"] == identifiant and proc.info["cpu_times"]:
                total += proc.info["cpu_times"].user + proc.info["cpu_times"].system
        return total

    debut = time.monotonic()

    def un_participant(compte) -> tuple[float, float]:
        code, _ = connecter(base, compte.identifiant, compte.mot_de_passe)
        if code != 302:
            raise ExecutionEnEchec(f"{compte.identifiant} ne peut pas se connecter ({code}).")
        demarrer_et_attendre(base, compte.identifiant, jeton_admin)
        pret = time.monotonic() - debut
        jeton = jeton_de(base, compte.identifiant, jeton_admin)
        duree = asyncio.run(executer_le_notebook(base, compte.identifiant, jeton, notebook, relatif))
        return pret, duree

    with ThreadPoolExecutor(max_workers=len(comptes)) as fils:
        resultats = list(fils.map(un_participant, comptes))
    identifiants = [c.identifiant for c in comptes]
    memoire = memoire_par_compte(identifiants)
    return Mesure(participants=len(comptes), tous_prets=max(p for p, _ in resultats),
                  execution=[d for _, d in resultats], memoire_propre=[memoire[i][0] for i in identifiants],
                  memoire_residente=[memoire[i][1] for i in identifiants],
                  temps_processeur=statistics.mean(cpu(i) for i in identifiants))


#: Le notebook des bancs d’essai : l’atelier de nettoyage (partie 3), lu dans le cache des données.
NOTEBOOK_DU_BANC = "notebooks/partie-3-nettoyage.ipynb"
ATTENTE_ACCEPTABLE = 30.0  # s : au-delà, une salle qui lance « Tout exécuter » en même temps décroche


def dimensionnement(mesures: list[Mesure], coeurs: int) -> dict:
    """Le tableau de dimensionnement tiré des mesures : mémoire par participant (la plus forte des séries),
    participants par Go, et par cœur — mesuré (la plus grande série dont le p95 reste sous l’attente acceptable) et
    extrapolé (droite du p95 en fonction du nombre de participants, jusqu’à l’attente acceptable)."""
    memoire = max(statistics.mean(m.memoire_propre) for m in mesures)
    tenues = [m.participants for m in mesures if m.p95 <= ATTENTE_ACCEPTABLE]
    extrapole = None
    if len(mesures) >= 2:
        pente, origine = statistics.linear_regression([m.participants for m in mesures], [m.p95 for m in mesures])
        if pente > 0:
            extrapole = max(0.0, (ATTENTE_ACCEPTABLE - origine) / pente) / coeurs
    return {
        "memoire_par_participant": memoire,
        "participants_par_go": int(1024 // memoire) if memoire else 0,
        "participants_par_coeur_mesure": max(tenues) / coeurs if tenues else 0.0,
        "toutes_les_series_tenues": len(tenues) == len(mesures),
        "participants_par_coeur_extrapole": extrapole,
        "temps_processeur": max(m.temps_processeur for m in mesures),
    }


@dataclass
class SalleDEssai:
    salle: object  # hub.Salle
    base: str
    participants: list
    formateur: object
    proc: object = None  # le processus du hub (remplacé par ``redemarrer``)
    preparation: float = 0.0

    def redemarrer(self, brutal: bool = False, **reglages) -> None:
        """Arrête le hub (``brutal`` : tué comme par une panne, sans rien ranger) et le relance."""
        from . import hub

        self.arreter(brutal)
        for nom, valeur in reglages.items():
            setattr(self.salle, nom, valeur)
        self.proc = hub.demarrer(self.salle)
        hub.attendre(self.base + "/hub/api", 90)

    def arreter(self, brutal: bool = False) -> None:
        if self.proc is not None:
            if brutal:
                self.proc.kill()
            else:
                self.proc.terminate()
            try:
                self.proc.wait(60)
            except Exception:
                self.proc.kill()
            self.proc = None


@contextmanager
def salle_d_essai(racine: Path, participants: int, prefixe: str, livre_construit=None):
    """Une vraie salle sur 127.0.0.1 : données mises en cache (depuis le miroir s’il y en a un), salle préparée dans
    ``/opt/<prefixe>-<hasard>`` (lisible des participants), comptes système créés, hub démarré. À la sortie, hub
    arrêté, comptes et dossier supprimés. ``livre_construit`` : appelé une fois l’environnement installé, il
    attend que le livre soit construit (les tests le construisent pendant que pip installe)."""
    import secrets

    from . import comptes, hub

    dossier = Path(f"/opt/{prefixe}-{secrets.token_hex(3)}")
    lot = [comptes.Compte(f"Essai {i}", f"essai-{secrets.token_hex(2)}-{i}", comptes.mot_de_passe())
           for i in range(participants + 1)]
    essai = None
    try:
        debut = time.monotonic()
        subprocess.run([sys.executable, "-m", "cours_opendata.donnees", "telecharger"], capture_output=True, check=True)
        if livre_construit is not None:
            hub.installer_l_environnement(dossier, racine, afficher=lambda *_: None)
            livre_construit()
        hub.preparer(dossier, racine, afficher=lambda *_: None)
        preparation = time.monotonic() - debut
        comptes.creer_sur_le_systeme(lot)
        salle = hub.Salle(participants=[c.identifiant for c in lot[:-1]], formateur=lot[-1].identifiant,
                          prefixe=dossier, port=hub.port_libre(), adresse="127.0.0.1",
                          jeton_de_service=secrets.token_hex(24))
        essai = SalleDEssai(salle, f"http://127.0.0.1:{salle.port}", lot[:-1], lot[-1], preparation=preparation)
        essai.redemarrer()
        yield essai
    finally:
        if essai is not None:
            essai.arreter()
        comptes.supprimer_du_systeme([c.identifiant for c in lot])
        shutil.rmtree(dossier, ignore_errors=True)


def banc(racine: Path, tailles: tuple[int, ...] = (5, 10, 20), afficher=print) -> tuple[float, list[Mesure]]:
    """Chaque série de participants simulés, l’une après l’autre, sur une salle d’essai ; renvoie (durée de
    préparation de la salle, mesures)."""
    mesures = []
    with salle_d_essai(racine, sum(tailles), "cours-opendata-salle-banc") as essai:
        reste, jeton = list(essai.participants), essai.salle.jeton_de_service
        notebook = essai.salle.prefixe / "cours" / NOTEBOOK_DU_BANC
        for n in tailles:
            serie, reste = reste[:n], reste[n:]
            mesure = simuler(essai.base, jeton, serie, notebook, NOTEBOOK_DU_BANC)
            mesures.append(mesure)
            afficher(mesure)
            for c in serie:  # la série suivante part d’une machine sans serveur ouvert
                arreter_le_serveur(essai.base, c.identifiant, jeton)
        return essai.preparation, mesures


__all__ = ["NOTEBOOK_DU_BANC", "ExecutionEnEchec", "Mesure", "SalleDEssai", "arreter_le_serveur", "banc", "centile", "connecter",
           "demarrer_et_attendre", "dimensionnement", "executer", "executer_du_code", "executer_le_notebook",
           "jeton_de", "memoire_par_compte", "salle_d_essai", "simuler"]
