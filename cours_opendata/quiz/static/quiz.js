/* Quiz du cours (balisage : cours_opendata/gabarits/quiz.html). Progression en localStorage ; rien n'est envoyé.
   Le bilan et les tests (prétest, post-test, tests finaux) sont dans evaluation.js. */
(function () {
  "use strict";
  var CLE = "cours-opendata.quiz.v1";
  // Phrases en français (langue source) ; un livre traduit charge messages.js (window.coursMessages) avant.
  var LOCALE = document.documentElement.lang === "ar" ? "ar-MA" : "fr-FR";
  function _(t, v) {
    t = (window.coursMessages || {})[t] || t;
    return v ? t.replace(/\{(\w+)\}/g, function (x, k) { return k in v ? v[k] : x; }) : t;
  }

  // Stockage refusé (navigation privée…) : les quiz marchent quand même.
  var stockage = (function () {
    try {
      var s = window.localStorage, t = "__test__";
      s.setItem(t, t); s.removeItem(t);
      return s.coursMemoire ? null : s;  // stockage en mémoire (thème) : rien ne dure
    } catch (e) { return null; }
  })();

  function lire() {
    if (!stockage) return {};
    try { return JSON.parse(stockage.getItem(CLE) || "{}") || {}; } catch (e) { return {}; }
  }
  function ecrire(etat) {
    if (stockage) try { stockage.setItem(CLE, JSON.stringify(etat)); } catch (e) { /* plein */ }
  }
  function signalerStockage() {
    var n = document.querySelectorAll(".quiz-stockage");
    for (var i = 0; i < n.length; i++) n[i].hidden = !!stockage;
  }

  // Même règle que correction.lire_nombre : « 84,1 », « 84,1 % », « 1 740 » (espaces insécables compris).
  function nombre(texte) {
    var brut = String(texte).replace(/[\s\u00a0\u202f]+/g, "").replace(/%$/, "");
    return /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(brut) ? parseFloat(brut.replace(",", ".")) : NaN;
  }

  function reponseDe(form) {
    var type = form.getAttribute("data-quiz-type");
    if (type === "numerique") {
      var champ = form.querySelector(".quiz-nombre");
      return champ.value.trim() === "" ? null : champ.value;
    }
    var coches = form.querySelectorAll("input:checked"), valeurs = [];
    for (var i = 0; i < coches.length; i++) valeurs.push(coches[i].value);
    return valeurs.length ? valeurs : null;
  }

  function corriger(form, reponse) {
    var type = form.getAttribute("data-quiz-type");
    if (type === "numerique") {
      var champ = form.querySelector(".quiz-nombre");
      var x = nombre(reponse);
      var juste = Math.abs(x - parseFloat(champ.getAttribute("data-reponse"))) <=
        parseFloat(champ.getAttribute("data-tolerance")) + 1e-9;
      return { juste: juste, cles: [juste ? "correct" : "incorrect"] };
    }
    var entrees = form.querySelectorAll("input"), justeTout = true;
    for (var i = 0; i < entrees.length; i++) {
      var attendu = entrees[i].hasAttribute("data-correcte");
      if (attendu !== (reponse.indexOf(entrees[i].value) >= 0)) justeTout = false;
    }
    return { juste: justeTout, cles: reponse };
  }

  function afficher(form, resultat, restaure) {
    var zone = form.querySelector(".quiz-retour");
    var retours = [];
    resultat.cles.forEach(function (cle) {
      var el = form.querySelector('.quiz-retour-option[data-pour="' + cle + '"]');
      if (el) retours.push(el.innerHTML);
    });
    var ex = form.querySelector(".quiz-explication");
    zone.className = "quiz-retour " + (resultat.juste ? "quiz-juste" : "quiz-faux");
    zone.innerHTML = "<p><strong>" + (resultat.juste ? _("Bonne réponse.") : _("Pas tout à fait.")) +
      "</strong>" + (restaure ? " <em>" + _("(réponse enregistrée)") + "</em>" : "") + "</p>" +
      (retours.length ? "<ul><li>" + retours.join("</li><li>") + "</li></ul>" : "") +
      (ex ? "<p>" + ex.innerHTML + "</p>" : "");
    form.setAttribute("data-quiz-etat", resultat.juste ? "juste" : "faux");
  }

  function restaurer(form, reponse) {
    if (form.getAttribute("data-quiz-type") === "numerique") {
      form.querySelector(".quiz-nombre").value = reponse;
      return;
    }
    var entrees = form.querySelectorAll("input");
    for (var i = 0; i < entrees.length; i++) entrees[i].checked = reponse.indexOf(entrees[i].value) >= 0;
  }

  function initQuestion(form, etat) {
    var id = form.getAttribute("data-quiz-id");
    form.querySelector(".quiz-actions").hidden = false;  // sans JavaScript, le bouton reste caché
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var reponse = reponseDe(form);
      var zone = form.querySelector(".quiz-retour");
      if (reponse === null) {
        zone.className = "quiz-retour";
        zone.innerHTML = "<p>" + _("Choisissez ou saisissez une réponse avant de valider.") + "</p>";
        return;
      }
      if (form.getAttribute("data-quiz-type") === "numerique" && isNaN(nombre(reponse))) {
        zone.className = "quiz-retour";
        zone.textContent = _("«\u00a0{reponse}\u00a0» n’est pas un nombre\u00a0: saisissez par exemple 12, 74,4 ou 1\u202f740.",
          { reponse: reponse });
        return;
      }
      var resultat = corriger(form, reponse);
      afficher(form, resultat, false);
      var e = lire();
      e[id] = { reponse: reponse, juste: resultat.juste, date: new Date().toISOString(), v: form.getAttribute("data-quiz-version") };
      ecrire(e);
    });
    var sauve = etat[id];  // une réponse à une question modifiée depuis n'est pas reprise
    if (sauve && sauve.v === form.getAttribute("data-quiz-version") && sauve.reponse !== undefined && sauve.reponse !== null) {
      restaurer(form, sauve.reponse);
      afficher(form, corriger(form, sauve.reponse), true);
    }
  }

  function init() {
    var etat = lire();
    signalerStockage();
    var formes = document.querySelectorAll("form.quiz-question[data-quiz-id]");
    for (var i = 0; i < formes.length; i++) initQuestion(formes[i], etat);
  }
  // Partagé avec evaluation.js (tests et bilan) : une seule correction dans le navigateur.
  window.coursQuiz = { CLE: CLE, _: _, LOCALE: LOCALE, stockage: stockage, lire: lire, nombre: nombre, reponseDe: reponseDe,
    corriger: corriger, afficher: afficher, restaurer: restaurer, signalerStockage: signalerStockage };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
