/* Fiche de décision (balisage : cours_opendata/gabarits/fiche-decision.html). Gardée dans ce navigateur
   (localStorage) ; reprend l'estimation du calculateur (calculateur.js). Rien n'est envoyé. */
(function () {
  "use strict";
  var CLE = "cours-opendata.fiche-decision.v1";
  var CALCUL = "cours-opendata.calculateur.v1";
  var FR0 = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
  var FR1 = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function init(section) {
    var Q = window.coursQuiz, stockage = Q && Q.stockage, _ = Q ? Q._ : function (t) { return t; };
    var champs = section.querySelectorAll("input, textarea, select");
    var date = section.querySelector(".fiche-date"), reprise = section.querySelector(".fiche-reprise");
    function lire(cle) {
      if (!stockage) return null;
      try { return JSON.parse(stockage.getItem(cle) || "null"); } catch (e) { return null; }
    }
    function dater(iso) {
      date.textContent = _("Fiche mise à jour le {date}.", { date: new Date(iso || Date.now()).toLocaleDateString(
        Q ? Q.LOCALE : "fr-FR", { day: "numeric", month: "long", year: "numeric" }) });
    }
    function enregistrer() {
      var contenu = {};
      for (var i = 0; i < champs.length; i++) contenu[champs[i].name] = champs[i].value;
      var iso = new Date().toISOString();
      dater(iso);
      if (stockage) try { stockage.setItem(CLE, JSON.stringify({ champs: contenu, date: iso })); } catch (e) { /* plein */ }
    }
    var sauve = lire(CLE);
    if (sauve && sauve.champs) {
      for (var i = 0; i < champs.length; i++) if (sauve.champs[champs[i].name] !== undefined) champs[i].value = sauve.champs[champs[i].name];
    }
    dater(sauve && sauve.date);
    for (var j = 0; j < champs.length; j++) {
      champs[j].addEventListener("input", enregistrer);
      champs[j].addEventListener("change", enregistrer);
    }
    var bouton = section.querySelector(".fiche-reprendre");
    if (bouton) bouton.addEventListener("click", function () {
      var calcul = lire(CALCUL), cout = section.querySelector("#" + bouton.getAttribute("data-champ"));
      if (!calcul || !calcul.resultat) {
        reprise.textContent = stockage ? _("Le calculateur n’a pas encore servi dans ce navigateur\u00a0: ouvrez la page «\u00a0Ce que coûte l’ouverture des données\u00a0».")
          : _("Votre navigateur refuse l’enregistrement local\u00a0: recopiez l’estimation du calculateur.");
        return;
      }
      var r = calcul.resultat;
      cout.value = _("{an1} dirhams la première année ({etp1} équivalent temps plein), puis {an} dirhams par an " +
        "({etp} équivalent temps plein), pour {jeux} jeux de données.", { an1: FR0.format(r.cout_premiere_annee),
        etp1: FR1.format(r.etp_premiere_annee), an: FR0.format(r.cout_par_an), etp: FR1.format(r.etp_par_an),
        jeux: FR0.format(calcul.saisies ? Q.nombre(calcul.saisies.jeux) : 0) });
      reprise.textContent = _("Estimation reprise.");
      enregistrer();
    });
    section.querySelector(".fiche-imprimer").addEventListener("click", function () { window.print(); });
    section.querySelector(".fiche-effacer").addEventListener("click", function () {
      if (!window.confirm(_("Effacer la fiche de décision enregistrée dans ce navigateur\u00a0?"))) return;
      for (var i = 0; i < champs.length; i++) champs[i].value = "";
      if (stockage) stockage.removeItem(CLE);
      dater();
    });
    if (Q) Q.signalerStockage();
  }
  function demarrer() {
    var sections = document.querySelectorAll("section[data-fiche-decision]");
    for (var i = 0; i < sections.length; i++) init(sections[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", demarrer);
  else demarrer();
})();
