"""The fixed demo accounts (password DEMO_PASSWORD) and the organisations of the demo region (Ghent)."""

from dataclasses import dataclass

REGION_NAME = "Gent en omliggende gemeenten (Oost-Vlaanderen)"

# The demo region: Ghent and the municipalities around it (NIS codes after the 2025 mergers), with the
# share of the region's births each gets in the small demo.
REGION = (
    ("44021", 58),  # Gent
    ("44013", 4),  # Destelbergen
    ("44019", 8),  # Evergem
    ("44087", 5),  # Lochristi
    ("44088", 6),  # Merelbeke-Melle
    ("44086", 5),  # Nazareth-De Pinte
    ("44064", 2),  # Sint-Martens-Latem
    ("44085", 5),  # Lievegem
    ("44052", 3),  # Oosterzele
    ("42010", 2),  # Laarne
    ("44083", 2),  # Deinze
)
HOME_NIS = "44021"


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    kind: str
    address: str = ""
    phone: str = ""
    email: str = ""
    nis: str = HOME_NIS


ORGANISATIONS = (
    Org(
        "kg",
        "Kind en Gezin regioteam Gent",
        "kg_team",
        "Kortrijksesteenweg 40, 9000 Gent",
        "078 150 100",
        "regioteam.gent@kindengezin.example",
    ),
    Org(
        "midwives",
        "Vroedvrouwenpraktijk Het Nest",
        "midwife_practice",
        "Sleepstraat 12, 9000 Gent",
        "09 123 45 67",
        "info@hetnest.example",
    ),
    Org(
        "gp", "Huisartsenpraktijk Brugse Poort", "gp_practice", "Bevrijdingslaan 8, 9000 Gent", "09 223 11 22"
    ),
    Org(
        "gynaecology",
        "AZ Sint-Lucas Gent, dienst gynaecologie",
        "gynaecology",
        "Groot Gent 1, 9000 Gent",
        "09 224 61 11",
    ),
    Org(
        "kraamzorg",
        "Kraamzorgdienst Gent-Meetjesland",
        "maternity_home_care",
        "Dampoortstraat 3, 9000 Gent",
        "09 266 77 88",
    ),
    Org(
        "ocmw", "OCMW Gent, Sociaal Huis Ledeberg", "ocmw", "Hundelgemsesteenweg 5, 9050 Gent", "09 266 99 00"
    ),
    Org("caw", "CAW Oost-Vlaanderen, onthaal Gent", "caw", "Visserij 153, 9000 Gent", "078 150 300"),
    Org("cgg", "CGG Gent, perinatale werking", "cgg", "Coupure Rechts 22, 9000 Gent", "09 233 52 52"),
    Org("ckg", "CKG De Kinderboot", "ckg", "Wondelgemstraat 100, 9000 Gent", "09 227 33 44"),
    Org(
        "family_centre",
        "Huis van het Kind Gent",
        "family_centre",
        "Sint-Salvatorstraat 16, 9000 Gent",
        "09 269 21 00",
        "huisvanhetkind@gent.example",
    ),
    Org(
        "maternity_ward",
        "UZ Gent, materniteit",
        "maternity_ward",
        "Corneel Heymanslaan 10, 9000 Gent",
        "09 332 21 11",
    ),
    Org(
        "nicu",
        "UZ Gent, neonatale intensieve zorg",
        "nicu",
        "Corneel Heymanslaan 10, 9000 Gent",
        "09 332 21 11",
    ),
    Org(
        "paediatrics",
        "Kinderartsenpraktijk Gent-Zuid",
        "paediatrics",
        "Kortrijksepoortstraat 90, 9000 Gent",
        "09 221 00 55",
    ),
    Org(
        "child_care",
        "Kinderdagverblijf 't Ukkepuk",
        "child_care",
        "Drongenplein 4, 9031 Gent",
        "09 226 44 55",
    ),
)


