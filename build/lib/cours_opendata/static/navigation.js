/* Sur petit écran, le thème n'écoute que le premier bouton de menu (.primary-toggle), caché :
   le bouton visible lui transmet le clic, sinon le menu ne s'ouvre pas sur téléphone. */
document.addEventListener("click", function (ev) {
  if (!window.matchMedia("(max-width: 959.98px)").matches || !ev.target.closest) return;
  ["primary", "secondary"].forEach(function (cote) {
    var boutons = document.querySelectorAll("." + cote + "-toggle");
    var clique = ev.target.closest("." + cote + "-toggle");
    if (clique && boutons.length > 1 && clique !== boutons[0]) {
      ev.preventDefault();
      ev.stopPropagation();
      boutons[0].click();
    }
  });
}, true);
