"""Le livre en arabe, à côté du livre français : ``_build/html/ar/``, traduit par des catalogues gettext.

Chaîne standard de Sphinx (traducteurs : Poedit, Weblate…) :

- ``python -m cours_opendata.traduction extraire`` (``make traductions``) : le constructeur ``gettext``
  écrit un ``.pot`` par page dans ``_build/gettext``, puis sphinx-intl met à jour
  ``locales/ar/LC_MESSAGES/<page>.po`` (les messages nouveaux arrivent vides, les modifiés « fuzzy ») ;
- ``python -m cours_opendata.traduction construire ar`` (appelé par ``make book`` après le français) :
  la même source, ``language = "ar"``. Les notebooks ne sont pas réexécutés : le cache d'exécution du
  livre français (``_build/.jupyter_cache``) fournit leurs sorties.

L'environnement Sphinx de chaque langue est à part (``_build/.doctrees-ar``) : les deux livres ne se
gênent pas et chacun ne relit que ses pages modifiées.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import RACINE
from .locales import LANGUE_SOURCE

DOSSIER_CATALOGUES = "locales"  # relatif à la racine du livre (locale_dirs de Sphinx)


@dataclass(frozen=True)
class Langue:
    code: str
    nom: str  # dans la langue elle-même, pour le sélecteur
    sens: str  # "ltr" ou "rtl"
    dossier: str  # sous _build/html ("" pour la langue source)


LANGUES = {
    "fr": Langue("fr", "Français", "ltr", ""),
    "ar": Langue("ar", "العربية", "rtl", "ar"),
}
TRADUCTIONS = [code for code in LANGUES if code != LANGUE_SOURCE]
MARQUE_DE_SORTIE = "--- Livre traduit : "  # sépare, dans la sortie de make book, le journal de chaque langue


def traductions_du_livre(racine: Path = RACINE) -> list[str]:
    """Les langues dans lesquelles ce livre se construit aussi : celles qui ont des catalogues, ou seulement
    celles de ``COURS_LANGUES`` s'il est défini (``COURS_LANGUES=fr make book`` : le livre français seul)."""
    import os

    voulues = os.environ.get("COURS_LANGUES")
    choisies = {c.strip() for c in voulues.split(",")} if voulues is not None else set(TRADUCTIONS)
    return [code for code in TRADUCTIONS if code in choisies and (racine / DOSSIER_CATALOGUES / code).is_dir()]


def pages_de_la_langue(html: Path, langue: str = LANGUE_SOURCE) -> list[Path]:
    """Les pages HTML du livre dans ``langue`` (``html`` : le dossier du livre français, ou de cette langue
    si ``html`` est déjà son dossier), sans les pages des autres langues, les sources ni les statiques."""
    dossier = Path(html) / LANGUES[langue].dossier if LANGUES[langue].dossier and Path(html).name != langue else Path(html)
    autres = {LANGUES[c].dossier for c in LANGUES if c != langue and LANGUES[c].dossier}
    return sorted(p for p in dossier.rglob("*.html")
                  if not {"_static", "_sources"} & set(p.relative_to(dossier).parts)
                  and p.relative_to(dossier).parts[0] not in autres)


def sortie_html(langue: str, racine: Path = RACINE) -> Path:
    dossier = racine / "_build" / "html"
    return dossier / LANGUES[langue].dossier if LANGUES[langue].dossier else dossier


def options_sphinx(langue: str, racine: Path = RACINE) -> dict:
    """Ce qui change dans la configuration Sphinx pour construire le livre dans ``langue``."""
    return {
        "language": langue,
        "locale_dirs": [DOSSIER_CATALOGUES],
        "gettext_compact": False,  # un catalogue par page : un traducteur prend une page à la fois
        "gettext_uuid": False,
        "gettext_location": False,  # pas de numéros de ligne : un paragraphe ajouté ne change pas tout le .po
        # Sphinx n'a pas d'analyseur arabe pour la recherche : l'extension du cours en déclare un.
        "html_search_language": langue,
        "nb_execution_cache_path": str(racine / "_build" / ".jupyter_cache"),
    }


def _configuration_jupyter_book(racine: Path) -> tuple[Path, dict]:
    """Le fichier de configuration et les réglages que ``jupyter-book build`` passerait à Sphinx."""
    from jupyter_book.cli.main import build

    chemin, _, reglages = build.callback(
        path_source=str(racine), path_output=None, config=None, toc=None, warningiserror=True,
        nitpick=True, keep_going=True, freshenv=False, builder="html", custom_builder=None,
        verbose=0, quiet=0, individualpages=False, get_config_only=True)
    return Path(chemin), reglages


def construire(langue: str, racine: Path = RACINE, constructeur: str = "html", travaux: int = 1) -> int:
    """Construit le livre dans ``langue`` (mode strict), dans ce processus ; 0 si tout va bien."""
    from jupyter_book.sphinx import build_sphinx

    chemin, reglages = _configuration_jupyter_book(racine)
    if constructeur == "gettext":
        sortie, arbres = racine / "_build" / "gettext", racine / "_build" / ".doctrees-gettext"
    else:
        sortie, arbres = sortie_html(langue, racine), racine / "_build" / f".doctrees-{langue}"
    resultat = build_sphinx(
        racine, sortie, noconfig=True, path_config=str(chemin), doctreedir=arbres,
        confoverrides={**reglages, **options_sphinx(langue, racine)}, builder=constructeur,
        warningiserror=True, keep_going=True, jobs=travaux)
    return resultat if isinstance(resultat, int) else 1


