"""La recherche du livre arabe : Sphinx n'a pas d'analyseur pour l'arabe, le cours en déclare un.

Une racinisation légère, la même à l'indexation (Python) et dans la requête (JavaScript) : sans
voyelles brèves ni tatouil, alifs unifiés (أ إ آ → ا), ى → ي, ة → ه, et sans l'article (ال, وال, بال,
فال, كال, لل) quand il reste au moins trois lettres. « البيانات », « بالبيانات » et « بيانات » tombent
sur le même mot. Les mots vides les plus courants ne sont pas indexés.
"""

from __future__ import annotations

import re

from sphinx.search import SearchLanguage

_SIGNES = re.compile("[\u064b-\u065f\u0670\u0640]")  # voyelles brèves, tanwin, shadda, sukun, tatouil
_ALIFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")
MOTS_VIDES = {
    "في", "من", "على", "الى", "عن", "مع", "او", "ان", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي",
    "الذين", "ما", "لا", "لم", "لن", "قد", "كل", "بين", "كما", "هو", "هي", "و", "ثم", "حتى", "عند",
    "إلى", "أو", "أن", "إن",  # telles qu'on les tape : la requête retire ses mots vides avant la racinisation
}


def racine(mot: str) -> str:
    mot = _SIGNES.sub("", mot).translate(_ALIFS)
    for article in _ARTICLES:
        if mot.startswith(article) and len(mot) - len(article) >= 3:
            return mot[len(article):]
    return mot


_RACINE_JS = """
var Stemmer = function () {
  var signes = /[\\u064b-\\u065f\\u0670\\u0640]/g;
  var alifs = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه" };
  var articles = %s;
  this.stemWord = function (mot) {
    mot = mot.replace(signes, "").replace(/[أإآٱىة]/g, function (c) { return alifs[c]; });
    for (var i = 0; i < articles.length; i++) {
      if (mot.indexOf(articles[i]) === 0 && mot.length - articles[i].length >= 3) return mot.slice(articles[i].length);
    }
    return mot;
  };
};
""" % ("[" + ", ".join(f'"{a}"' for a in _ARTICLES) + "]")

# Les voyelles brèves sont des « marques » Unicode : sans elles dans la classe, un mot voyellé serait coupé.
_DECOUPE_JS = """
function splitQuery(query) {
  return query.split(/[^\\p{Letter}\\p{Mark}\\p{Number}_]+/gu).filter(function (mot) { return mot; });
}
"""


class SearchArabic(SearchLanguage):
    lang = "ar"
    language_name = "Arabic"
    stopwords = MOTS_VIDES
    js_stemmer_code = _RACINE_JS
    js_splitter_code = _DECOUPE_JS
    _word_re = re.compile(r"[\w\u064b-\u065f\u0670]+")

    def word_filter(self, word: str) -> bool:
        # Le filtre de Sphinx n'applique les mots vides qu'aux mots latins.
        return super().word_filter(word) and word not in MOTS_VIDES and racine(word) not in MOTS_VIDES

    def stem(self, word: str) -> str:
        return racine(word.lower())


def installer() -> None:
    from sphinx import search

    search.languages.setdefault("ar", SearchArabic)
