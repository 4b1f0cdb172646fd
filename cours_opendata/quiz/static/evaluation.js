/* Tests (prétest, post-test, tests finaux, attestation) et bilan « Ma progression ».
   Balisage : cours_opendata/gabarits/evaluation.html et progression.html. Correction : window.coursQuiz (quiz.js).
   Tout reste dans ce navigateur (localStorage) ; rien n'est envoyé. */
(function () {
  "use strict";
  var CLE = "cours-opendata.evaluations.v1";
  var NOM = "cours-opendata.nom.v1";
  var Q;
  function _(texte, valeurs) { return Q._(texte, valeurs); }  // quiz.js : traductions et valeurs {nom}

  function lire() {
    if (!Q.stockage) return {};
    try { return JSON.parse(Q.stockage.getItem(CLE) || "{}") || {}; } catch (e) { return {}; }
  }
  function ecrire(etat) {
    if (Q.stockage) try { Q.stockage.setItem(CLE, JSON.stringify(etat)); } catch (e) { /* plein */ }
  }
  function lireNom() { try { return (Q.stockage && Q.stockage.getItem(NOM)) || ""; } catch (e) { return ""; } }
  function ecrireNom(v) { if (Q.stockage) try { Q.stockage.setItem(NOM, v); } catch (e) { /* plein */ } }
  function pct(justes, total) { return total ? Math.round(100 * justes / total) + "\u00a0%" : "—"; }
  function dateFr(iso) {
    var d = iso ? new Date(iso) : new Date();
    return d.toLocaleDateString(Q.LOCALE, { day: "numeric", month: "long", year: "numeric" });
  }
  function cellules(tr, textes) {
    textes.forEach(function (t, i) {
      var c = document.createElement(i ? "td" : "th");
      if (!i) c.setAttribute("scope", "row");
      if (t && t.nodeType) c.appendChild(t); else c.textContent = t;
      tr.appendChild(c);
    });
    return tr;
  }
  function titrePartie(el) {
    var h = el.previousElementSibling;
    while (h && !h.classList.contains("evaluation-partie")) h = h.previousElementSibling;
    return h ? h.textContent : el.getAttribute("data-quiz-partie");
  }

  // ------------------------------------------------------------------ formulaires d'évaluation
  function initEvaluation(section) {
    var cle = section.getAttribute("data-evaluation");
    var seuil = parseInt(section.getAttribute("data-seuil") || "0", 10);
    var form = section.querySelector(".evaluation-formulaire");
    var questions = Array.prototype.slice.call(form.querySelectorAll(".quiz-question"));
    var manquantes = form.querySelector(".evaluation-manquantes");
    var resultats = section.querySelector(".evaluation-resultats");
    var attestation = section.querySelector(".attestation");
    var insister = "";
    var empreinte = questions.map(function (d) { return d.getAttribute("data-quiz-version"); }).join();
    form.hidden = false;

    function corrigerTout(reponses) {
      var parties = [], parPartie = {}, justes = 0;
      questions.forEach(function (div) {
        var id = div.getAttribute("data-quiz-id"), p = div.getAttribute("data-quiz-partie");
        if (!parPartie[p]) { parPartie[p] = { partie: p, titre: titrePartie(div), justes: 0, total: 0 }; parties.push(parPartie[p]); }
        var r = reponses[id], res = r === null || r === undefined ? { juste: false, cles: [] } : Q.corriger(div, r);
        parPartie[p].total++;
        if (res.juste) { parPartie[p].justes++; justes++; }
        div.__resultat = res;
      });
      return { parties: parties, justes: justes, total: questions.length };
    }

    function montrer(bilan, date) {
      questions.forEach(function (div) {
        Q.afficher(div, div.__resultat, false);
        if (!div.__resultat.cles.length) div.querySelector(".quiz-retour").insertAdjacentHTML("afterbegin", "<p><em>" + _("Sans réponse.") + "</em></p>");
        div.querySelector(".quiz-solution").hidden = false;
        var entrees = div.querySelectorAll("input");
        for (var i = 0; i < entrees.length; i++) entrees[i].disabled = true;
      });
      form.querySelector(".evaluation-actions").hidden = true;
      var corps = resultats.querySelector("tbody");
      corps.innerHTML = "";
      bilan.parties.forEach(function (p) {
        corps.appendChild(cellules(document.createElement("tr"), [p.titre, p.justes + " / " + p.total, pct(p.justes, p.total)]));
      });
      corps.appendChild(cellules(document.createElement("tr"), [_("Total"), bilan.justes + " / " + bilan.total, pct(bilan.justes, bilan.total)]));
      var score = 100 * bilan.justes / bilan.total, verdict = resultats.querySelector(".evaluation-verdict");
      var texte = _("Test terminé le {date}\u00a0: {justes} bonne(s) réponse(s) sur {total} ({pourcentage}).",
        { date: dateFr(date), justes: bilan.justes, total: bilan.total, pourcentage: pct(bilan.justes, bilan.total) });
      if (seuil) texte += " " + (score >= seuil ? _("Vous avez atteint le seuil de {seuil}\u00a0%\u00a0: votre attestation est prête ci-dessous.", { seuil: seuil })
        : _("Le seuil de réussite est de {seuil}\u00a0%\u00a0: relisez les parties où votre score est le plus bas, puis recommencez.", { seuil: seuil }));
      texte += " " + (Q.stockage ? _("Ce résultat est gardé dans ce navigateur et repris dans «\u00a0Ma progression\u00a0».") : _("Votre navigateur refuse l’enregistrement local\u00a0: ce résultat ne sera pas conservé."));
      verdict.textContent = texte;
      resultats.hidden = false;
      if (attestation) {
        attestation.hidden = !(score >= seuil);
        attestation.querySelector(".attestation-date").textContent = dateFr(date);
        attestation.querySelector(".attestation-score").textContent = pct(bilan.justes, bilan.total) + " (" + bilan.justes + ")";
        var tb = attestation.querySelector("tbody");
        tb.innerHTML = "";
        bilan.parties.forEach(function (p) { tb.appendChild(cellules(document.createElement("tr"), [p.titre, p.justes + " / " + p.total])); });
      }
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var reponses = {}, vides = [], invalide = null;
      questions.forEach(function (div, i) {
        var r = Q.reponseDe(div);
        if (r === null) vides.push(i + 1);
        else if (div.getAttribute("data-quiz-type") === "numerique" && isNaN(Q.nombre(r)) && !invalide) invalide = [i + 1, r, div];
        reponses[div.getAttribute("data-quiz-id")] = r;
      });
      if (invalide) {
        manquantes.hidden = false;
        manquantes.textContent = _("Question {numero}\u00a0: «\u00a0{reponse}\u00a0» n’est pas un nombre. Saisissez par exemple 12, 74,4 ou 1\u202f740.",
          { numero: invalide[0], reponse: invalide[1] });
        invalide[2].querySelector("input").focus();
        return;
      }
      if (vides.length && insister !== vides.join()) {
        insister = vides.join();
        manquantes.hidden = false;
        manquantes.textContent = (vides.length > 1 ? _("Sans réponse\u00a0: questions {numeros}.", { numeros: vides.join(", ") })
          : _("Sans réponse\u00a0: question {numeros}.", { numeros: vides.join(", ") })) + " " +
          _("Répondez-y, ou choisissez de nouveau «\u00a0Terminer et voir mes résultats\u00a0»\u00a0: elles compteront comme fausses.");
        questions[vides[0] - 1].querySelector("input").focus();
        return;
      }
      manquantes.hidden = true;
      var bilan = corrigerTout(reponses), date = new Date().toISOString();
      var etat = lire();
      etat[cle] = { date: date, reponses: reponses, v: empreinte, justes: bilan.justes, total: bilan.total,
        parties: bilan.parties.map(function (p) { return { partie: p.partie, justes: p.justes, total: p.total }; }) };
      ecrire(etat);
      montrer(bilan, date);
      resultats.focus();
    });

    section.querySelector(".evaluation-recommencer").addEventListener("click", function () {
      var etat = lire();
      delete etat[cle];
      ecrire(etat);
      questions.forEach(function (div) {
        var entrees = div.querySelectorAll("input");
        for (var i = 0; i < entrees.length; i++) { entrees[i].disabled = false; entrees[i].checked = false; if (entrees[i].type === "text") entrees[i].value = ""; }
        var zone = div.querySelector(".quiz-retour");
        zone.className = "quiz-retour"; zone.innerHTML = "";
        div.querySelector(".quiz-solution").hidden = true;
        div.querySelector(".quiz-solution").open = false;
      });
      form.querySelector(".evaluation-actions").hidden = false;
      resultats.hidden = true;
      if (attestation) attestation.hidden = true;
      insister = "";
      questions[0].querySelector("input").focus();
    });

    if (attestation) {
      var nom = attestation.querySelector(".attestation-nom"), imprime = attestation.querySelector(".attestation-nom-imprime");
      nom.value = lireNom();
      var maj = function () { imprime.textContent = nom.value.trim() || "…"; ecrireNom(nom.value); };
      nom.addEventListener("input", maj); maj();
      attestation.querySelector(".attestation-imprimer").addEventListener("click", function () {
        if (!nom.value.trim()) { nom.focus(); nom.setAttribute("aria-invalid", "true"); return; }
        nom.removeAttribute("aria-invalid");
        document.documentElement.classList.add("impression-attestation");
        window.print();
        document.documentElement.classList.remove("impression-attestation");
      });
    }

    var sauve = lire()[cle];
    if (sauve && sauve.reponses && sauve.v === empreinte) {  // test modifié depuis : résultat non repris
      questions.forEach(function (div) {
        var r = sauve.reponses[div.getAttribute("data-quiz-id")];
        if (r !== null && r !== undefined) Q.restaurer(div, r);
      });
      montrer(corrigerTout(sauve.reponses), sauve.date);
    }
  }

  // ------------------------------------------------------------------ bilan « Ma progression »
  function ligne(corps, libelle, q, etat) {
    var repondues = 0, justes = 0;
    q.forEach(function (x) { if (aJour(etat, x)) { repondues++; if (etat[x.id].juste) justes++; } });
    corps.appendChild(cellules(document.createElement("tr"),
      [libelle, repondues + " / " + q.length, String(justes), pct(justes, repondues), pct(justes, q.length)]));
    return [repondues, justes];
  }

  function aJour(etat, q) { return etat[q.id] && etat[q.id].v === q.v; }

  function scoreDe(resultat, partie) {
    if (!resultat) return "—";
    var p = (resultat.parties || []).filter(function (x) { return x.partie === partie; })[0];
    return p ? p.justes + " / " + p.total + " (" + pct(p.justes, p.total) + ")" : "—";
  }

  function initProgression(section) {
    var index = JSON.parse(section.querySelector(".quiz-index").textContent);
    section.querySelector(".progression-contenu").hidden = false;
    var parties = section.querySelector(".progression-parties tbody");
    var parcours = section.querySelector(".progression-parcours tbody");
    var tests = section.querySelector(".progression-tests tbody");
    var finales = section.querySelector(".progression-finales");
    var restantes = section.querySelector(".progression-restantes");
    function dessiner() {
      var etat = Q.lire(), evals = lire();
      parties.innerHTML = ""; parcours.innerHTML = ""; tests.innerHTML = ""; finales.innerHTML = ""; restantes.innerHTML = "";
      var total = [0, 0];
      index.parties.forEach(function (p) {
        var qs = index.questions.filter(function (q) { return q.partie === p.partie; });
        var r = ligne(parties, p.titre, qs, etat);
        total[0] += r[0]; total[1] += r[1];
        var pre = evals["pre-test"], post = evals["post-test"];
        tests.appendChild(cellules(document.createElement("tr"), [p.titre, scoreDe(pre, p.partie), scoreDe(post, p.partie)]));
        var manque = qs.filter(function (q) { return !aJour(etat, q); });
        if (!manque.length) return;
        var li = document.createElement("li"), ul = document.createElement("ul");
        li.textContent = p.titre + " (" + manque.length + ")";
        manque.forEach(function (q) {
          var item = document.createElement("li"), a = document.createElement(q.lien ? "a" : "span");
          if (q.lien) a.href = q.lien;
          a.textContent = q.enonce;
          item.appendChild(a); ul.appendChild(item);
        });
        li.appendChild(ul); restantes.appendChild(li);
      });
      var totalTests = ["pre-test", "post-test"].map(function (c) {
        var r = evals[c]; return r ? r.justes + " / " + r.total + " (" + pct(r.justes, r.total) + ")" : _("pas encore passé");
      });
      tests.appendChild(cellules(document.createElement("tr"), [_("Ensemble")].concat(totalTests)));
      index.parcours.forEach(function (p) {
        ligne(parcours, p.libelle, index.questions.filter(function (q) { return q.parcours === p.cle || q.parcours === "tous"; }), etat);
      });
      index.evaluations.filter(function (e) { return e.seuil; }).forEach(function (e) {
        var r = evals[e.cle], li = document.createElement("li"), a = document.createElement(e.lien ? "a" : "span");
        if (e.lien) a.href = e.lien;
        a.textContent = e.titre;
        li.appendChild(a);
        var valeurs = r && { justes: r.justes, total: r.total, pourcentage: pct(r.justes, r.total), date: dateFr(r.date), seuil: e.seuil };
        li.appendChild(document.createTextNode(!r ? _("\u00a0: pas encore passé")
          : 100 * r.justes / r.total >= e.seuil ? _("\u00a0: {justes} / {total} ({pourcentage}), le {date}, réussi", valeurs)
          : _("\u00a0: {justes} / {total} ({pourcentage}), le {date}, seuil de {seuil}\u00a0% non atteint", valeurs)));
        finales.appendChild(li);
      });
      if (!restantes.children.length) restantes.innerHTML = "<li>" + _("Vous avez répondu à toutes les questions des quiz.") + "</li>";
      section.querySelector(".progression-total").textContent = _("Au total\u00a0: {repondues} question(s) répondue(s) sur {questions}, " +
        "dont {justes} juste(s)\u00a0: {part} des questions répondues, {ensemble} de l’ensemble.", { repondues: total[0],
        questions: index.questions.length, justes: total[1], part: pct(total[1], total[0]), ensemble: pct(total[1], index.questions.length) });
      section.querySelector(".progression-date").textContent = _("Bilan établi le {date}.", { date: dateFr() });
    }
    var nom = section.querySelector("#progression-nom"), imprime = section.querySelector(".progression-nom-imprime");
    nom.value = lireNom();
    function majNom() {
      imprime.textContent = nom.value;
      section.querySelector(".progression-imprime").hidden = !nom.value;
      ecrireNom(nom.value);
    }
    nom.addEventListener("input", majNom); majNom();
    section.querySelector(".progression-imprimer").addEventListener("click", function () { window.print(); });
    section.querySelector(".progression-effacer").addEventListener("click", function () {
      if (!window.confirm(_("Effacer toutes vos réponses enregistrées dans ce navigateur (quiz et tests)\u00a0?"))) return;
      if (Q.stockage) { Q.stockage.removeItem(Q.CLE); Q.stockage.removeItem(CLE); }
      dessiner();
    });
    dessiner();
  }

  function init() {
    Q = window.coursQuiz;
    if (!Q) return;
    Q.signalerStockage();
    var formes = document.querySelectorAll("section.evaluation[data-evaluation]");
    for (var i = 0; i < formes.length; i++) initEvaluation(formes[i]);
    var prog = document.querySelector(".quiz-progression");
    if (prog) initProgression(prog);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