# Où sont les chaînes du cours : appels ``_("…")`` en Python, dans les scripts et dans les gabarits Jinja.
_METHODES = [("**/static/**.js", "javascript"), ("gabarits/**.html", "jinja2.ext:babel_extract"),
             ("locales/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]


def textes_de_la_configuration(racine: Path = RACINE) -> list[str]:
    """Les textes de ``_config.yml`` et ``_toc.yml`` affichés sur chaque page : titre, auteur, pied de page,
    intitulés des parties de la table des matières."""
    import yaml

    config = yaml.safe_load((racine / "_config.yml").read_text(encoding="utf-8"))
    table = yaml.safe_load((racine / "_toc.yml").read_text(encoding="utf-8"))
    textes = [config.get("title"), config.get("author"), (config.get("html") or {}).get("extra_footer"),
              *(partie.get("caption") for partie in table.get("parts", []))]
    return [t.strip() for t in textes if t and t.strip()]


def extraire_l_interface() -> None:
    """Le catalogue « cours » (chaînes du paquet) mis à jour dans chaque traduction, avec babel."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po, write_po

    from . import locales

    paquet = Path(__file__).parent
    modele = Catalog(project="cours_opendata", domain="cours")
    for fichier, ligne, message, commentaires, _contexte in extract_from_dir(
            paquet, method_map=_METHODES, keywords={"_": None, "traduire": (1,)}, comment_tags=("Traducteurs",)):
        modele.add(message, locations=[(fichier, ligne)], auto_comments=commentaires)
    for message in textes_de_la_configuration():
        modele.add(message, locations=[("../_config.yml", 1)])
    from . import couts

    for message in couts.textes():
        modele.add(message, locations=[("couts.py", 1)])
    for langue in TRADUCTIONS:
        po = locales.ICI / langue / "LC_MESSAGES" / "cours.po"
        if po.is_file():
            with po.open("rb") as f:
                catalogue = read_po(f, locale=langue, domain="cours")
        else:
            po.parent.mkdir(parents=True, exist_ok=True)
            catalogue = Catalog(locale=langue, domain="cours", project="cours_opendata")
        catalogue.update(modele, update_header_comment=False)
        with po.open("wb") as f:
            write_po(f, catalogue, width=0, ignore_obsolete=True, sort_by_file=True)


def extraire(racine: Path = RACINE) -> int:
    """Messages du livre → ``.pot`` (constructeur gettext) → ``.po`` de chaque traduction (sphinx-intl) ;
    chaînes du paquet → catalogue « cours » (babel)."""
    extraire_l_interface()
    code = construire(LANGUE_SOURCE, racine, constructeur="gettext")
    if code:
        return code
    for langue in TRADUCTIONS:
        subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(racine / "_build" / "gettext"),
                        "-d", str(racine / DOSSIER_CATALOGUES), "-l", langue, "-w", "0"], check=True,
                       cwd=racine, stdout=subprocess.DEVNULL)
    return 0


def part_traduite(racine: Path = RACINE, langue: str = "ar", fichiers: list[Path] | None = None) -> tuple[int, int]:
    """(messages traduits, messages à traduire) dans les ``.po`` du livre pour ``langue`` (« fuzzy » : non
    traduit ; un message sans texte, comme un rôle seul, ne compte pas)."""
    from babel.messages.pofile import read_po

    traduits = total = 0
    termes = terminologie(racine)  # intitulés du glossaire : affichés d'après la terminologie
    for po in fichiers if fichiers is not None else sorted((racine / DOSSIER_CATALOGUES / langue / "LC_MESSAGES").rglob("*.po")):
        with po.open("rb") as f:
            for message in read_po(f):
                if not message.id or not a_traduire(message.id):
                    continue
                total += 1
                traduits += (bool(message.string) and not message.fuzzy) or message.id in termes
    return traduits, total


# Ce qu'une traduction garde tel quel : rôles MyST et leur cible, code, adresses, liens, nombres.
_ROLE = re.compile(r"\{(\w[\w-]*)\}`([^`]*)`")
_CODE = re.compile(r"(?<![}`])`([^`]+)`")
_ADRESSE = re.compile(r"https?://[^\s)>\]]+")
_CIBLE_DE_LIEN = re.compile(r"\]\(([^)\s]+)\)")
_NOMBRE = re.compile(r"\d+")  # suites de chiffres : « 09-08 » en français, « 09.08 » au Bulletin officiel arabe
_ENTRE_CHIFFRES = re.compile(r"(?<=\d)[\s\u00a0\u202f](?=\d{3}\b)")
# Rôles dont le texte affiché se traduit : seule la cible (entre < > si elle est donnée) doit rester.
_ROLES_A_TEXTE = {"term", "doc", "ref", "download", "numref"}


def a_traduire(message: str) -> bool:
    """Faux pour un message sans texte à traduire : un rôle seul, du code, un nombre, une adresse, un sigle."""
    reste = _ADRESSE.sub(" ", _CODE.sub(" ", _ROLE.sub(" ", message)))
    return any(c.islower() for c in reste)


def terminologie(racine: Path = RACINE) -> dict[str, dict]:
    """``locales/terminologie.yml`` : {terme français: entrée (ar, en, variantes, usage, source)}."""
    fichier = racine / DOSSIER_CATALOGUES / "terminologie.yml"
    if not fichier.is_file():
        return {}
    return _terminologie_lue(str(fichier), fichier.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _terminologie_lue(fichier: str, _mtime_ns: int) -> dict[str, dict]:
    import yaml

    from .fichiers_yaml import CHARGEUR

    contenu = yaml.load(Path(fichier).read_text(encoding="utf-8"), Loader=CHARGEUR)  # noqa: S506 (chargeur sûr)
    return {t["fr"]: t for t in contenu["termes"]}


def _cible(role: str, contenu: str) -> str:
    if role in _ROLES_A_TEXTE and contenu.rstrip().endswith(">") and "<" in contenu:
        return contenu[contenu.rindex("<") + 1:-1].strip()
    return contenu.strip()


def invariants(texte: str) -> dict[str, list[str]]:
    """Ce qui doit se retrouver à l'identique dans la traduction de ``texte``."""
    sans_roles = _ROLE.sub(" ", texte)
    return {
        "rôles": sorted(f"{{{r}}}`{_cible(r, c)}`" for r, c in _ROLE.findall(texte)),
        "code": sorted(_CODE.findall(sans_roles)),
        "adresses": sorted(_ADRESSE.findall(texte)),
        "liens": sorted(_CIBLE_DE_LIEN.findall(texte)),
        "nombres": sorted(_NOMBRE.findall(_ENTRE_CHIFFRES.sub("", _ADRESSE.sub(" ", sans_roles)))),
    }


_NOMS_INVARIANTS = {"rôles": "rôles MyST ({doc}, {term}…) et leur cible", "code": "code entre accents graves",
                    "adresses": "adresses web", "liens": "cibles des liens", "nombres": "nombres"}


def verifier(fichiers: list[Path] | None = None, racine: Path = RACINE) -> list[str]:
    """Les messages traduits qui perdent ou changent un invariant (rôle, code, adresse, lien, nombre)."""
    from babel.messages.pofile import read_po

    problemes = []
    fichiers = fichiers or sorted((racine / DOSSIER_CATALOGUES).rglob("*.po"))
    for po in fichiers:
        if not Path(po).is_file():
            problemes.append(f"{po} : fichier introuvable. Que faire : donnez le chemin d'un .po de "
                             f"{DOSSIER_CATALOGUES}/<langue>/LC_MESSAGES/, ou rien pour les vérifier tous.")
            continue
        with Path(po).open("rb") as f:
            catalogue = read_po(f)
        for message in catalogue:
            if not message.id or not message.string or message.fuzzy:
                continue
            source, traduit = invariants(message.id), invariants(message.string)
            for cle, attendu in source.items():
                if attendu != traduit[cle]:
                    manque = sorted(set(attendu) - set(traduit[cle]))
                    en_trop = sorted(set(traduit[cle]) - set(attendu))
                    problemes.append(f"{po}: « {message.id[:70]}… » : {_NOMS_INVARIANTS[cle]} différents"
                                     + (f" ; manque {manque}" if manque else "")
                                     + (f" ; en trop {en_trop}" if en_trop else ""))
    return problemes


def part_de_l_interface(langue: str = "ar") -> tuple[int, int]:
    """(messages traduits, messages) des catalogues d'interface (cours, thème) dans ``langue``."""
    from . import locales

    dossier = locales.ICI / langue / "LC_MESSAGES"
    return part_traduite(RACINE, langue, sorted(dossier.glob("*.po"))) if dossier.is_dir() else (0, 0)


def main(arguments: list[str]) -> int:
    if arguments[:1] == ["extraire"]:
        return extraire()
    if arguments[:1] == ["verifier"]:
        problemes = verifier([Path(a) for a in arguments[1:]] or None)
        print("\n".join(problemes) or "Traductions vérifiées : rôles, code, adresses, liens et nombres intacts.")
        return 1 if problemes else 0
    if arguments[:1] == ["construire"] and len(arguments) == 2 and arguments[1] in LANGUES:
        debut = time.perf_counter()
        code = construire(arguments[1], travaux=2)  # deux cœurs : le livre français a fini de lire
        if code == 0:
            print(f"Livre « {LANGUES[arguments[1]].nom} » construit en {time.perf_counter() - debut:.1f} s : "
                  f"ouvrez {sortie_html(arguments[1]).relative_to(RACINE)}/index.html")
        return code
    print("Usage : python -m cours_opendata.traduction extraire | verifier [fichier.po…] | construire <langue> "
          f"(langues : {', '.join(LANGUES)})", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
