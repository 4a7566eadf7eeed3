"""Plausible addresses per country: real city names with postcodes in their real ranges."""

from __future__ import annotations

import random

STREETS = {
    "DE": ("Hauptstraße", "Bahnhofstraße", "Industriestraße", "Gartenweg", "Schillerstraße", "Goethestraße",
           "Am Markt", "Lindenallee", "Friedrichstraße", "Mühlenweg", "Gewerbepark Nord", "Dieselstraße",
           "Robert-Bosch-Straße", "Kantstraße", "Am Hafen", "Siemensstraße", "Ringstraße", "Schulstraße",
           "Birkenweg", "Max-Planck-Straße", "Otto-Hahn-Straße", "Hafenstraße", "Im Gewerbegebiet"),
    "CH": ("Bahnhofstrasse", "Hauptstrasse", "Industriestrasse", "Seestrasse", "Dorfstrasse", "Kirchweg",
           "Zürcherstrasse", "Poststrasse", "Gewerbestrasse", "Rosenweg", "Alte Landstrasse"),
    "GB": ("High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane", "Park Road",
           "Queens Road", "Kings Road", "Riverside Way", "Castle Street", "Commercial Road",
           "Brunswick Place",
           "Albion Street", "Canal Wharf", "Whitehall Road", "Harbour Way", "Enterprise Park"),
    "US": ("Main Street", "Oak Street", "Maple Avenue", "Industrial Parkway", "Commerce Drive", "Elm Street",
           "Washington Avenue", "Lakeview Drive", "Pine Street", "Market Street", "Technology Way",
           "Cedar Lane", "Broadway", "Park Avenue", "Riverside Drive", "Corporate Boulevard"),
    "FR": ("rue de la République", "avenue Jean Jaurès", "boulevard Pasteur", "rue du Commerce",
           "rue de la Gare", "allée des Tilleuls", "rue Victor Hugo", "avenue de la Libération",
           "chemin des Vignes", "rue des Artisans", "place du Marché", "rue Nationale", "quai de la Loire",
           "ZI des Mercières, rue Jacques Cartier", "impasse des Acacias", "rue Gambetta"),
    "NL": ("Stationsstraat", "Kerkstraat", "Industrieweg", "Dorpsstraat", "Molenweg", "Nieuwstraat",
           "Havenstraat", "Marktplein", "Parallelweg", "Schoolstraat", "Keizersgracht", "Energieweg",
           "Handelsweg", "Ambachtsweg", "Julianalaan", "Beatrixstraat", "Zuiderkade"),
}  # fmt: skip

# (city, lowest postcode, highest postcode) for numeric systems; outward codes for GB; state for US.
CITIES_DE = (
    ("München", 80331, 81929),
    ("Berlin", 10115, 14199),
    ("Hamburg", 20095, 22769),
    ("Köln", 50667, 51149),
    ("Frankfurt am Main", 60306, 60599),
    ("Stuttgart", 70173, 70629),
    ("Leipzig", 4103, 4357),
    ("Nürnberg", 90402, 90491),
    ("Bremen", 28195, 28779),
    ("Hannover", 30159, 30669),
    ("Dortmund", 44135, 44388),
    ("Dresden", 1067, 1328),
    ("Mannheim", 68159, 68309),
    ("Karlsruhe", 76131, 76229),
    ("Regensburg", 93047, 93059),
    ("Bielefeld", 33602, 33739),
    ("Münster", 48143, 48167),
    ("Augsburg", 86150, 86199),
    ("Kassel", 34117, 34134),
    ("Freiburg im Breisgau", 79098, 79117),
)
CITIES_CH = (
    ("Zürich", 8001, 8057),
    ("Bern", 3011, 3027),
    ("Basel", 4051, 4059),
    ("Luzern", 6003, 6006),
    ("St. Gallen", 9000, 9016),
    ("Winterthur", 8400, 8411),
    ("Aarau", 5000, 5004),
    ("Zug", 6300, 6300),
)
CITIES_FR = (
    ("Paris", 75001, 75020),
    ("Lyon", 69001, 69009),
    ("Marseille", 13001, 13016),
    ("Toulouse", 31000, 31500),
    ("Bordeaux", 33000, 33800),
    ("Nantes", 44000, 44300),
    ("Lille", 59000, 59800),
    ("Strasbourg", 67000, 67200),
    ("Rennes", 35000, 35700),
    ("Montpellier", 34000, 34090),
    ("Dijon", 21000, 21000),
    ("Tours", 37000, 37200),
    ("Grenoble", 38000, 38100),
    ("Reims", 51100, 51100),
    ("Angers", 49000, 49100),
)
CITIES_NL = (
    ("Amsterdam", 1011, 1109),
    ("Rotterdam", 3011, 3089),
    ("Utrecht", 3511, 3585),
    ("Den Haag", 2511, 2597),
    ("Eindhoven", 5611, 5658),
    ("Groningen", 9711, 9747),
    ("Tilburg", 5011, 5049),
    ("Breda", 4811, 4839),
    ("Nijmegen", 6511, 6546),
    ("Zwolle", 8011, 8043),
    ("Arnhem", 6811, 6846),
    ("Haarlem", 2011, 2037),
    ("Amersfoort", 3811, 3829),
)
CITIES_GB = (
    ("Leeds", "LS", 1, 28),
    ("Manchester", "M", 1, 40),
    ("Bristol", "BS", 1, 16),
    ("Birmingham", "B", 1, 45),
    ("Sheffield", "S", 1, 14),
    ("Nottingham", "NG", 1, 11),
    ("Leicester", "LE", 1, 5),
    ("Reading", "RG", 1, 6),
    ("Cambridge", "CB", 1, 5),
    ("Oxford", "OX", 1, 4),
    ("Glasgow", "G", 1, 46),
    ("Edinburgh", "EH", 1, 17),
    ("Cardiff", "CF", 10, 24),
    ("Norwich", "NR", 1, 7),
    ("York", "YO", 1, 32),
    ("London", "EC", 1, 4),
)
CITIES_US = (
    ("Austin", "TX", 78701, 78759),
    ("Denver", "CO", 80202, 80239),
    ("Columbus", "OH", 43201, 43235),
    ("Portland", "OR", 97201, 97236),
    ("Raleigh", "NC", 27601, 27617),
    ("Phoenix", "AZ", 85003, 85054),
    ("Minneapolis", "MN", 55401, 55455),
    ("Nashville", "TN", 37201, 37221),
    ("Salt Lake City", "UT", 84101, 84121),
    ("Boston", "MA", 2108, 2136),
    ("Chicago", "IL", 60601, 60661),
    ("Atlanta", "GA", 30303, 30350),
    ("Seattle", "WA", 98101, 98199),
    ("Pittsburgh", "PA", 15201, 15235),
    ("Kansas City", "MO", 64101, 64157),
)
# Combined state + local sales tax a seller in that city charges (rounded to published rates).
US_SALES_TAX = {
    "TX": "8.25",
    "CO": "8.81",
    "OH": "7.5",
    "OR": "0",
    "NC": "7.25",
    "AZ": "8.6",
    "MN": "8.025",
    "TN": "9.25",
    "UT": "7.75",
    "MA": "6.25",
    "IL": "10.25",
    "GA": "8.9",
    "WA": "10.25",
    "PA": "7",
    "MO": "8.85",
}
_GB_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_US_SUITES = ("Suite {n}", "Unit {n}", "Floor {f}", "Bldg {b}")


