/* Remplace bootstrap.js (79 Ko) : le livre n'en utilise que les menus déroulants (bouton « Télécharger »)
   et une infobulle que pydata-sphinx-theme crée pour un bouton (le titre natif de l'élément suffit). */
(function () {
  "use strict";
  function Tooltip() {}
  ["show", "hide", "toggle", "dispose", "enable", "disable", "setContent", "update"].forEach(function (m) {
    Tooltip.prototype[m] = function () {};
  });
  Tooltip.getInstance = function () { return null; };
  Tooltip.getOrCreateInstance = function () { return new Tooltip(); };
  window.bootstrap = window.bootstrap || { Tooltip: Tooltip };

  var SELECTEUR = '[data-bs-toggle="dropdown"]';
  function menu(bouton) { return bouton.parentNode.querySelector(".dropdown-menu"); }
  function basculer(bouton, ouvrir) {
    bouton.setAttribute("aria-expanded", String(ouvrir));
    bouton.classList.toggle("show", ouvrir);
    var m = menu(bouton);
    if (m) m.classList.toggle("show", ouvrir);
  }
  function fermerTout(sauf) {
    var ouverts = document.querySelectorAll(SELECTEUR + '[aria-expanded="true"]');
    for (var i = 0; i < ouverts.length; i++) if (ouverts[i] !== sauf) basculer(ouverts[i], false);
  }
  document.addEventListener("click", function (ev) {
    var bouton = ev.target.closest ? ev.target.closest(SELECTEUR) : null;
    if (!bouton) {
      if (!(ev.target.closest && ev.target.closest(".dropdown-menu"))) fermerTout(null);
      return;
    }
    ev.preventDefault();
    var ouvrir = bouton.getAttribute("aria-expanded") !== "true";
    fermerTout(bouton);
    basculer(bouton, ouvrir);
    var premier = ouvrir && menu(bouton) && menu(bouton).querySelector("a, button");
    if (premier && ev.detail === 0) premier.focus();  // ouvert au clavier : le focus entre dans le menu
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    var ouvert = document.querySelector(SELECTEUR + '[aria-expanded="true"]');
    if (ouvert) { basculer(ouvert, false); ouvert.focus(); }
  });
})();