@dataclass(frozen=True)
class Persona:
    username: str
    kind: str  # User.kind
    given_name: str
    family_name: str
    organisation: str = ""  # key in ORGANISATIONS, for professionals
    discipline: str = ""
    membership_role: str = "member"
    description: str = ""
    listed: bool = True  # printed by demo_logins first; the others under "more accounts"
    is_staff: bool = False
    language: str = "nl"


PERSONAS = (
    Persona(
        "nurse",
        "professional",
        "Sarah",
        "De Clercq",
        "kg",
        "nurse",
        description="Kind en Gezin nurse, care coordinator of most demo families",
    ),
    Persona(
        "midwife",
        "professional",
        "Liesbeth",
        "Verstraete",
        "midwives",
        "midwife",
        description="independent midwife",
    ),
    Persona("gp", "professional", "Pieter", "Vandenberghe", "gp", "gp", description="general practitioner"),
    Persona(
        "gynaecologist",
        "professional",
        "Nadia",
        "Bouzid",
        "gynaecology",
        "gynaecologist",
        description="gynaecologist",
    ),
    Persona(
        "kraamzorg",
        "professional",
        "Ilse",
        "Maes",
        "kraamzorg",
        "maternity_carer",
        description="maternity carer",
    ),
    Persona(
        "social",
        "professional",
        "Karim",
        "El Idrissi",
        "ocmw",
        "social_worker",
        description="OCMW social worker",
    ),
    Persona(
        "psychologist",
        "professional",
        "Hanne",
        "De Wilde",
        "cgg",
        "psychologist",
        description="CGG psychologist",
    ),
    Persona(
        "centre",
        "professional",
        "Griet",
        "Bogaert",
        "family_centre",
        "family_centre_coordinator",
        membership_role="manager",
        description="family centre coordinator",
    ),
    Persona("analyst", "analyst", "Tom", "Willems", description="policy analyst (aggregates only)"),
    Persona(
        "parent", "parent", "Lotte", "Vermeulen", description="parent with an active trajectory (pregnant)"
    ),
    Persona(
        "coparent",
        "parent",
        "Jonas",
        "De Smet",
        description="co-parent in Lotte's family (sees neither her self-screenings nor the team's notes)",
    ),
    Persona(
        "admin",
        "admin",
        "Ann",
        "Beheerder",
        is_staff=True,
        description="administrator (accounts only, no care data)",
    ),
    Persona(
        "reviewer",
        "professional",
        "Marc",
        "Van Hecke",
        "kg",
        "other",
        membership_role="reviewer",
        description="privacy reviewer: break-the-glass openings of Kind en Gezin and of the region's "
        "organisations without a reviewer",
    ),
    # Colleagues in the other organisations of the region, so that every kind has someone to log in as.
    Persona(
        "nurse2",
        "professional",
        "Eline",
        "Standaert",
        "kg",
        "nurse",
        listed=False,
        description="second Kind en Gezin nurse",
    ),
    Persona(
        "paediatrician",
        "professional",
        "Jan",
        "Lippens",
        "paediatrics",
        "paediatrician",
        listed=False,
        description="paediatrician",
    ),
    Persona(
        "ward_midwife",
        "professional",
        "Fien",
        "Bauwens",
        "maternity_ward",
        "midwife",
        listed=False,
        description="maternity ward midwife",
    ),
    Persona(
        "neonatologist",
        "professional",
        "Mehmet",
        "Kaya",
        "nicu",
        "paediatrician",
        listed=False,
        description="NICU neonatologist",
    ),
    Persona(
        "caw",
        "professional",
        "Saar",
        "Van Parys",
        "caw",
        "social_worker",
        listed=False,
        description="CAW social worker",
    ),
    Persona(
        "ckg",
        "professional",
        "Evi",
        "De Baets",
        "ckg",
        "family_support_worker",
        listed=False,
        description="CKG family support worker",
    ),
    Persona(
        "childcare",
        "professional",
        "Kato",
        "Blommaert",
        "child_care",
        "other",
        listed=False,
        description="child care manager",
    ),
)

PERSONA_BY_USERNAME = {p.username: p for p in PERSONAS}
