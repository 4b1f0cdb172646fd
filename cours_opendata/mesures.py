"""Mesures du projet (``make bench``) : elles affichent des chiffres, elles ne jugent pas.

Les machines sont partagées et bruyantes : comparez les rapports au sein d'une même exécution.
- construction : à froid, sans changement, après modification d'une page de texte ;
- exécution des notebooks ;
- taille de l'environnement virtuel ;
- données : `make data` depuis le miroir, chargement depuis un cache chaud ;
- quiz : poids ajouté par dix questions et temps d'initialisation dans Chromium ;
- poids des pages dans Chromium (première visite et visite suivante) et nombre de requêtes ;
- les mêmes chiffres pour le même livre avec les réglages par défaut du thème, et le rapport des deux.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import RACINE, banc, traduction
from .banc import servir


def _ligne(libelle: str, valeur: str) -> None:
    print(f"  {libelle:<58} {valeur}")


def _chrono(fonction, *args, **kwargs) -> tuple[float, object]:
    debut = time.perf_counter()
    resultat = fonction(*args, **kwargs)
    return time.perf_counter() - debut, resultat


def copie_du_depot(cible: Path) -> Path:
    """Copie des fichiers suivis par git, dans leur état courant (comme un clone propre)."""
    fichiers = subprocess.run(["git", "ls-files", "-z"],
                              cwd=RACINE, capture_output=True, text=True, check=True).stdout.split("\0")
    for nom in filter(None, fichiers):
        source = RACINE / nom
        if source.is_file():
            (cible / nom).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, cible / nom)
    return cible


def _construire_en_detail(racine: Path, langues: str | None = None) -> tuple[float, str]:
    duree, proc = _chrono(banc.construire, racine, langues)
    if proc.returncode:
        print(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit("La construction a échoué : mesures interrompues.")
    return duree, proc.stdout + proc.stderr


def _construire(racine: Path) -> float:
    return _construire_en_detail(racine)[0]


def _pages_ecrites(sortie: str) -> int:
    return len(set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", sortie)))


def _notebooks_executes(sortie: str) -> int:
    return len(re.findall(r"Executing notebook using", sortie))


def mesurer_construction() -> Path:
    print("Construction du livre")
    tmp = Path(tempfile.mkdtemp(prefix="mesures-livre-"))
    seul = copie_du_depot(tmp / "francais-seul")
    francais_seul, _ = _construire_en_detail(seul, langues="fr")
    shutil.rmtree(seul, ignore_errors=True)
    _ligne("à froid, le livre français seul (COURS_LANGUES=fr)", f"{francais_seul:6.1f} s")
    racine = copie_du_depot(tmp / "depot")
    duree, sortie = _construire_en_detail(racine)
    francais, *traduits = sortie.split(traduction.MARQUE_DE_SORTIE)
    arabe = float(re.search(r"Livre « [^»]+ » construit en ([\d.]+) s", sortie).group(1))
    _ligne("à froid, les deux langues (notebooks exécutés)",
           f"{duree:6.1f} s · {_notebooks_executes(francais)} notebooks exécutés · "
           f"rapport au français seul {duree / francais_seul:.2f} (objectif ≤ 1,5)")
    _ligne("  dont le livre arabe (commencé quand le français écrit ses pages)",
           f"{arabe:6.1f} s · {sum(map(_notebooks_executes, traduits))} notebook exécuté (sorties du français)")
    _ligne("sans changement", f"{_construire(racine):6.1f} s")
    page = racine / "book" / "annexes" / "bibliographie.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase ajoutée pour la mesure.\n", encoding="utf-8")
    _ligne("après modification d'une page de texte", f"{_construire(racine):6.1f} s")
    banque = racine / "book" / "partie-1" / "quiz.yml"
    banque.write_text(banque.read_text(encoding="utf-8").replace("Open Definition", "Open Definition ", 1),
                      encoding="utf-8")
    duree, sortie = _construire_en_detail(racine)
    _ligne("après modification d'une banque (partie 1)",
           f"{duree:6.1f} s · {_pages_ecrites(sortie)} pages réécrites · {_notebooks_executes(sortie)} notebooks exécutés")
    return racine


def mesurer_notebooks(racine: Path) -> None:
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    from .noyaux import chiffrer_les_noyaux

    chiffrer_les_noyaux()
    print("Exécution des notebooks et des pages exécutables")
    fichiers = sorted((racine / "notebooks").glob("*.ipynb")) + [
        p for p in sorted((racine / "book").rglob("*.md")) if "kernelspec:" in p.read_text(encoding="utf-8")[:600]]
    total = 0.0
    for fichier in fichiers:
        nb = jupytext.read(fichier) if fichier.suffix == ".md" else nbformat.read(fichier, as_version=4)
        duree, _ = _chrono(NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(fichier.parent)}}).execute)
        total += duree
        _ligne(str(fichier.relative_to(racine)), f"{duree:6.1f} s")
    _ligne("total", f"{total:6.1f} s")


def calcul_de_reference(n: int = 10_000_000) -> float:
    """Durée d'un calcul fixe en Python (somme de ``n`` entiers, un cœur), au début et à la fin du banc : les
    durées du banc varient comme elle d'une machine à l'autre (sur une machine partagée, elle a varié du simple
    au triple dans une même journée)."""
    debut = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - debut


def mesurer_la_vitesse(moment: str) -> None:
    _ligne(f"vitesse de la machine ({os.cpu_count()} cœurs) {moment} : calcul de référence",
           f"{min(calcul_de_reference() for _ in range(3)):6.2f} s")


def mesurer_environnement() -> None:
    taille = subprocess.run(["du", "-sm", sys.prefix], capture_output=True, text=True).stdout.split()[0]
    print("Environnement")
    _ligne(f"taille de {sys.prefix}", f"{taille} Mo")
    mesurer_la_vitesse("au début")


def mesurer_donnees() -> None:
    from . import donnees

    print("Données")
    if not donnees.dossier_miroir():
        _ligne("miroir", "non défini (COURS_DATA_MIRROR) : mesure sautée")
        return
    with tempfile.TemporaryDirectory() as cache:
        os.environ["COURS_DATA_CACHE"] = cache
        try:
            duree, echecs = _chrono(donnees.telecharger_tout, sortie=io.StringIO())
            _ligne(f"`make data` depuis le miroir ({len(donnees.noms())} ressources, {echecs} échec(s))",
                   f"{duree:6.1f} s")
            import pandas  # noqa: F401  (l'import de pandas ne fait pas partie du chargement mesuré)

            temps = []
            for nom in donnees.noms():
                duree, _ = _chrono(donnees.charger, nom)
                temps.append((duree, nom))
            temps.sort(reverse=True)
            _ligne("chargement depuis le cache chaud : le plus lent", f"{temps[0][0]:6.2f} s ({temps[0][1]})")
            _ligne("chargement depuis le cache chaud : médiane", f"{temps[len(temps) // 2][0]:6.3f} s")
        finally:
            os.environ.pop("COURS_DATA_CACHE", None)


def mesurer_quiz(html: Path) -> None:
    from playwright.sync_api import sync_playwright

    from . import quiz

    print("Quiz")
    questions = [q for b in quiz.toutes_les_banques() for q in b.questions][:10]
    if len(questions) < 10:
        _ligne("banques", f"moins de 10 questions ({len(questions)}) : mesure sautée")
        return
    balisage = quiz.quiz_html("mesure", questions)
    statique = Path(quiz.__file__).parent / "static"
    poids_statique = sum((statique / f).stat().st_size for f in ("quiz.js", "quiz.css"))
    import gzip

    octets = balisage.encode()
    _ligne("balisage de 10 questions (texte compris)", f"{len(octets) / 1024:6.1f} Ko")
    _ligne("  … transféré compressé (gzip, comme le servent les serveurs web)",
           f"{len(gzip.compress(octets)) / 1024:6.1f} Ko")
    _ligne("quiz.js + quiz.css (partagés, mis en cache)", f"{poids_statique / 1024:6.1f} Ko")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "quiz.js").write_bytes((statique / "quiz.js").read_bytes())
        (Path(tmp) / "page.html").write_text(f"<!doctype html><html lang=fr><body>{balisage}</body></html>",
                                             encoding="utf-8")
        url, serveur = servir(Path(tmp))
        with sync_playwright() as p:
            nav = banc.lancer_chromium(p)
            page = nav.new_page()
            page.goto(url + "/page.html")
            mesures = []
            for _ in range(5):
                mesures.append(page.evaluate("""() => new Promise(ok => {
                    const t0 = performance.now(); const s = document.createElement('script');
                    s.src = 'quiz.js?' + Math.random(); s.onload = () => ok(performance.now() - t0);
                    document.body.appendChild(s); })"""))
            nav.close()
        banc.arreter(serveur)
    _ligne("chargement + initialisation de quiz.js (10 questions, médiane de 5)",
           f"{sorted(mesures)[2]:6.1f} ms")


def poids_des_pages(html: Path, pages: list[str], requetes_premiere: bool = False) -> list[tuple]:
    """(page, octets première visite, octets visite suivante, requêtes) mesurés dans Chromium.

    ``requetes_premiere`` : ajoute à chaque tuple le nombre de requêtes de la première visite."""
    from playwright.sync_api import sync_playwright

    url, serveur = servir(html)
    resultats = []
    with sync_playwright() as p:
        nav = banc.lancer_chromium(p)
        for page_nom in pages:
            ctx = nav.new_context()
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            octets = {"n": 0, "requetes": 0}
            en_ligne = set()  # les data: URI (icônes en CSS) ne sont pas des requêtes réseau

            def envoi(ev, vus=en_ligne):
                if ev["request"]["url"].startswith("data:"):
                    vus.add(ev["requestId"])

            def fini(ev, o=octets, vus=en_ligne):
                if ev["requestId"] in vus:
                    return
                o["n"] += ev.get("encodedDataLength", 0)
                o["requetes"] += 1

            cdp.on("Network.requestWillBeSent", envoi)
            cdp.on("Network.loadingFinished", fini)
            page.goto(f"{url}/index.html", wait_until="networkidle")  # première visite : l'accueil
            premiere, requetes_1 = octets["n"], octets["requetes"]
            octets.update(n=0, requetes=0)
            page.goto(f"{url}/{page_nom}", wait_until="networkidle")  # page suivante, cache chaud
            resultats.append((page_nom, premiere, octets["n"], octets["requetes"])
                             + ((requetes_1,) if requetes_premiere else ()))
            ctx.close()
        nav.close()
    banc.arreter(serveur)
    return resultats


PAGES_PREMIERE_VUE = ["book/index.html", "notebooks/partie-2-inclusion-numerique.html",
                      "book/partie-2/inclusion-numerique.html", "book/evaluation/finale-operationnels.html"]


def premiere_vue(html: Path, pages: list[str]) -> list[tuple[str, int, int]]:
    """(page, octets, requêtes) quand la page est la première ouverte, cache vide, écran de téléphone (images
    chargées à la demande : seules celles à l'écran comptent)."""
    from playwright.sync_api import sync_playwright

    url, serveur = servir(html)
    resultats = []
    try:
        with sync_playwright() as p:
            nav = banc.lancer_chromium(p)
            for nom in pages:
                ctx = nav.new_context(viewport={"width": 412, "height": 823})
                page = ctx.new_page()
                tailles = []
                page.on("requestfinished", lambda r, t=tailles: t.append(r.sizes()["responseBodySize"]))
                page.goto(f"{url}/{nom}", wait_until="networkidle")
                resultats.append((nom, sum(tailles), len(tailles)))
                ctx.close()
            nav.close()
    finally:
        banc.arreter(serveur)
    return resultats


def mesurer_traduction(html: Path) -> None:
    from . import sphinx_ext

    print("Traduction arabe (messages traduits et non « fuzzy », hors messages sans texte)")
    traduits, total = traduction.part_traduite(RACINE)
    _ligne("livre entier (locales/ar)", f"{traduits}/{total} · {100 * traduits / max(total, 1):.0f} %")
    perimetre = {d for _, docs in sphinx_ext.pages_du_parcours(RACINE, "décideurs") for d in docs}
    perimetre |= {"book/index", "book/parcours-decideurs", "book/parcours-operationnels", "book/annexes/glossaire",
                  "book/annexes/sigles", "book/annexes/progression"}
    dossier = RACINE / traduction.DOSSIER_CATALOGUES / "ar" / "LC_MESSAGES"
    fichiers = [dossier / f"{d}.po" for d in sorted(perimetre) if (dossier / f"{d}.po").is_file()]
    traduits, total = traduction.part_traduite(RACINE, "ar", fichiers)
    _ligne(f"parcours décideurs et annexes ({len(fichiers)} pages)", f"{traduits}/{total} · {100 * traduits / max(total, 1):.0f} %")
    traduits, total = traduction.part_de_l_interface("ar")
    _ligne("interface (catalogues du cours et du thème)", f"{traduits}/{total} · {100 * traduits / max(total, 1):.0f} %")
    print("Première vue d'une page arabe (cache vide, téléphone, police arabe comprise) : objectif ≤ 250 Ko")
    for nom, octets, requetes in premiere_vue(html, ["ar/book/index.html", "ar/book/decider/index.html",
                                                     "ar/book/decider/couts-et-valeur.html"]):
        _ligne(nom, f"{octets / 1024:7.0f} Ko · {requetes} requêtes")


def mesurer_poids(html: Path) -> None:
    print("Première vue (page ouverte en premier, cache vide, téléphone) : objectifs ≤ 250 Ko et ≤ 15 requêtes "
          "pour l'accueil, ≤ 300 Ko pour une page de notebook avec graphiques")
    for nom, octets, requetes in premiere_vue(html, PAGES_PREMIERE_VUE):
        _ligne(nom, f"{octets / 1024:7.0f} Ko · {requetes} requêtes")
    print("Poids des pages dans Chromium (accueil en première visite, puis la page en visite suivante)")
    pages = ["book/index.html"] + sorted(
        str(p.relative_to(html)) for p in html.glob("book/partie-*/index.html"))
    for nom, premiere, suivante, requetes in poids_des_pages(html, pages):
        _ligne(nom, f"1re visite {premiere / 1024:7.0f} Ko · suivante {suivante / 1024:6.0f} Ko · "
                    f"{requetes} requêtes")


def mesurer_lighthouse(html: Path) -> None:
    from . import lighthouse

    print("Lighthouse (profil mobile, 4G lente simulée, Chromium de Debian), serveur local avec gzip, "
          "comme un hébergeur de site ou le serveur de la salle")
    lighthouse.afficher(html, _ligne, compression=True)
    print("Lighthouse, même serveur sans compression (pire cas : fichiers servis bruts)")
    lighthouse.afficher(html, _ligne, compression=False)


def comparer_au_theme_par_defaut(html: Path) -> None:
    """Les mêmes chiffres pour le même livre construit avec les réglages par défaut du thème.

    ``COURS_THEME_PAR_DEFAUT=1`` débranche ``cours_opendata/theme`` (fontawesome.js, index de recherche
    sur chaque page, CSS complètes, état des widgets) : le rapport montre ce que l'allègement épargne."""
    from .theme import VARIABLE

    print("Thème allégé du cours / thème par défaut (même livre construit avec " f"{VARIABLE}=1)")
    pages = ["book/index.html"] + sorted(
        str(p.relative_to(html)) for p in html.glob("book/partie-*/index.html"))
    tmp = Path(tempfile.mkdtemp(prefix="mesures-theme-defaut-"))
    avant = os.environ.get(VARIABLE)
    try:
        racine = copie_du_depot(tmp / "depot")
        os.environ[VARIABLE] = "1"
        _construire(racine)
        allege = poids_des_pages(html, pages, requetes_premiere=True)
        defaut = poids_des_pages(racine / "_build" / "html", pages, requetes_premiere=True)
    finally:
        if avant is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = avant
        shutil.rmtree(tmp, ignore_errors=True)

    def ko(octets: int) -> str:
        return f"{octets / 1024:.0f} Ko"

    def rapport(a: int, b: int) -> str:
        return f"÷{b / a:.1f}" if a else "—"

    _, premiere_a, _, _, requetes_1a = allege[0]
    _, premiere_d, _, _, requetes_1d = defaut[0]
    _ligne("1re visite (accueil, cache vide)",
           f"{ko(premiere_a)} contre {ko(premiere_d)} ({rapport(premiere_a, premiere_d)}) · "
           f"{requetes_1a} requêtes contre {requetes_1d}")
    for (nom, _, suivante_a, requetes_a, _), (_, _, suivante_d, requetes_d, _) in zip(allege, defaut):
        _ligne(f"{nom} (visite suivante)",
               f"{ko(suivante_a)} contre {ko(suivante_d)} ({rapport(suivante_a, suivante_d)}) · "
               f"{requetes_a} requêtes contre {requetes_d}")


def mesurer_pdf(racine: Path, html: Path) -> None:
    """Le temps de make pdf (impression et assemblage) et la taille de chaque PDF (objectif : cours < 15 Mo)."""
    from . import pdf

    print("PDF (make pdf : pages imprimées par Chromium, assemblées avec pypdf)")
    try:
        duree, fichiers = _chrono(pdf.produire, html, racine, afficher=lambda *_: None)
    except pdf.ErreurPDF as exc:
        _ligne("mesure sautée", str(exc))
        return
    _ligne("temps de make pdf (sans reconstruire le livre)", f"{duree:6.1f} s")
    for nom, chemin in fichiers.items():
        taille = chemin.stat().st_size / 1e6
        objectif = "  ← au-dessus de 15 Mo" if nom == pdf.NOM_COURS and taille > 15 else ""
        _ligne(nom, f"{pdf.nombre_de_pages(chemin.read_bytes()):4d} pages · {taille:5.1f} Mo{objectif}")


def mesurer_modeles() -> None:
    """Le temps d'écriture des modèles bureautiques et la taille de chacun (ils sont dans le site et le zip)."""
    import tempfile

    from . import modeles

    print("Modèles bureautiques (écrits par make book dans modeles/)")
    with tempfile.TemporaryDirectory() as dossier:
        duree, fichiers = _chrono(modeles.produire, Path(dossier))
        _ligne("temps d'écriture des 8 fichiers", f"{duree:6.2f} s")
        for chemin in fichiers:
            _ligne(chemin.name, f"{chemin.stat().st_size / 1e3:6.0f} Ko")


def mesurer_diagnostic() -> None:
    """Le diagnostic d'un export de 100 Mo (objectif : au plus 60 s et 2 Go de mémoire sur 2 cœurs)."""
    print("Diagnostic d'un fichier (python -m cours_opendata.diagnostic)")
    with tempfile.TemporaryDirectory() as dossier:
        chemin = banc.csv_desordonne(Path(dossier) / "export.csv", 1_450_000)
        taille = chemin.stat().st_size / 1e6
        # Un processus à part, qui donne sa propre mémoire maximale (pas celle des constructions précédentes).
        script = ("import resource, sys\nfrom cours_opendata.diagnostic.__main__ import main\n"
                  f"code = main([{str(chemin)!r}, '--sortie', {str(Path(dossier) / 'sortie')!r}])\n"
                  "print('MEMOIRE', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\nsys.exit(code)\n")
        debut = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        duree = time.perf_counter() - debut
        if proc.returncode:
            _ligne("diagnostic en échec", proc.stderr.strip()[-200:])
            return
        memoire = int(re.search(r"MEMOIRE (\d+)", proc.stdout).group(1)) / 1024  # Ko → Mo (Linux)
        _ligne(f"export de {taille:.0f} Mo, {proc.stdout.split(' lignes')[0]} lignes",
               f"{duree:6.1f} s · mémoire maximale {memoire:.0f} Mo"
               + ("  ← au-dessus de 60 s" if duree > 60 else "") + ("  ← au-dessus de 2 Go" if memoire > 2048 else ""))


def mesurer_salle(racine: Path) -> None:
    from .salle import charge

    print(f"Serveur de la salle (JupyterHub, participants simulés exécutant {charge.NOTEBOOK_DU_BANC} en même temps)")
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        _ligne("non mesuré", "il faut root (un compte système par participant)")
        return
    coeurs = os.cpu_count() or 1

    def afficher(m: charge.Mesure) -> None:
        _ligne(f"{m.participants} participants",
               f"tous prêts en {m.tous_prets:5.1f} s · notebook p50 {m.p50:5.1f} s, p95 {m.p95:5.1f} s · "
               f"{statistics.mean(m.memoire_propre):4.0f} Mo propres ({statistics.mean(m.memoire_residente):4.0f} "
               f"Mo résidents) par participant")

    try:
        preparation, mesures = charge.banc(racine, afficher=afficher)
    except Exception as exc:  # une mesure en échec ne doit pas masquer les autres
        _ligne("banc de la salle en échec", str(exc)[:300])
        return
    _ligne("préparation de la salle (pip, npm, copies ; fait une fois)", f"{preparation:6.1f} s")
    d = charge.dimensionnement(mesures, coeurs)
    print(f"  Dimensionnement (machine de {coeurs} cœurs ; attente acceptable {charge.ATTENTE_ACCEPTABLE:.0f} s au p95)")
    _ligne("mémoire par participant (serveur et noyau ouverts)", f"{d['memoire_par_participant']:6.0f} Mo")
    _ligne("participants par Go de mémoire", f"{d['participants_par_go']:6d}")
    _ligne("participants par cœur, mesuré" + ("" if d["toutes_les_series_tenues"] else " (des séries décrochent)"),
           f"{d['participants_par_coeur_mesure']:6.1f}" + ("  (au moins : toutes les séries tiennent)"
                                                          if d["toutes_les_series_tenues"] else ""))
    extrapole = d["participants_par_coeur_extrapole"]
    _ligne("participants par cœur, extrapolé (p95 en droite jusqu'à l'attente)",
           f"{extrapole:6.1f}" if extrapole is not None else "     —  (le p95 ne croît pas avec le nombre)")
    _ligne("temps de processeur par participant (démarrage et notebook)", f"{d['temps_processeur']:6.1f} s")


def main() -> int:
    print("Mesures du cours (chiffres à comparer au sein d'une même exécution)\n")
    mesurer_environnement()
    mesurer_donnees()
    racine = mesurer_construction()
    html = racine / "_build" / "html"
    mesurer_notebooks(racine)
    mesurer_quiz(html)
    mesurer_poids(html)
    mesurer_traduction(html)
    mesurer_pdf(racine, html)
    mesurer_modeles()
    mesurer_diagnostic()
    mesurer_salle(racine)
    mesurer_lighthouse(html)
    comparer_au_theme_par_defaut(html)
    print("Machine")
    mesurer_la_vitesse("à la fin")
    shutil.rmtree(racine.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
