"""Company names per country, from word pools split between train and heldout vendors.

Every name pattern contains a surname or a stem word, and the train and heldout pools of those
words are disjoint, so a heldout vendor can never share a name with a train vendor.
"""

from __future__ import annotations

import random

# country -> split -> (surnames, stems)
_POOLS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "DE": {
        "train": (("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Schulz",
                   "Hoffmann",
                   "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
                   "Braun",
                   "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann"),
                  ("Nordlicht", "Alpina", "Rheintal", "Isar", "Spree", "Weserland", "Tannenberg", "Hansa",
                   "Merkur", "Optima", "Primus", "Datalog", "Technica", "Profil")),
        "heldout": (("Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Huber", "Kaiser",
                     "Fuchs", "Scholz", "Möller", "Weiß"),
                    ("Mainfranken", "Bergland", "Saale", "Donautal", "Harzer", "Vektor", "Lumen", "Quadrat")),
    },
    "CH": {
        "train": (("Keller", "Gerber", "Brunner", "Baumann", "Frei", "Moser", "Widmer", "Graf"),
                  ("Helvetia", "Säntis", "Rigi", "Pilatus")),
        "heldout": (("Steiner", "Bühler", "Suter", "Marti", "Wyss", "Studer"), ("Jura", "Engadin",
                                                                                "Gotthard")),
    },
    "GB": {
        "train": (("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
                   "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood"),
                  ("Pennine", "Thames", "Severn", "Crown", "Albion", "Northgate", "Kestrel", "Harbour",
                   "Oakfield",
                   "Brightwater", "Redbrick", "Meridian")),
        "heldout": (("Patel", "Hughes", "Edwards", "Turner", "Hill", "Cooper", "Ward", "Morris", "Harrison",
                     "Baker", "Mitchell"),
                    ("Cheviot", "Mersey", "Wessex", "Falcon", "Millbrook", "Stonebridge", "Lantern",
                     "Beacon")),
    },
    "US": {
        "train": (("Miller", "Davis", "Garcia", "Martinez", "Anderson", "Moore", "Harris", "Clark", "Young",
                   "Allen", "Scott", "Adams", "Nelson", "Carter"),
                  ("Summit", "Liberty", "Pioneer", "Keystone", "Cascade", "Redwood", "Frontier", "Lakeshore",
                   "Ironwood", "Bluebird", "Granite", "Prairie")),
        "heldout": (("Ramirez", "Campbell", "Parker", "Collins", "Stewart", "Morales", "Murphy", "Rivera",
                     "Cook",
                     "Rogers"),
                    ("Sierra", "Magnolia", "Canyon", "Evergreen", "Patriot", "Riverbend", "Copperline",
                     "Tidewater")),
    },
    "FR": {
        "train": (("Bernard", "Dubois", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
                   "Laurent", "Lefebvre", "Michel", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin"),
                  ("Azur", "Provence", "Loire", "Armor", "Atlantique", "Lumière", "Horizon", "Cèdre",
                   "Mistral",
                   "Vauban")),
        "heldout": (("Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Chevalier", "Roux",
                     "Vincent", "Mercier", "Boyer"),
                    ("Vercors", "Garonne", "Iroise", "Calanque", "Bastide", "Sologne", "Aubrac")),
    },
    "NL": {
        "train": (("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
                   "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Hendriks", "van Leeuwen",
                   "Dekker"),
                  ("Noordzee", "Polder", "Delta", "Tulp", "Oranje", "Zuiderzee", "Hollandia", "Kompas",
                   "Duinrand")),
        "heldout": (("Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
                     "Kok", "Jacobs", "de Haan", "Vermeulen"),
                    ("Waddenzee", "Veluwe", "Maasland", "Vecht", "Eemland", "IJssel")),
    },
}  # fmt: skip

