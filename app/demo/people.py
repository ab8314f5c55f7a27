"""Data tables for the demo case files: names by origin, and what staff write, per language.

Names follow the naming customs of the regions people come from to France, Germany, Italy
and Sweden (Tigrinya patronymics, Somali clan-neutral family names, Dari and Pashto family
names...). Texts are short, plausible notes a worker would type, in the organisation's
language; ``{name}`` is the beneficiary's given name.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.cases.models import TaskKind
from app.vocabulary import (
    ContractType,
    InterruptionReason,
    NoteKind,
    ResidenceStatus,
    StageKind,
)


@dataclass(frozen=True, slots=True)
class Origin:
    """A group of people sharing a country of origin, naming customs and languages."""

    country: str
    women: tuple[str, ...]
    men: tuple[str, ...]
    families: tuple[str, ...]
    # Language sets a person may speak; the first language of each set is preferred.
    languages: tuple[tuple[str, ...], ...]
    statuses: tuple[ResidenceStatus, ...]
    share_of_women: float = 0.4


_REFUGEE = (
    ResidenceStatus.REFUGEE,
    ResidenceStatus.REFUGEE,
    ResidenceStatus.SUBSIDIARY_PROTECTION,
    ResidenceStatus.ASYLUM_SEEKER,
    ResidenceStatus.FAMILY_REUNIFICATION,
)
_WEST_AFRICA = (
    ResidenceStatus.ASYLUM_SEEKER,
    ResidenceStatus.SUBSIDIARY_PROTECTION,
    ResidenceStatus.REFUGEE,
    ResidenceStatus.OTHER,
)

# fmt: off
ORIGINS: dict[str, Origin] = {
    "syria": Origin(
        "SY",
        ("Amal", "Rania", "Hiba", "Lama", "Nour", "Rasha", "Dima", "Yasmin", "Ghalia", "Reem"),
        ("Mohammad", "Ahmad", "Omar", "Khaled", "Yazan", "Bashar", "Tarek", "Samer", "Hassan"),
        ("Al-Hassan", "Haddad", "Khalil", "Darwish", "Al-Ahmad", "Sabbagh", "Hamdan", "Qassem",
         "Najjar", "Al-Shami", "Kanaan", "Mansour"),
        (("ar",), ("ar", "en"), ("ar", "ku"), ("ar", "tr")),
        _REFUGEE,
    ),
    "afghanistan_dari": Origin(
        "AF",
        ("Fatima", "Mariam", "Zahra", "Freshta", "Parwana", "Nilofar", "Shukria", "Marzia",
         "Mursal", "Nazanin"),
        ("Ahmad Shah", "Mohammad Ali", "Farid", "Hamid", "Jawad", "Naweed", "Sayed", "Mustafa",
         "Ali Reza", "Morteza"),
        ("Ahmadi", "Rahimi", "Hakimi", "Sultani", "Noori", "Karimi", "Mohammadi", "Hosseini",
         "Rezaei", "Jafari"),
        (("fa_AF",), ("fa_AF", "en"), ("fa_AF", "ps")),
        _REFUGEE,
        share_of_women=0.3,
    ),
    "afghanistan_pashto": Origin(
        "AF",
        ("Malalai", "Gulalai", "Palwasha", "Zarghuna", "Nazo", "Wazhma"),
        ("Rahmatullah", "Zabihullah", "Ezatullah", "Bilal", "Naqibullah", "Samiullah", "Wahid"),
        ("Stanikzai", "Popal", "Hotak", "Yousufzai", "Wardak", "Safi", "Mangal", "Zadran"),
        (("ps",), ("ps", "fa_AF"), ("ps", "ur")),
        _REFUGEE,
        share_of_women=0.2,
    ),
    "eritrea": Origin(
        "ER",
        ("Selam", "Helen", "Senait", "Yordanos", "Saba", "Ruta", "Almaz", "Feven", "Luwam",
         "Mebrat"),
        ("Yonas", "Tesfay", "Merhawi", "Filmon", "Dawit", "Habtom", "Yohannes", "Kibrom",
         "Mussie", "Biniam"),
        ("Tesfamariam", "Ghebremedhin", "Haile", "Berhane", "Kidane", "Woldu", "Tekle",
         "Gebreyesus", "Abraha", "Mehari"),
        (("ti",), ("ti", "ar"), ("ti", "en"), ("ti", "am")),
        _REFUGEE,
    ),
    "somalia": Origin(
        "SO",
        ("Amina", "Hodan", "Fadumo", "Sahra", "Ifrah", "Hibo", "Khadija", "Ayan", "Nasra",
         "Deeqa"),
        ("Abdirahman", "Mohamed", "Abdullahi", "Ahmed", "Liban", "Abdikarim", "Mahad", "Omar",
         "Bashir"),
        ("Yusuf", "Warsame", "Farah", "Abdi", "Jama", "Osman", "Mohamud", "Aden", "Nur",
         "Hersi"),
        (("so",), ("so", "ar"), ("so", "en")),
        _REFUGEE,
        share_of_women=0.45,
    ),
    "ukraine": Origin(
        "UA",
        ("Olena", "Iryna", "Tetiana", "Nataliia", "Oksana", "Yuliia", "Kateryna", "Anastasiia",
         "Svitlana", "Viktoriia"),
        ("Oleksandr", "Andrii", "Dmytro", "Serhii", "Maksym", "Yurii", "Bohdan", "Mykola"),
        ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko",
         "Moroz", "Lysenko", "Hnatiuk", "Savchuk"),
        (("uk", "ru"), ("uk", "ru", "en"), ("uk",), ("ru", "uk")),
        (ResidenceStatus.TEMPORARY_PROTECTION,),
        share_of_women=0.7,
    ),
    "sudan": Origin(
        "SD",
        ("Hawa", "Amna", "Sara", "Ikhlas", "Samah", "Rayan", "Tasneem"),
        ("Osman", "Abdelrahman", "Mustafa", "Musa", "Adam", "Ibrahim", "Yahya", "Abakar"),
        ("Abdalla", "Elbashir", "Ishag", "Babiker", "Elamin", "Yagoub", "Haroun", "Abdelkarim"),
        (("ar",), ("ar", "en"), ("ar", "fr")),
        _REFUGEE,
        share_of_women=0.25,
    ),
    "iraq_arabic": Origin(
        "IQ",
        ("Zainab", "Noor", "Shahad", "Huda", "Ruqaya", "Maryam"),
        ("Ali", "Hussein", "Haider", "Karrar", "Ammar", "Mustafa"),
        ("Al-Jubouri", "Al-Obaidi", "Al-Saadi", "Kadhim", "Jassim", "Al-Tamimi"),
        (("ar",), ("ar", "en")),
        _REFUGEE,
    ),
    "iraq_kurdish": Origin(
        "IQ",
        ("Shilan", "Avin", "Rozhan", "Bahar", "Narin", "Kani"),
        ("Karwan", "Rebwar", "Hawre", "Dilshad", "Shwan", "Aram"),
        ("Rashid", "Hama Amin", "Aziz", "Qadir", "Faraj", "Ahmed"),
        (("ckb", "ar"), ("ckb",), ("ckb", "ar", "en")),
        _REFUGEE,
    ),
    "turkey_kurdish": Origin(
        "TR",
        ("Berfin", "Rojda", "Zozan", "Dilan", "Hêvî", "Ayşe"),
        ("Serhat", "Welat", "Baran", "Mehmet", "Rojhat", "Azad"),
        ("Yıldız", "Demir", "Kaya", "Aslan", "Doğan", "Tekin", "Ekinci"),
        (("ku", "tr"), ("tr", "ku"), ("ku", "tr", "en")),
        (ResidenceStatus.ASYLUM_SEEKER, ResidenceStatus.REFUGEE),
        share_of_women=0.35,
    ),
    "nigeria": Origin(
        "NG",
        ("Blessing", "Joy", "Precious", "Favour", "Chioma", "Ngozi", "Funmilayo", "Adaeze"),
        ("Emeka", "Chinedu", "Oluwaseun", "Tunde", "Samuel", "Godwin", "Uche", "Ikechukwu"),
        ("Okafor", "Eze", "Adeyemi", "Okonkwo", "Ogunleye", "Nwachukwu", "Obi", "Adebayo",
         "Osagie", "Igbinedion"),
        (("en", "pcm"), ("en", "yo"), ("en", "ig"), ("en", "bin")),
        _WEST_AFRICA,
        share_of_women=0.45,
    ),
    "guinea": Origin(
        "GN",
        ("Mariama", "Fatoumata", "Aïssatou", "Kadiatou", "Djénabou", "Hadja"),
        ("Mamadou", "Alpha", "Ibrahima", "Ousmane", "Amadou", "Thierno", "Sékou", "Abdoulaye"),
        ("Diallo", "Bah", "Barry", "Sow", "Camara", "Condé", "Keïta", "Sylla", "Baldé"),
        (("ff", "fr"), ("fr", "ff"), ("sus", "fr"), ("man", "fr")),
        _WEST_AFRICA,
        share_of_women=0.25,
    ),
    "cote_divoire": Origin(
        "CI",
        ("Aya", "Adjoua", "Akissi", "Awa", "Fanta", "Affoué"),
        ("Kouadio", "Yao", "Konan", "Moussa", "Drissa", "Souleymane", "Yacouba", "Arouna"),
        ("Kouassi", "Konaté", "Ouattara", "Koné", "Traoré", "Bamba", "Coulibaly", "N'Guessan",
         "Kouamé"),
        (("fr", "dyu"), ("fr", "bci"), ("fr",)),
        _WEST_AFRICA,
        share_of_women=0.35,
    ),
    "venezuela": Origin(
        "VE",
        ("María José", "Andreína", "Daniela", "Yusmary", "Gabriela", "Valentina"),
        ("José Gregorio", "Luis", "Carlos", "Jesús", "Andrés", "Jhonny"),
        ("González", "Rodríguez", "Pérez", "Hernández", "Rivas", "Mendoza", "Rojas", "Castillo"),
        (("es",), ("es", "en"), ("es", "it")),
        (ResidenceStatus.ASYLUM_SEEKER, ResidenceStatus.OTHER, ResidenceStatus.WORK_PERMIT),
        share_of_women=0.55,
    ),
}

# fmt: on

# Who comes to each partner's city, as weights (from the main asylum and protection
# nationalities of each country in recent years).
ORIGIN_WEIGHTS: dict[str, dict[str, int]] = {
    "FR": {"afghanistan_dari": 4, "afghanistan_pashto": 2, "guinea": 5, "cote_divoire": 5,
           "sudan": 4, "syria": 3, "eritrea": 3, "somalia": 3, "ukraine": 4,
           "turkey_kurdish": 2, "nigeria": 2},
    "DE": {"syria": 9, "afghanistan_dari": 4, "afghanistan_pashto": 2, "ukraine": 7,
           "turkey_kurdish": 4, "iraq_kurdish": 3, "iraq_arabic": 2, "eritrea": 3,
           "somalia": 2, "nigeria": 1},
    "IT": {"nigeria": 5, "guinea": 4, "cote_divoire": 5, "somalia": 2, "eritrea": 2,
           "sudan": 3, "ukraine": 4, "venezuela": 3, "afghanistan_dari": 2, "syria": 1},
    "SE": {"syria": 7, "afghanistan_dari": 5, "eritrea": 5, "somalia": 5, "ukraine": 5,
           "iraq_kurdish": 3, "iraq_arabic": 2, "sudan": 1},
}  # fmt: skip

LANGUAGE_OF_COUNTRY = {"FR": "fr", "DE": "de", "IT": "it", "SE": "sv"}

PHONE_FORMATS = {
    "FR": "+33 6 ## ## ## ##",
    "DE": "+49 15# #######",
    "IT": "+39 3## ### ####",
    "SE": "+46 7# ### ## ##",
}

STREETS = {
    "FR": ("rue Paul Bert, 69003 Lyon", "avenue Berthelot, 69007 Lyon",
           "rue de Marseille, 69007 Lyon", "cours Gambetta, 69003 Lyon",
           "rue Marietton, 69009 Lyon", "boulevard des États-Unis, 69008 Lyon"),
    "DE": ("Eisenbahnstraße, 04315 Leipzig", "Karl-Liebknecht-Straße, 04275 Leipzig",
           "Georg-Schwarz-Straße, 04177 Leipzig", "Wurzner Straße, 04315 Leipzig",
           "Lützner Straße, 04177 Leipzig"),
    "IT": ("via Nizza, 10125 Torino", "corso Giulio Cesare, 10152 Torino",
           "via Madama Cristina, 10125 Torino", "corso Vercelli, 10155 Torino",
           "via Cigna, 10152 Torino"),
    "SE": ("Ramels väg, 213 69 Malmö", "Rosengårdsstråket, 213 67 Malmö",
           "Lönngatan, 214 49 Malmö", "Sevedsgatan, 214 37 Malmö",
           "Nobelvägen, 214 33 Malmö"),
}  # fmt: skip

# Guardians of unaccompanied minors, with the body that appointed them.
GUARDIANS = {
    "FR": ("Anne Perrin (tutrice, Aide sociale à l'enfance du Rhône)",
           "Michel Dubois (administrateur ad hoc, Forum réfugiés)"),
    "DE": ("Stefan Krüger (Amtsvormund, Jugendamt Leipzig)",
           "Ulrike Hoffmann (ehrenamtliche Vormundin)"),
    "IT": ("Elena Bianchi (tutrice volontaria, Tribunale per i minorenni di Torino)",
           "Paolo Conti (tutore volontario)"),
    "SE": ("Lars Andersson (god man, Överförmyndarförvaltningen Malmö)",
           "Birgitta Holm (god man)"),
}  # fmt: skip

# Trades as fields of work, so that the sentence needs no gendered job title.
OCCUPATIONS = {
    "fr": ("la couture", "la maçonnerie", "l'agriculture", "la coiffure", "le commerce sur les "
           "marchés", "l'aide aux personnes âgées", "la mécanique automobile", "l'enseignement",
           "la restauration", "la livraison", "l'électricité du bâtiment", "la comptabilité",
           "les soins infirmiers", "la soudure"),
    "de": ("der Schneiderei", "dem Maurerhandwerk", "der Landwirtschaft", "dem Friseurhandwerk",
           "dem Markthandel", "der Altenpflege", "der Kfz-Mechanik", "dem Schuldienst",
           "der Gastronomie", "der Auslieferung", "der Elektroinstallation", "der Buchhaltung",
           "der Krankenpflege", "der Metallverarbeitung"),
    "it": ("sartoria", "edilizia", "agricoltura", "acconciatura", "commercio ambulante",
           "assistenza agli anziani", "meccanica auto", "insegnamento", "ristorazione",
           "consegne", "impianti elettrici", "contabilità", "assistenza infermieristica",
           "saldatura"),
    "sv": ("sömnad", "byggbranschen", "jordbruk", "frisöryrket", "torghandel", "äldreomsorg",
           "bilmekanik", "skolan", "restaurangbranschen", "budtransporter", "elinstallation",
           "redovisning", "sjukvården", "svetsning"),
}  # fmt: skip

WORK_EXPERIENCE = {
    "fr": "{years} ans d'expérience dans {occupation} au pays d'origine.",
    "de": "{years} Jahre Berufserfahrung in {occupation} im Herkunftsland.",
    "it": "{years} anni di esperienza in {occupation} nel paese d'origine.",
    "sv": "{years} års erfarenhet inom {occupation} i hemlandet.",
}

NO_WORK_EXPERIENCE = {
    "fr": "Pas d'expérience professionnelle déclarée ; a aidé dans le commerce familial.",
    "de": "Keine Berufserfahrung angegeben; hat im Familienbetrieb mitgeholfen.",
    "it": "Nessuna esperienza lavorativa dichiarata; aiutava nel negozio di famiglia.",
    "sv": "Ingen yrkeserfarenhet angiven; har hjälpt till i familjens affär.",
}

RESIDENCE_DETAILS = {
    "fr": "Titre de séjour valable jusqu'en {year}.",
    "de": "Aufenthaltserlaubnis gültig bis {year}.",
    "it": "Permesso di soggiorno valido fino al {year}.",
    "sv": "Uppehållstillstånd giltigt till {year}.",
}

# (details, accommodations)
DISABILITIES = {
    "fr": (
        (
            "Malvoyance (acuité 2/10 après blessure).",
            "Supports en gros caractères, place au premier rang, logiciel de grossissement.",
        ),
        (
            "Amputation de la jambe gauche, prothèse.",
            "Salles au rez-de-chaussée, trajets courts, pauses régulières.",
        ),
        (
            "Surdité partielle, appareillée.",
            "Boucle magnétique, consignes écrites, interprète en langue des signes si besoin.",
        ),
        (
            "Troubles de stress post-traumatique diagnostiqués.",
            "Petits groupes, horaires réguliers, possibilité de sortir de la salle.",
        ),
    ),
    "de": (
        (
            "Sehbehinderung (Visus 0,2 nach Verletzung).",
            "Unterlagen in Großdruck, Platz in der ersten Reihe, Vergrößerungssoftware.",
        ),
        (
            "Unterschenkelamputation links, Prothese.",
            "Barrierefreie Räume im Erdgeschoss, kurze Wege, regelmäßige Pausen.",
        ),
        (
            "Hochgradige Schwerhörigkeit, Hörgeräte.",
            "Induktionsschleife, schriftliche Anweisungen, bei Bedarf Gebärdensprachdolmetschung.",
        ),
        (
            "Diagnostizierte posttraumatische Belastungsstörung.",
            "Kleine Gruppe, feste Zeiten, darf den Raum jederzeit verlassen.",
        ),
    ),
    "it": (
        (
            "Ipovisione (2/10 dopo una ferita).",
            "Materiali a caratteri grandi, posto in prima fila, software di ingrandimento.",
        ),
        (
            "Amputazione della gamba sinistra, protesi.",
            "Aule al piano terra, spostamenti brevi, pause regolari.",
        ),
        (
            "Sordità parziale, protesi acustiche.",
            "Anello a induzione, consegne scritte, interprete LIS se necessario.",
        ),
        (
            "Disturbo da stress post-traumatico diagnosticato.",
            "Piccoli gruppi, orari regolari, possibilità di uscire dall'aula.",
        ),
    ),
    "sv": (
        (
            "Synnedsättning (visus 0,2 efter skada).",
            "Material i förstorad stil, plats längst fram, förstoringsprogram.",
        ),
        (
            "Underbensamputation vänster, protes.",
            "Lokaler i bottenvåningen, korta förflyttningar, regelbundna pauser.",
        ),
        (
            "Hörselnedsättning, hörapparater.",
            "Hörslinga, skriftliga instruktioner, teckentolk vid behov.",
        ),
        (
            "Diagnostiserat posttraumatiskt stressyndrom.",
            "Liten grupp, fasta tider, får lämna rummet vid behov.",
        ),
    ),
}

NOTES: dict[str, tuple[tuple[NoteKind, str], ...]] = {
    "fr": (
        (
            NoteKind.MEETING,
            "Entretien de suivi avec {name} : motivé·e, assiduité correcte. "
            "Souhaite travailler rapidement.",
        ),
        (
            NoteKind.PHONE_CALL,
            "Appel de {name} : absent·e mardi pour un rendez-vous en "
            "préfecture. Justificatif apporté.",
        ),
        (
            NoteKind.TRAINING_SESSION,
            "Atelier CV : {name} a rédigé un premier CV, à compléter avec les expériences au pays.",
        ),
        (
            NoteKind.ASSESSMENT,
            "Point à mi-parcours : progrès nets à l'oral, l'écrit reste "
            "difficile. Maintenir le rythme.",
        ),
        (
            NoteKind.MEETING,
            "Rendez-vous avec l'assistante sociale : dossier CAF complet, "
            "demande de logement social déposée.",
        ),
        (
            NoteKind.HOME_VISIT,
            "Visite au foyer : conditions correctes, {name} partage une "
            "chambre. Pas de difficulté signalée.",
        ),
        (
            NoteKind.OTHER,
            "Mail de l'entreprise d'accueil : retour positif sur la ponctualité "
            "et l'envie d'apprendre.",
        ),
        (NoteKind.PHONE_CALL, "Relance par SMS après deux absences ; {name} reprend lundi."),
    ),
    "de": (
        (
            NoteKind.MEETING,
            "Beratungsgespräch mit {name}: motiviert, regelmäßige Teilnahme. "
            "Möchte möglichst bald arbeiten.",
        ),
        (
            NoteKind.PHONE_CALL,
            "Anruf von {name}: fehlt am Dienstag wegen eines Termins bei der "
            "Ausländerbehörde. Nachweis liegt vor.",
        ),
        (
            NoteKind.TRAINING_SESSION,
            "Bewerbungstraining: {name} hat einen ersten Lebenslauf "
            "erstellt, Berufserfahrung im Herkunftsland ergänzen.",
        ),
        (
            NoteKind.ASSESSMENT,
            "Zwischenstand: deutliche Fortschritte beim Sprechen, Schreiben "
            "bleibt schwierig. Tempo beibehalten.",
        ),
        (
            NoteKind.MEETING,
            "Termin beim Jobcenter begleitet: Weiterbewilligung beantragt, Wohnungssuche läuft.",
        ),
        (
            NoteKind.HOME_VISIT,
            "Hausbesuch in der Gemeinschaftsunterkunft: Zimmer geteilt, keine Probleme gemeldet.",
        ),
        (NoteKind.OTHER, "E-Mail vom Praktikumsbetrieb: sehr pünktlich und lernbereit."),
        (
            NoteKind.PHONE_CALL,
            "Nach zwei Fehltagen per SMS nachgefragt; {name} kommt ab Montag wieder.",
        ),
    ),
    "it": (
        (
            NoteKind.MEETING,
            "Colloquio di monitoraggio con {name}: motivato/a, frequenza "
            "regolare. Vorrebbe lavorare presto.",
        ),
        (
            NoteKind.PHONE_CALL,
            "Telefonata di {name}: assente martedì per un appuntamento in "
            "Questura. Giustificativo consegnato.",
        ),
        (
            NoteKind.TRAINING_SESSION,
            "Laboratorio CV: {name} ha scritto un primo curriculum, da "
            "completare con le esperienze nel paese d'origine.",
        ),
        (
            NoteKind.ASSESSMENT,
            "Verifica intermedia: buoni progressi nel parlato, la scrittura "
            "resta difficile. Mantenere il ritmo.",
        ),
        (
            NoteKind.MEETING,
            "Incontro con l'assistente sociale: iscrizione anagrafica fatta, "
            "richiesta di tessera sanitaria avviata.",
        ),
        (
            NoteKind.HOME_VISIT,
            "Visita nell'appartamento SAI: convivenza serena, nessun problema segnalato.",
        ),
        (
            NoteKind.OTHER,
            "Mail dell'azienda ospitante: riscontro positivo su puntualità e voglia di imparare.",
        ),
        (NoteKind.PHONE_CALL, "Sollecito via SMS dopo due assenze; {name} rientra lunedì."),
    ),
    "sv": (
        (
            NoteKind.MEETING,
            "Uppföljningssamtal med {name}: motiverad, god närvaro. Vill börja "
            "arbeta så snart som möjligt.",
        ),
        (
            NoteKind.PHONE_CALL,
            "Samtal från {name}: frånvarande tisdag på grund av besök hos "
            "Migrationsverket. Intyg lämnat.",
        ),
        (
            NoteKind.TRAINING_SESSION,
            "CV-verkstad: {name} har skrivit ett första CV, ska "
            "kompletteras med erfarenhet från hemlandet.",
        ),
        (
            NoteKind.ASSESSMENT,
            "Avstämning: tydliga framsteg i tal, skrivandet är fortfarande svårt. Behåll takten.",
        ),
        (
            NoteKind.MEETING,
            "Möte med Försäkringskassan tillsammans med {name}: etableringsersättning beviljad.",
        ),
        (NoteKind.HOME_VISIT, "Hembesök: trångt boende men fungerande, inga problem rapporterade."),
        (NoteKind.OTHER, "Mejl från praktikplatsen: mycket punktlig och lärvillig."),
        (NoteKind.PHONE_CALL, "SMS efter två dagars frånvaro; {name} är tillbaka på måndag."),
    ),
}

CONFIDENTIAL_NOTES: dict[str, tuple[tuple[NoteKind, str], ...]] = {
    "fr": (
        (
            NoteKind.ASSESSMENT,
            "Premier entretien psychologique : troubles du sommeil, "
            "reviviscences liées au parcours migratoire. Suivi hebdomadaire proposé.",
        ),
        (
            NoteKind.MEETING,
            "Séance : humeur plus stable, {name} dort mieux. Parle davantage de "
            "sa famille restée au pays.",
        ),
        (
            NoteKind.MEETING,
            "Séance : anxiété forte avant l'audience à la CNDA. Techniques de "
            "respiration travaillées.",
        ),
        (
            NoteKind.ASSESSMENT,
            "Bilan : orientation vers le centre de santé mentale Orspere-"
            "Samdarra pour un suivi spécialisé.",
        ),
    ),
    "de": (
        (
            NoteKind.ASSESSMENT,
            "Erstgespräch: Schlafstörungen, Intrusionen im Zusammenhang mit "
            "der Flucht. Wöchentliche Termine vereinbart.",
        ),
        (
            NoteKind.MEETING,
            "Sitzung: Stimmung stabiler, {name} schläft besser. Spricht mehr "
            "über die Familie im Herkunftsland.",
        ),
        (NoteKind.MEETING, "Sitzung: starke Angst vor der Anhörung beim BAMF. Atemübungen geübt."),
        (
            NoteKind.ASSESSMENT,
            "Einschätzung: Anbindung an das Psychosoziale Zentrum für Geflüchtete empfohlen.",
        ),
    ),
    "it": (
        (
            NoteKind.ASSESSMENT,
            "Primo colloquio psicologico: disturbi del sonno, ricordi "
            "intrusivi legati al viaggio. Proposto un incontro settimanale.",
        ),
        (
            NoteKind.MEETING,
            "Seduta: umore più stabile, {name} dorme meglio. Parla di più della "
            "famiglia rimasta nel paese d'origine.",
        ),
        (
            NoteKind.MEETING,
            "Seduta: forte ansia prima dell'audizione in Commissione "
            "territoriale. Esercizi di respirazione.",
        ),
        (
            NoteKind.ASSESSMENT,
            "Valutazione: invio al servizio di etnopsichiatria dell'ASL per "
            "una presa in carico specialistica.",
        ),
    ),
    "sv": (
        (
            NoteKind.ASSESSMENT,
            "Första samtalet: sömnsvårigheter, påträngande minnen från "
            "flykten. Samtal varje vecka erbjuds.",
        ),
        (
            NoteKind.MEETING,
            "Samtal: stabilare humör, {name} sover bättre. Berättar mer om familjen i hemlandet.",
        ),
        (
            NoteKind.MEETING,
            "Samtal: stark oro inför intervjun hos Migrationsverket. Andningsövningar.",
        ),
        (
            NoteKind.ASSESSMENT,
            "Bedömning: remiss till Röda Korsets behandlingscenter för krigs- och tortyrskadade.",
        ),
    ),
}

TASKS: dict[str, tuple[tuple[TaskKind, str], ...]] = {
    "fr": (
        (TaskKind.FOLLOW_UP, "Relancer France Travail pour l'inscription"),
        (TaskKind.FOLLOW_UP, "Vérifier le renouvellement du titre de séjour"),
        (TaskKind.FOLLOW_UP, "Envoyer la convention de stage signée"),
        (TaskKind.FOLLOW_UP, "Prendre rendez-vous à la CPAM (complémentaire santé)"),
        (TaskKind.GOAL, "Obtenir le niveau A2 à l'évaluation de fin de formation"),
        (TaskKind.GOAL, "Trouver un stage dans la restauration"),
        (TaskKind.GOAL, "Ouvrir un compte bancaire"),
    ),
    "de": (
        (TaskKind.FOLLOW_UP, "Rückmeldung vom Jobcenter zur Kostenübernahme einholen"),
        (TaskKind.FOLLOW_UP, "Verlängerung der Aufenthaltserlaubnis prüfen"),
        (TaskKind.FOLLOW_UP, "Praktikumsvertrag unterschrieben zurückschicken"),
        (TaskKind.FOLLOW_UP, "Anerkennung des Abschlusses bei der IHK FOSA beantragen"),
        (TaskKind.GOAL, "DTZ auf Niveau B1 bestehen"),
        (TaskKind.GOAL, "Praktikum im Handwerk finden"),
        (TaskKind.GOAL, "Eigene Wohnung finden"),
    ),
    "it": (
        (TaskKind.FOLLOW_UP, "Sollecitare il Centro per l'impiego per la DID"),
        (TaskKind.FOLLOW_UP, "Verificare il rinnovo del permesso di soggiorno"),
        (TaskKind.FOLLOW_UP, "Inviare la convenzione di tirocinio firmata"),
        (TaskKind.FOLLOW_UP, "Prenotare la visita dal medico di base"),
        (TaskKind.GOAL, "Superare l'esame di italiano A2"),
        (TaskKind.GOAL, "Trovare un tirocinio nella ristorazione"),
        (TaskKind.GOAL, "Aprire un conto corrente"),
    ),
    "sv": (
        (TaskKind.FOLLOW_UP, "Stäm av med Arbetsförmedlingen om praktikplats"),
        (TaskKind.FOLLOW_UP, "Kontrollera förlängning av uppehållstillståndet"),
        (TaskKind.FOLLOW_UP, "Skicka in underskrivet praktikavtal"),
        (TaskKind.FOLLOW_UP, "Boka tid för validering hos yrkesnämnden"),
        (TaskKind.GOAL, "Klara SFI kurs D"),
        (TaskKind.GOAL, "Hitta en praktikplats inom vården"),
        (TaskKind.GOAL, "Skaffa BankID"),
    ),
}

INTERRUPTIONS: dict[str, dict[InterruptionReason, str]] = {
    "fr": {
        InterruptionReason.HEALTH: "Hospitalisation puis convalescence de plusieurs semaines.",
        InterruptionReason.CHILDCARE: "Pas de place en crèche pour le plus jeune enfant.",
        InterruptionReason.PREGNANCY_OR_PARENTAL_LEAVE: "Congé maternité.",
        InterruptionReason.ADMINISTRATIVE: "Récépissé expiré, en attente du nouveau titre.",
        InterruptionReason.FOUND_WORK: "A trouvé un emploi à temps plein, horaires incompatibles.",
        InterruptionReason.PERSONAL_REASONS: "Décès d'un proche au pays.",
        InterruptionReason.MOVED_AWAY: "Hébergement proposé dans un autre département.",
        InterruptionReason.LOST_CONTACT: "Ne répond plus aux appels ni aux courriers.",
        InterruptionReason.OTHER: "Arrêt sans motif précisé.",
    },
    "de": {
        InterruptionReason.HEALTH: "Krankenhausaufenthalt und mehrere Wochen Genesung.",
        InterruptionReason.CHILDCARE: "Kein Kitaplatz für das jüngste Kind.",
        InterruptionReason.PREGNANCY_OR_PARENTAL_LEAVE: "Mutterschutz und Elternzeit.",
        InterruptionReason.ADMINISTRATIVE: "Fiktionsbescheinigung abgelaufen, Termin bei der "
        "Ausländerbehörde ausstehend.",
        InterruptionReason.FOUND_WORK: "Vollzeitstelle gefunden, Kurszeiten nicht vereinbar.",
        InterruptionReason.PERSONAL_REASONS: "Todesfall in der Familie im Herkunftsland.",
        InterruptionReason.MOVED_AWAY: "Umverteilung in einen anderen Landkreis.",
        InterruptionReason.LOST_CONTACT: "Reagiert nicht mehr auf Anrufe und Briefe.",
        InterruptionReason.OTHER: "Abbruch ohne nähere Angabe.",
    },
    "it": {
        InterruptionReason.HEALTH: "Ricovero e convalescenza di alcune settimane.",
        InterruptionReason.CHILDCARE: "Nessun posto al nido per il figlio più piccolo.",
        InterruptionReason.PREGNANCY_OR_PARENTAL_LEAVE: "Congedo di maternità.",
        InterruptionReason.ADMINISTRATIVE: "In attesa del rinnovo del permesso di soggiorno.",
        InterruptionReason.FOUND_WORK: "Ha trovato un lavoro a tempo pieno, orari incompatibili.",
        InterruptionReason.PERSONAL_REASONS: "Lutto in famiglia nel paese d'origine.",
        InterruptionReason.MOVED_AWAY: "Trasferito/a in un altro progetto SAI.",
        InterruptionReason.LOST_CONTACT: "Non risponde più a telefonate e messaggi.",
        InterruptionReason.OTHER: "Interruzione senza motivo specificato.",
    },
    "sv": {
        InterruptionReason.HEALTH: "Sjukhusvistelse och flera veckors konvalescens.",
        InterruptionReason.CHILDCARE: "Ingen förskoleplats för det yngsta barnet ännu.",
        InterruptionReason.PREGNANCY_OR_PARENTAL_LEAVE: "Föräldraledighet.",
        InterruptionReason.ADMINISTRATIVE: "Väntar på beslut om förlängt uppehållstillstånd.",
        InterruptionReason.FOUND_WORK: "Fått heltidsarbete, tiderna går inte ihop.",
        InterruptionReason.PERSONAL_REASONS: "Dödsfall i familjen i hemlandet.",
        InterruptionReason.MOVED_AWAY: "Flyttat till en annan kommun.",
        InterruptionReason.LOST_CONTACT: "Svarar inte längre på samtal eller brev.",
        InterruptionReason.OTHER: "Avbrott utan angiven orsak.",
    },
}

# Stages the national templates lack, added by the worker: title per language.
EXTRA_STAGE_TITLES: dict[StageKind, dict[str, str]] = {
    StageKind.SOCIAL_SUPPORT: {
        "fr": "Accompagnement social (logement, santé, droits)",
        "de": "Sozialberatung (Wohnung, Gesundheit, Behörden)",
        "it": "Accompagnamento sociale",
        "sv": "Socialt stöd (bostad, hälsa, myndigheter)",
    },
    StageKind.VOCATIONAL_TRAINING: {
        "fr": "Formation qualifiante",
        "de": "Berufliche Qualifizierung",
        "it": "Corso di formazione professionale",
        "sv": "Yrkesutbildning",
    },
    StageKind.WORK_PLACEMENT: {
        "fr": "Période de mise en situation en milieu professionnel (PMSMP)",
        "de": "Betriebliches Praktikum (Einstiegsqualifizierung)",
        "it": "Tirocinio extracurricolare",
        "sv": "Arbetspraktik",
    },
    StageKind.EMPLOYMENT: {
        "fr": "Accès à l'emploi",
        "de": "Arbeitsaufnahme",
        "it": "Inserimento lavorativo",
        "sv": "Anställning",
    },
    StageKind.BUSINESS_CREATION: {
        "fr": "Création d'entreprise (accompagnement ADIE)",
        "de": "Existenzgründung",
        "it": "Avvio d'impresa",
        "sv": "Starta eget",
    },
    StageKind.EXIT_FOLLOW_UP: {
        "fr": "Suivi à 6 et 12 mois",
        "de": "Nachbetreuung nach 6 und 12 Monaten",
        "it": "Follow-up a 6 e 12 mesi",
        "sv": "Uppföljning efter 6 och 12 månader",
    },
}

# (trade, NACE section, contract types that fit)
JOBS: dict[str, tuple[tuple[str, str, tuple[ContractType, ...]], ...]] = {
    "fr": (
        ("Aide-soignant·e en EHPAD", "Q", (ContractType.PERMANENT, ContractType.FIXED_TERM)),
        ("Commis de cuisine", "I", (ContractType.FIXED_TERM, ContractType.PERMANENT)),
        ("Préparateur·rice de commandes", "H", (ContractType.TEMPORARY_AGENCY,)),
        ("Maçon en rénovation", "F", (ContractType.APPRENTICESHIP, ContractType.FIXED_TERM)),
        ("Agent·e d'entretien", "N", (ContractType.SUBSIDISED, ContractType.PERMANENT)),
        ("Opérateur·rice de production", "C", (ContractType.TEMPORARY_AGENCY,)),
    ),
    "de": (
        ("Pflegehelfer·in im Seniorenheim", "Q", (ContractType.PERMANENT,)),
        ("Beikoch/Beiköchin", "I", (ContractType.FIXED_TERM, ContractType.PERMANENT)),
        ("Lagerhelfer·in", "H", (ContractType.TEMPORARY_AGENCY,)),
        ("Auszubildende·r Elektroniker·in", "F", (ContractType.APPRENTICESHIP,)),
        ("Reinigungskraft", "N", (ContractType.SUBSIDISED, ContractType.FIXED_TERM)),
        ("Produktionshelfer·in in der Automobilzulieferung", "C", (ContractType.TEMPORARY_AGENCY,)),
    ),
    "it": (
        ("Operatore/operatrice socio-sanitario", "Q", (ContractType.FIXED_TERM,)),
        ("Aiuto cuoco", "I", (ContractType.FIXED_TERM, ContractType.APPRENTICESHIP)),
        ("Magazziniere", "H", (ContractType.TEMPORARY_AGENCY,)),
        ("Bracciante agricolo", "A", (ContractType.FIXED_TERM,)),
        ("Addetto/a alle pulizie", "N", (ContractType.PERMANENT, ContractType.FIXED_TERM)),
        ("Operaio/a metalmeccanico", "C", (ContractType.APPRENTICESHIP, ContractType.PERMANENT)),
    ),
    "sv": (
        ("Vårdbiträde inom äldreomsorgen", "Q", (ContractType.PERMANENT, ContractType.FIXED_TERM)),
        ("Köksbiträde", "I", (ContractType.FIXED_TERM,)),
        ("Lagerarbetare", "H", (ContractType.TEMPORARY_AGENCY,)),
        ("Busschaufför", "H", (ContractType.PERMANENT,)),
        ("Lokalvårdare", "N", (ContractType.SUBSIDISED,)),
        ("Barnskolleassistent", "P", (ContractType.SUBSIDISED, ContractType.FIXED_TERM)),
    ),
}

BUSINESSES = {
    "fr": ("Atelier de retouche et couture", "Traiteur de cuisine soudanaise",
           "Salon de coiffure afro", "Épicerie orientale"),
    "de": ("Änderungsschneiderei", "Catering mit syrischer Küche", "Friseursalon",
           "Lebensmittelladen mit orientalischen Waren"),
    "it": ("Sartoria e riparazioni", "Servizio di catering africano", "Parrucchiere afro",
           "Minimarket etnico"),
    "sv": ("Skrädderi och ändringssömnad", "Catering med eritreansk mat", "Frisörsalong",
           "Livsmedelsbutik med orientaliska varor"),
}  # fmt: skip

GOALS: dict[StageKind, dict[str, str]] = {
    StageKind.HOST_LANGUAGE: {
        "fr": "Se débrouiller seul·e dans les démarches courantes ; viser le niveau A2.",
        "de": "Alltag und Behördengänge selbstständig bewältigen; Ziel B1.",
        "it": "Comunicare in autonomia nella vita quotidiana; obiettivo A2.",
        "sv": "Klara vardagen och arbetslivet på svenska; slutföra SFI.",
    },
    StageKind.VOCATIONAL_TRAINING: {
        "fr": "Obtenir un titre professionnel reconnu.",
        "de": "Einen anerkannten Abschluss oder eine Teilqualifikation erreichen.",
        "it": "Ottenere un attestato di qualifica regionale.",
        "sv": "Få yrkeskunskaperna validerade eller en yrkesexamen.",
    },
    StageKind.WORK_PLACEMENT: {
        "fr": "Découvrir le métier et se faire connaître d'un employeur.",
        "de": "Den Beruf kennenlernen und sich beim Betrieb bewähren.",
        "it": "Conoscere il mestiere e farsi conoscere da un datore di lavoro.",
        "sv": "Pröva yrket och knyta kontakt med en arbetsgivare.",
    },
    StageKind.SOCIAL_SUPPORT: {
        "fr": "Stabiliser le logement et ouvrir les droits (CAF, CPAM).",
        "de": "Wohnsituation klären, Leistungen sichern.",
        "it": "Stabilizzare l'alloggio e attivare i servizi sanitari.",
        "sv": "Ordna bostad och kontakter med myndigheter.",
    },
}

OUTCOMES: dict[StageKind, dict[str, str]] = {
    StageKind.HOST_LANGUAGE: {
        "fr": "Formation suivie jusqu'au bout, progrès réguliers.",
        "de": "Kurs abgeschlossen, Prüfung abgelegt.",
        "it": "Corso completato con profitto.",
        "sv": "Kursen avslutad med godkänt betyg.",
    },
    StageKind.WORK_PLACEMENT: {
        "fr": "Stage concluant, promesse d'embauche.",
        "de": "Praktikum erfolgreich, Übernahme in Aussicht.",
        "it": "Tirocinio positivo, possibile assunzione.",
        "sv": "Lyckad praktik, möjlig anställning.",
    },
    StageKind.VOCATIONAL_TRAINING: {
        "fr": "Formation validée.",
        "de": "Qualifizierung erfolgreich abgeschlossen.",
        "it": "Attestato conseguito.",
        "sv": "Utbildningen avslutad med godkänt resultat.",
    },
}
