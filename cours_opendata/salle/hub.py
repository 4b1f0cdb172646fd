"""Le serveur de la salle : un JupyterHub (épinglé) qui sert à chaque participant son JupyterLab du cours, et le
livre statique à la même adresse (``/services/livre/``). Préparé une fois avec Internet, il tourne ensuite sans.

Tout ce que les participants exécutent vient d’un dossier commun lisible par tous, ``PREFIXE`` :
``env/`` (Python du système et les dépendances épinglées du cours), ``cours/`` (pages et notebooks),
``livre/`` (le site construit), ``donnees/`` (le cache des données, en lecture seule), ``proxy/``
(configurable-http-proxy). Seul ``etat/`` (base du hub, secret des cookies) reste au formateur.

Chaque participant a son compte système (``comptes``) : son serveur et ses noyaux tournent sous ce compte, dans
un dossier que lui seul peut lire ; une copie neuve du cours y est déposée au premier démarrage et n’est plus
jamais écrasée. Les serveurs inactifs s’arrêtent seuls ; le travail reste sur le disque.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import RACINE
from ..donnees import telechargement
from ..donnees.catalogue import fichier_catalogue, noms, ressource
from ..donnees.erreurs import ErreurDonnees

PREFIXE = Path("/opt/cours-opendata-salle")
PYTHON_DU_SYSTEME = Path("/usr/bin/python3")  # lisible par tous, contrairement à un Python installé chez root
CATALOGUE = "datapackage.json"  # le catalogue des données, à côté du cache (le paquet installé ne le contient pas)
DOSSIER_DU_COURS = "cours"
#: Ce que reçoit chaque participant (ici comme sur Kubernetes, outils/zero-to-jupyterhub/config.yaml) ;
#: _config.yml : les quiz y trouvent book/.
CONTENU_DU_COURS = ("notebooks", "book", "jupytext.toml", "_config.yml", "_toc.yml")  # dans le dossier de chaque participant
INACTIVITE_PAR_DEFAUT = 3600  # secondes sans activité avant l’arrêt d’un serveur (le travail est gardé)


class SalleImpossible(RuntimeError):
    """La salle ne peut pas être préparée ou démarrée ; le message dit quoi faire."""


def _executer(commande: list[str], **options) -> None:
    proc = subprocess.run(commande, capture_output=True, text=True, **options)
    if proc.returncode:
        raise SalleImpossible(f"La commande « {' '.join(map(str, commande[:3]))} … » a échoué :\n"
                              f"{(proc.stdout + proc.stderr)[-1500:]}")


def copier_le_cours(source: Path, cible: Path) -> None:
    """Les notebooks et les pages du cours, copiés une fois : une copie existante n’est jamais écrasée."""
    if cible.exists():
        return
    cible.mkdir(parents=True)
    for nom in CONTENU_DU_COURS:
        if (source / nom).is_dir():
            shutil.copytree(source / nom, cible / nom,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.nbval.ipynb", "__pycache__"))
        elif (source / nom).is_file():
            shutil.copy(source / nom, cible / nom)


def _verifier_le_cache() -> Path:
    """Le cache des données, complet : sans Internet dans la salle, une ressource absente ferait échouer un notebook."""
    try:
        descripteurs = [ressource(nom) for nom in noms()]
    except ErreurDonnees as exc:
        raise SalleImpossible(str(exc)) from None
    manquantes = [d["name"] for d in descripteurs if not telechargement.fichier_en_cache(d).is_file()]
    cache = telechargement.dossier_cache()
    if manquantes:
        raise SalleImpossible(
            f"Les données du cours ne sont pas toutes en cache dans {cache} : {len(manquantes)} ressource(s) sur "
            f"{len(descripteurs)} manquent (par exemple «\u202f{manquantes[0]}\u202f»). Que faire : avec Internet, "
            "lancez make data (le bilan doit indiquer « 0 en échec »), puis relancez make salle-preparer.")
    return cache


def installer_l_environnement(prefixe: Path = PREFIXE, racine: Path = RACINE, afficher=print) -> Path:
    """L’environnement commun ``prefixe/env`` : Python du système, dépendances épinglées et paquet du cours.

    Refait seulement si les exigences ou le paquet ont changé depuis la dernière installation (empreinte dans
    ``env/.installe``) : relancer ``make salle-preparer`` ne réinstalle rien pour rien."""
    from ..construction import empreinte_des_entrees

    prefixe.mkdir(parents=True, exist_ok=True)
    env = prefixe / "env"
    if not (env / "bin" / "python").exists():
        if subprocess.run([str(PYTHON_DU_SYSTEME), "-c", "import venv, ensurepip"], capture_output=True).returncode:
            raise SalleImpossible(f"{PYTHON_DU_SYSTEME} ne sait pas créer d’environnement. Que faire : sudo apt-get "
                                  "install python3-venv, puis relancez.")
        afficher(f"Environnement commun : {env}")
        _executer([str(PYTHON_DU_SYSTEME), "-m", "venv", str(env)])
    exigences = prefixe / "exigences.txt"  # les dépendances du cours, sans l’installation « -e . » du dépôt
    lignes = [li for f in ("requirements.txt", "requirements-lab.txt", "requirements-salle.txt")
              for li in (racine / f).read_text(encoding="utf-8").splitlines() if li.strip() != "-e ."]
    exigences.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    empreinte = hashlib.sha256(exigences.read_bytes() + empreinte_des_entrees(racine).encode()).hexdigest()
    deja = env / ".installe"
    if deja.is_file() and deja.read_text(encoding="utf-8").strip() == empreinte:
        afficher("Dépendances et paquet du cours déjà installés, inchangés")
        return env
    afficher("Installation des dépendances épinglées (pip)")
    _executer([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(exigences)])
    construction_existait = (racine / "build").exists()
    _executer([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall",
               str(racine)])
    if not construction_existait:  # setuptools construit dans le dépôt : on ne laisse rien derrière
        shutil.rmtree(racine / "build", ignore_errors=True)
    _executer([str(env / "bin" / "python"), "-m", "cours_opendata.lab", "--reglages-seulement"])
    deja.write_text(empreinte + "\n", encoding="utf-8")
    return env


def preparer(prefixe: Path = PREFIXE, racine: Path = RACINE, afficher=print) -> Path:
    """Avec Internet : l’environnement commun, le cours, le livre construit, les données et le proxy."""
    if os.geteuid() != 0:
        raise SalleImpossible("Préparer la salle demande les droits d’administrateur. Que faire : sudo make "
                              "salle-preparer.")
    livre = racine / "_build" / "html"
    if not (livre / "index.html").is_file():
        raise SalleImpossible("Le livre n’est pas construit. Que faire : make book, puis make salle-preparer.")
    cache = _verifier_le_cache()
    installer_l_environnement(prefixe, racine, afficher)
    for nom, source in (("cours", None), ("livre", livre), ("donnees", cache)):
        cible = prefixe / nom
        shutil.rmtree(cible, ignore_errors=True)
        if source is None:
            copier_le_cours(racine, cible)
        elif source.is_dir():
            shutil.copytree(source, cible)
        else:
            cible.mkdir()
    shutil.copy(fichier_catalogue(), prefixe / CATALOGUE)
    proxy = prefixe / "proxy"
    proxy.mkdir(exist_ok=True)
    for f in ("package.json", "package-lock.json"):
        shutil.copy(racine / "outils" / "salle" / f, proxy / f)
    afficher("Proxy de JupyterHub (npm ci)")
    _executer(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=proxy)
    _executer(["chmod", "-R", "a+rX,go-w", str(prefixe)])
    return prefixe


@dataclass
class Salle:
    participants: list[str]
    formateur: str
    prefixe: Path = PREFIXE
    port: int = 8000
    adresse: str = "0.0.0.0"
    inactivite: int = INACTIVITE_PAR_DEFAUT
    jeton_de_service: str = ""  # outils du formateur et tests (rôle admin), jamais affiché
    ports_internes: dict = field(default_factory=dict)

    @property
    def etat(self) -> Path:
        return self.prefixe / "etat"


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def configuration(salle: Salle) -> str:
    """Le fichier jupyterhub_config.py de la salle (valeurs écrites en JSON, relues par JupyterHub)."""
    ports = salle.ports_internes or {"hub": port_libre(), "api": port_libre(), "livre": port_libre()}
    salle.ports_internes = ports
    p = salle.prefixe
    valeurs = {
        "bind_url": f"http://{salle.adresse}:{salle.port}", **{f"port_{k}": v for k, v in ports.items()},
        "etat": str(salle.etat), "proxy": str(p / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"),
        "singleuser": str(p / "env" / "bin" / "jupyterhub-singleuser"), "python": str(p / "env" / "bin" / "python"),
        "participants": sorted(salle.participants), "formateur": salle.formateur, "cours": str(p / "cours"),
        "livre": str(p / "livre"), "donnees": str(p / "donnees"), "inactivite": salle.inactivite,
        "jeton": salle.jeton_de_service, "catalogue": str(p / CATALOGUE),
        "gabarits": str(Path(__file__).parent / "gabarits"), "dossier_du_cours": DOSSIER_DU_COURS,
    }
    return f'''# Produit par cours_opendata.salle (ne pas modifier à la main : relancez make salle).
import json, os, pwd, shutil
V = json.loads({json.dumps(json.dumps(valeurs, ensure_ascii=False))})
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = V["bind_url"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = V["port_hub"]
c.ConfigurableHTTPProxy.command = [V["proxy"]]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % V["port_api"]
c.ConfigurableHTTPProxy.pid_file = os.path.join(V["etat"], "proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(V["etat"], "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(V["etat"], "jupyterhub_cookie_secret")
c.JupyterHub.template_paths = [V["gabarits"]]  # la page de connexion en français
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(V["participants"]) | {{V["formateur"]}}
c.Authenticator.admin_users = {{V["formateur"]}}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [V["singleuser"]]
c.Spawner.default_url = "/lab"
# Noyaux chiffrés (CurveZMQ) : sur une machine partagée, un autre compte ne lit pas les échanges avec un noyau.
c.Spawner.args = ["--KernelManager.transport_encryption=auto"]
c.Spawner.notebook_dir = "~/" + V["dossier_du_cours"]
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
c.Spawner.environment = {{"COURS_DATA_CACHE": V["donnees"], "COURS_DATA_CATALOGUE": V["catalogue"], "MPLBACKEND": "Agg",
                         "PATH": os.path.dirname(V["python"]) + ":/usr/bin:/bin"}}

def deposer_le_cours(spawner):
    """Une copie neuve du cours au premier démarrage, à son nom ; jamais écrasée ensuite."""
    compte = pwd.getpwnam(spawner.user.name)
    cible = os.path.join(compte.pw_dir, V["dossier_du_cours"])
    if os.path.exists(cible):
        return
    shutil.copytree(V["cours"], cible)
    for racine, dossiers, fichiers in os.walk(cible):
        for nom in [racine, *(os.path.join(racine, f) for f in dossiers + fichiers)]:
            os.chown(nom, compte.pw_uid, compte.pw_gid)

c.Spawner.pre_spawn_hook = deposer_le_cours
c.JupyterHub.services = [
    {{"name": "livre", "url": "http://127.0.0.1:%d" % V["port_livre"],
      "command": [V["python"], "-m", "cours_opendata.salle.livre", str(V["port_livre"]), V["livre"]]}},
    {{"name": "inactifs", "command": [V["python"], "-m", "jupyterhub_idle_culler",
                                      "--timeout=%d" % V["inactivite"],
                                      "--cull-every=%d" % max(5, min(60, V["inactivite"] // 4))]}},
] + ([{{"name": "formateur-outils", "api_token": V["jeton"]}}] if V["jeton"] else [])
c.JupyterHub.load_roles = [
    {{"name": "inactifs", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
      "services": ["inactifs"]}},
] + ([{{"name": "outils-du-formateur", "services": ["formateur-outils"],
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"]}}]
       if V["jeton"] else [])
'''


def ecrire_configuration(salle: Salle) -> Path:
    salle.etat.mkdir(parents=True, exist_ok=True)
    salle.etat.chmod(0o700)  # secret des cookies, base des jetons : le formateur seul
    fichier = salle.etat / "jupyterhub_config.py"
    fichier.write_text(configuration(salle), encoding="utf-8")
    return fichier


def _proxy_d_un_hub_arrete(salle: Salle) -> bool:
    """Un hub arrêté brutalement laisse son proxy tenir le port ; JupyterHub le retrouve (etat/proxy.pid) et
    l’arrête au démarrage suivant."""
    try:
        pid = int((salle.etat / "proxy.pid").read_text().strip())
        return "configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except (OSError, ValueError):
        return False


def verifier_le_port(salle: Salle) -> None:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((salle.adresse, salle.port))
        except OSError:
            if _proxy_d_un_hub_arrete(salle):
                return
            raise SalleImpossible(
                f"Le port {salle.port} est déjà pris sur cette machine (une autre salle ouverte, ou un autre service). "
                "Que faire : fermez l’autre salle (Ctrl+C dans sa fenêtre), ou choisissez un autre port : "
                f"make salle LISTE=… FORMATEUR=… PORT={salle.port + 1}.") from None


def demarrer(salle: Salle) -> subprocess.Popen:
    """Lance JupyterHub (sans Internet) ; le journal va dans ``etat/jupyterhub.log``."""
    verifier_le_port(salle)
    manquants = [str(x) for x in (salle.prefixe / "env" / "bin" / "jupyterhub-singleuser",
                                  salle.prefixe / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")
                 if not x.exists()]
    if manquants:
        raise SalleImpossible(f"La salle n’est pas préparée ({', '.join(manquants)} absent). Que faire : lancez "
                              "d’abord, avec Internet, sudo make salle-preparer.")
    fichier = ecrire_configuration(salle)
    journal = (salle.etat / "jupyterhub.log").open("a")
    return subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(fichier)], cwd=salle.etat,
                            stdout=journal, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def attendre(url: str, delai: float = 60) -> None:
    import urllib.error
    import urllib.request

    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return  # 200 : le hub a inscrit ses routes dans le proxy
        except (urllib.error.HTTPError, OSError):
            pass
        time.sleep(0.5)
    raise SalleImpossible(f"Le serveur de la salle ne répond pas à {url} après {delai:.0f} s : voir etat/jupyterhub.log.")


def adresses_du_reseau() -> list[str]:
    """Les adresses IPv4 de cette machine sur le réseau local (à donner aux participants)."""
    try:
        sortie = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    except OSError:
        sortie = []
    return [a for a in sortie if "." in a and not a.startswith("127.")]


__all__ = ["PREFIXE", "Salle", "SalleImpossible", "adresses_du_reseau", "attendre", "configuration",
           "copier_le_cours", "demarrer", "ecrire_configuration", "preparer"]
