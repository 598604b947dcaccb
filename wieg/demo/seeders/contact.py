"""Contact details for demo families: an address in their municipality, a mobile number, an e-mail address,
the language each parent speaks and whether an interpreter is needed, and a few not safe to contact.

Ghent families live on real Ghent streets with the postal code of their part of the city; elsewhere the
street names are those found in almost every Flemish (or Brussels) municipality, with one of the
municipality's own postal codes from the reference data.

Phone numbers: the Belgian regulator (BIPT) sets aside no range for fiction, unlike Ofcom's 07700 900xxx
in the United Kingdom. Every demo mobile is therefore in one block, 0499 00 xx xx, which phonenumbers
accepts as a Belgian mobile (so the demo exercises the real validation) and which is easy to recognise and
to filter out; the demo's text messages go to the console, never to a network. E-mail addresses use the
reserved domain .example (RFC 2606), which can never be delivered.
"""

import random

from wieg.care.models import Person, PersonRole
from wieg.core.models import PostalCode

DEMO_MOBILE_BLOCK = "+3249900"  # followed by four digits: +32 499 00 xx xx
DEMO_EMAIL_DOMAIN = "demo.wieg.example"
NOT_SAFE_SHARE = 0.01

# Real Ghent streets with the postal code of their part of the city.
GHENT_STREETS = (
    ("Sleepstraat", "9000"),
    ("Wondelgemstraat", "9000"),
    ("Rabotstraat", "9000"),
    ("Bevrijdingslaan", "9000"),
    ("Kortrijksesteenweg", "9000"),
    ("Dampoortstraat", "9000"),
    ("Sint-Pietersnieuwstraat", "9000"),
    ("Brugsesteenweg", "9000"),
    ("Palinghuizen", "9000"),
    ("Tolhuislaan", "9000"),
    ("Sluizeken", "9000"),
    ("Meulesteedsesteenweg", "9000"),
    ("Kasteellaan", "9000"),
    ("Forelstraat", "9000"),
    ("Vlaanderenstraat", "9000"),
    ("Zwijnaardsesteenweg", "9000"),
    ("Nieuwewandeling", "9000"),
    ("Antwerpsesteenweg", "9040"),
    ("Dendermondsesteenweg", "9040"),
    ("Heiveldstraat", "9040"),
    ("Brusselsesteenweg", "9050"),
    ("Hundelgemsesteenweg", "9050"),
    ("Ledebergplein", "9050"),
)
GHENT_NIS = "44021"
FLEMISH_STREETS = (
    "Kerkstraat",
    "Stationsstraat",
    "Dorpsstraat",
    "Schoolstraat",
    "Molenstraat",
    "Nieuwstraat",
    "Kapelstraat",
    "Veldstraat",
    "Lindenlaan",
    "Beekstraat",
    "Meersstraat",
    "Kouter",
)
BRUSSELS_STREETS = (
    "Rue de l'Église",
    "Rue de la Station",
    "Rue du Moulin",
    "Avenue des Tilleuls",
    "Rue des Écoles",
    "Rue Neuve",
    "Chaussée de Gand",
    "Rue Haute",
)
# Languages of people for whom the family's language is "other" (Afghan, Eritrean, Somali, Ukrainian, ...).
OTHER_LANGUAGES = ("fa", "ps", "ti", "so", "uk", "ru")
NOT_SAFE_NOTES = (
    "Partnergeweld: nooit bellen, geen post. Enkel contact op de consultatie.",
    "Niet bellen: de partner controleert de gsm. Afspraken via het CAW.",
    "Geen brieven naar dit adres; bellen alleen na een sms van haar zelf.",
)


def _ascii(name: str) -> str:
    table = str.maketrans("éèëêïîöôüûçáàäñ", "eeeeiioouucaaan")
    return "".join(c for c in name.lower().translate(table) if c.isalnum())


class ContactMaker:
    """Fills in the contact details of the people of one built family, from a random source of its own (the
    family's public id), so that adding them leaves the rest of the demo exactly as it was."""

    def __init__(self, postal_codes: dict[int, list[str]]):
        self.postal_codes = postal_codes

    @classmethod
    def load(cls) -> "ContactMaker":
        codes: dict[int, list[str]] = {}
        for municipality_id, code in PostalCode.objects.values_list("municipality_id", "code").order_by(
            "code"
        ):
            codes.setdefault(municipality_id, []).append(code)
        return cls(codes)

    def _address(self, rng, municipality) -> dict:
        if municipality.nis_code == GHENT_NIS:
            street, code = rng.choice(GHENT_STREETS)
        else:
            streets = BRUSSELS_STREETS if municipality.region == "brussels" else FLEMISH_STREETS
            street = rng.choice(streets)
            code = rng.choice(self.postal_codes.get(municipality.pk) or [""])
        if not code:
            return {}
        return {
            "street": street,
            "house_number": f"{rng.randint(1, 180)}{rng.choice(('', '', '', 'A', 'B'))}",
            "box": str(rng.randint(1, 12)) if rng.random() < 0.3 else "",
            "postal_code": code,
            "address_municipality": municipality,
        }

    @staticmethod
    def _mobile(rng) -> str:
        return f"{DEMO_MOBILE_BLOCK}{rng.randrange(10000):04d}"

    def fill(self, family, people: list[Person], *, not_safe_note: str | None = None) -> None:
        rng = random.Random(family.public_id.int)
        address = self._address(rng, family.municipality)
        language = family.preferred_language
        specific = rng.choice(OTHER_LANGUAGES) if language == "other" else language
        # An interpreter for a language the nurse does not speak: Dutch never, French rarely in Flanders.
        interpreter = family.interpreter_needed and specific != "nl"
        not_safe = not_safe_note
        if not_safe is None and rng.random() < NOT_SAFE_SHARE:
            not_safe = rng.choice(NOT_SAFE_NOTES)
        for person in people:
            person.preferred_language = specific
            if person.role == PersonRole.CHILD:
                continue
            for field, value in address.items():
                setattr(person, field, value)
            person.interpreter_needed = interpreter and (
                person.role == PersonRole.PREGNANT_PARENT or rng.random() < 0.8
            )
            person.interpreter_language = specific if person.interpreter_needed else ""
            if rng.random() < 0.95:
                person.phones = [{"number": self._mobile(rng), "label": "mobile"}]
                if rng.random() < 0.1:
                    person.phones.append({"number": self._mobile(rng), "label": "work"})
            if rng.random() < 0.7:
                person.email = (
                    f"{_ascii(person.given_name)}.{_ascii(person.family_name)}{rng.randint(1, 99)}"
                    f"@{DEMO_EMAIL_DOMAIN}"
                )
            if not_safe and person.role == PersonRole.PREGNANT_PARENT:
                person.safe_to_contact = False
                person.contact_note = not_safe
