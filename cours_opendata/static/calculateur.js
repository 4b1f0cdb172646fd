/* Calculateur du coût d'ouverture (balisage : cours_opendata/gabarits/calculateur.html). Le modèle vient de la
   page (cours_opendata/couts.py, émis à la construction) : ce script n'a pas d'autre formule que « produit des
   facteurs de chaque poste, somme par phase ». Nombres lus comme dans les quiz (quiz.js). Rien n'est envoyé. */
(function () {
  "use strict";
  var CLE = "cours-opendata.calculateur.v1";
  var FR0 = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
  var FR1 = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function calculer(modele, v) {
    var jours = { initial: 0, annuel: 0 }, dirhams = { initial: 0, annuel: 0 }, postes = {};
    modele.postes.forEach(function (p) {
      var q = p.facteurs.reduce(function (acc, f) { return acc * v[f]; }, 1);
      var montant = p.en === "jours" ? q * v.cout_jour : q;
      postes[p.cle] = montant;
      if (p.en === "jours") jours[p.phase] += q;
      dirhams[p.phase] += montant;
    });
    var an1 = jours.initial + jours.annuel;
    return { jours_premiere_annee: an1, jours_par_an: jours.annuel, cout_premiere_annee: dirhams.initial + dirhams.annuel,
      cout_par_an: dirhams.annuel, etp_premiere_annee: an1 / modele.jours_par_an, etp_par_an: jours.annuel / modele.jours_par_an,
      postes: postes };
  }

  function borne(x) { return FR1.format(x).replace(/,0$/, ""); }

  function init(section) {
    var Q = window.coursQuiz, _ = Q ? Q._ : function (t) { return t; };
    var modele = JSON.parse(section.querySelector(".calculateur-modele").textContent);
    var stockage = Q && Q.stockage;
    var champs = {}, alerte = section.querySelector(".calculateur-alerte");
    modele.parametres.forEach(function (p) { champs[p.cle] = section.querySelector('input[name="' + p.cle + '"]'); });

    function lire() {
      var valeurs = {}, fautes = 0;
      modele.parametres.forEach(function (p) {
        var champ = champs[p.cle], erreur = section.querySelector("#calc-" + p.cle + "-erreur");
        var x = Q ? Q.nombre(champ.value) : NaN, message = "";
        if (champ.value.trim() === "") message = _("Saisissez une valeur (0 si ce poste ne vous concerne pas).");
        else if (isNaN(x)) message = _("«\u00a0{valeur}\u00a0» n’est pas un nombre\u00a0: écrivez par exemple 1\u202f500 ou 2,5.", { valeur: champ.value });
        else if (x < 0) message = _("Une valeur négative n’a pas de sens ici\u00a0: {minimum} au minimum.", { minimum: borne(p.minimum) });
        else if (x < p.minimum) message = _("Au moins {minimum}\u00a0{unite}.", { minimum: borne(p.minimum), unite: p.unite });
        else if (x > p.maximum) message = _("Valeur trop grande\u00a0: au plus {maximum}\u00a0{unite}.", { maximum: borne(p.maximum), unite: p.unite });
        else if (p.entier && x !== Math.floor(x)) message = _("Un nombre entier est attendu.");
        erreur.textContent = message;
        erreur.hidden = !message;
        if (message) { champ.setAttribute("aria-invalid", "true"); fautes++; } else champ.removeAttribute("aria-invalid");
        valeurs[p.cle] = x;
      });
      return fautes ? null : valeurs;
    }

    function afficher(resultat) {
      var sorties = section.querySelectorAll("output");
      for (var i = 0; i < sorties.length; i++) {
        var nom = sorties[i].getAttribute("name"), valeur;
        if (!resultat) { sorties[i].textContent = "—"; sorties[i].removeAttribute("data-valeur"); continue; }
        valeur = nom.indexOf("poste-") === 0 ? resultat.postes[nom.slice(6)] : resultat[nom];
        sorties[i].setAttribute("data-valeur", String(valeur));
        sorties[i].textContent = nom.indexOf("etp") === 0 ? FR1.format(valeur) : FR0.format(valeur);
      }
    }

    function recalculer() {
      var valeurs = lire(), resultat = valeurs ? calculer(modele, valeurs) : null;
      alerte.hidden = !!resultat;
      alerte.textContent = resultat ? "" : _("Corrigez les champs signalés\u00a0: les résultats s’afficheront dès que toutes les valeurs seront valides.");
      afficher(resultat);
      if (stockage && resultat) {
        var saisies = {};
        Object.keys(champs).forEach(function (c) { saisies[c] = champs[c].value; });
        try { stockage.setItem(CLE, JSON.stringify({ saisies: saisies, resultat: resultat, date: new Date().toISOString() })); } catch (e) { /* plein */ }
      }
    }

    if (stockage) {
      try {
        var sauve = JSON.parse(stockage.getItem(CLE) || "null");
        if (sauve && sauve.saisies) Object.keys(sauve.saisies).forEach(function (c) { if (champs[c]) champs[c].value = sauve.saisies[c]; });
      } catch (e) { /* illisible : on garde les hypothèses */ }
    }
    Object.keys(champs).forEach(function (c) { champs[c].addEventListener("input", recalculer); });
    section.querySelector(".calculateur-retablir").addEventListener("click", function () {
      Object.keys(champs).forEach(function (c) { champs[c].value = champs[c].getAttribute("data-defaut"); });
      recalculer();
    });
    if (Q) Q.signalerStockage();
    recalculer();
  }

  window.coursCalculateur = { calculer: calculer, CLE: CLE };
  function demarrer() {
    var sections = document.querySelectorAll("section[data-calculateur]");
    for (var i = 0; i < sections.length; i++) init(sections[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", demarrer);
  else demarrer();
})();