_TRADE_NOUNS = {
    "en": {"it": ("IT Services", "Computing", "Software", "Networks", "Digital"),
           "office": ("Office Supplies", "Stationery", "Office Solutions"),
           "construction": ("Building Supplies", "Timber & Building", "Builders Merchants"),
           "consulting": ("Consulting", "Advisory", "Associates"),
           "freight": ("Logistics", "Freight", "Haulage", "Transport"),
           "facility": ("Facility Services", "Cleaning Services", "Property Services")},
    "de": {"it": ("IT-Systeme", "Datentechnik", "Software", "Netzwerktechnik", "EDV-Service"),
           "office": ("Bürobedarf", "Büroservice", "Papier & Bürobedarf"),
           "construction": ("Baustoffe", "Bauzentrum", "Holz & Baustoffe", "Baustoffhandel"),
           "consulting": ("Unternehmensberatung", "Consulting", "Beratung"),
           "freight": ("Logistik", "Spedition", "Transporte"),
           "facility": ("Gebäudeservice", "Gebäudereinigung", "Facility Management")},
    "fr": {"it": ("Informatique", "Solutions Numériques", "Réseaux", "Logiciels"),
           "office": ("Fournitures de Bureau", "Bureautique", "Papeterie"),
           "construction": ("Matériaux", "Bois & Matériaux", "Négoce Matériaux"),
           "consulting": ("Conseil", "Consultants", "Stratégie & Conseil"),
           "freight": ("Transports", "Logistique", "Messagerie"),
           "facility": ("Nettoyage", "Services Propreté", "Multiservices")},
    "nl": {"it": ("ICT", "Automatisering", "Software", "Netwerken"),
           "office": ("Kantoorartikelen", "Kantoorvakhandel", "Office"),
           "construction": ("Bouwmaterialen", "Bouwmaterialenhandel", "Hout & Bouw"),
           "consulting": ("Advies", "Consultancy", "Adviesgroep"),
           "freight": ("Transport", "Logistiek", "Expeditie"),
           "facility": ("Schoonmaak", "Facilitaire Diensten", "Schoonmaakbedrijf")},
}  # fmt: skip

# {s}/{s2} surname, {st} stem, {t} trade noun
_PATTERNS = {
    "DE": ("{s} {t} GmbH", "{s} & {s2} GmbH & Co. KG", "{st} {t} GmbH", "{st} AG", "{s} {t} e.K.",
           "{st}-{t} GmbH", "{s} GmbH"),
    "CH": ("{s} {t} AG", "{st} {t} GmbH", "{s} & {s2} AG", "{st} AG"),
    "GB": ("{s} & Sons Ltd", "{st} {t} Ltd", "{s} {t} Limited", "{st} Group plc", "{s} & {s2} LLP",
           "{st} {t} Ltd"),
    "US": ("{s} {t} Inc.", "{st} {t} LLC", "{s} & {s2}, Inc.", "{st} Corporation", "{s} Supply Co.",
           "{st} {t} Corp."),
    "FR": ("{s} {t} SARL", "{st} {t} SAS", "Établissements {s}", "{st} SA", "{s} & Fils", "{st} {t}"),
    "NL": ("{s} {t} B.V.", "{st} Groep B.V.", "{s} & {s2} V.O.F.", "{st} {t} B.V.", "{s} B.V."),
}  # fmt: skip

# Buyers are the companies receiving invoices: one generic pool, never used for vendors.
_BUYER_STEMS = ("Vantage", "Orbis", "Kronos", "Aurelia", "Nexora", "Calidus", "Brightline", "Stellaris",
                "Holloway", "Fennick", "Arvida", "Tessera", "Quintara", "Marlowe", "Ostrava",
                "Belvedere")  # fmt: skip
_BUYER_INDUSTRY = {"en": ("Manufacturing", "Healthcare", "Retail", "Engineering", "Foods", "Hotels"),
                   "de": ("Maschinenbau", "Klinikum", "Handel", "Anlagenbau", "Lebensmittel", "Hotels"),
                   "fr": ("Industrie", "Santé", "Distribution", "Ingénierie", "Alimentaire", "Hôtels"),
                   "nl": ("Industrie", "Zorggroep", "Retail", "Techniek", "Voeding", "Hotels")}  # fmt: skip
_BUYER_FORMS = {"DE": ("GmbH", "AG", "SE"), "CH": ("AG", "GmbH"), "GB": ("Ltd", "plc"), "US": ("Inc.", "LLC"),
                "FR": ("SAS", "SA"), "NL": ("B.V.", "N.V.")}  # fmt: skip


def vendor_name(country: str, language: str, trade: str, split: str, rng: random.Random) -> str:
    surnames, stems = _POOLS[country][split]
    first, second = rng.sample(surnames, 2)
    return rng.choice(_PATTERNS[country]).format(
        s=first, s2=second, st=rng.choice(stems), t=rng.choice(_TRADE_NOUNS[language][trade])
    )


def buyer_name(country: str, language: str, rng: random.Random) -> str:
    stem, industry = rng.choice(_BUYER_STEMS), rng.choice(_BUYER_INDUSTRY[language])
    return f"{stem} {industry} {rng.choice(_BUYER_FORMS[country])}"


def name_words(split: str) -> set[str]:
    """The split-specific words, for the test that train and heldout never meet."""
    return {word for pools in _POOLS.values() for group in pools[split] for word in group}


def surnames(country: str, split: str) -> tuple[str, ...]:
    return _POOLS[country][split][0]