def address(country: str, rng: random.Random) -> tuple[str, ...]:
    """Street line(s) then the postcode/city line, as printed in that country."""
    return _ADDRESSERS[country](rng)


def us_state(address_lines: tuple[str, ...]) -> str:
    return address_lines[-1].rsplit(" ", 2)[-2]


def _de(rng: random.Random) -> tuple[str, ...]:
    city, low, high = rng.choice(CITIES_DE)
    return (
        f"{rng.choice(STREETS['DE'])} {rng.randint(1, 160)}{rng.choice(['', '', '', 'a', 'b'])}",
        f"{rng.randint(low, high):05d} {city}",
    )


def _ch(rng: random.Random) -> tuple[str, ...]:
    city, low, high = rng.choice(CITIES_CH)
    return (f"{rng.choice(STREETS['CH'])} {rng.randint(1, 90)}", f"{rng.randint(low, high)} {city}")


def _fr(rng: random.Random) -> tuple[str, ...]:
    city, low, high = rng.choice(CITIES_FR)
    code = rng.randint(low, high)
    code = (
        code - code % 10 if city not in ("Paris", "Lyon", "Marseille") else code
    )  # CEDEX-free codes end in 0
    return (
        f"{rng.randint(1, 120)}{rng.choice(['', '', ' bis'])} {rng.choice(STREETS['FR'])}",
        f"{code:05d} {city}",
    )


def _nl(rng: random.Random) -> tuple[str, ...]:
    city, low, high = rng.choice(CITIES_NL)
    letters = "".join(rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
    return (
        f"{rng.choice(STREETS['NL'])} {rng.randint(1, 250)}",
        f"{rng.randint(low, high)} {letters} {city}",
    )


def _gb(rng: random.Random) -> tuple[str, ...]:
    city, area, low, high = rng.choice(CITIES_GB)
    inward = f"{rng.randint(1, 9)}{rng.choice(_GB_INWARD_LETTERS)}{rng.choice(_GB_INWARD_LETTERS)}"
    lines = [
        f"{rng.randint(1, 220)} {rng.choice(STREETS['GB'])}",
        city,
        f"{area}{rng.randint(low, high)} {inward}",
    ]
    if rng.random() < 0.3:
        lines.insert(0, f"Unit {rng.randint(1, 30)}")
    return tuple(lines)


def _us(rng: random.Random) -> tuple[str, ...]:
    city, state, low, high = rng.choice(CITIES_US)
    street = f"{rng.randint(100, 9800)} {rng.choice(STREETS['US'])}"
    lines = [street]
    if rng.random() < 0.4:
        suite = rng.choice(_US_SUITES).format(
            n=rng.randint(100, 950), f=rng.randint(2, 30), b=rng.choice("ABCDE")
        )
        lines.append(suite)
    lines.append(f"{city}, {state} {rng.randint(low, high):05d}")
    return tuple(lines)


_ADDRESSERS = {"DE": _de, "CH": _ch, "FR": _fr, "NL": _nl, "GB": _gb, "US": _us}
