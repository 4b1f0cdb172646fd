"""Saisies numériques d'essai, lues par Python (test_quiz) et par quiz.js (test_quiz_navigateur)."""

NOMBRES_FRANCAIS = [("84,1", 84.1), ("84,1 %", 84.1), ("84,1\u202f%", 84.1), ("1 740", 1740.0),
                    ("1\u202f740", 1740.0), ("1\u00a0740,5", 1740.5), ("84.1", 84.1), (" 12 ", 12.0), ("-3", -3.0),
                    (",5", 0.5)]
PAS_DES_NOMBRES = ["", "abc", "12 régions", "1,2,3", "1.740,5", "--1", "%"]
