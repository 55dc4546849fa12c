"""Word lists for seeded organisations: company and person names, places, products."""

from __future__ import annotations

import random

ADJECTIVES = (
    "Blue Harbour Summit Redwood Silver Coastal Northern Golden Iron Maple Granite Bright "
    "Southern Swift Evergreen Pacific Highland Crystal Urban Oak Cedar Riverside Prime Metro "
    "Sunrise Atlas Pioneer Heritage Vertex Quantum"
).split()
NOUNS = (
    "Traders Logistics Builders Bakery Consulting Design Electrical Plumbing Studios Foods "
    "Motors Printing Supplies Landscaping Analytics Media Outfitters Dental Hardware Coffee "
    "Systems Interiors Freight Labs Partners Textiles Brewing Cleaning Events Optics"
).split()
SUFFIXES = {
    "AU": ("Pty Ltd", "Pty Ltd", "Co", ""),
    "NZ": ("Limited", "Ltd", "Co", ""),
    "UK": ("Ltd", "Limited", "LLP", ""),
    "US": ("LLC", "Inc", "Co", ""),
}
FIRST_NAMES = (
    "Olivia Liam Charlotte Noah Amelia Jack Isla William Mia James Ava Lucas Grace Henry Chloe "
    "Oliver Ella Thomas Zoe Leo Ruby Samuel Emily Harrison Sophie Mason Lily Ethan Hannah Max"
).split()
LAST_NAMES = (
    "Smith Jones Williams Brown Wilson Taylor Nguyen Johnson Martin White Anderson Walker "
    "Thompson Harris Lee Ryan Robinson Kelly King Davies Clarke Patel Evans Wright Murphy "
    "Hughes Edwards Green Hall Wood"
).split()
CITIES = {
    "AU": (
        ("Sydney", "NSW", "2000"),
        ("Melbourne", "VIC", "3000"),
        ("Brisbane", "QLD", "4000"),
        ("Perth", "WA", "6000"),
        ("Adelaide", "SA", "5000"),
    ),
    "NZ": (("Auckland", "", "1010"), ("Wellington", "", "6011"), ("Christchurch", "", "8011")),
    "UK": (("London", "", "EC1A 1BB"), ("Manchester", "", "M1 1AE"), ("Leeds", "", "LS1 1UR")),
    "US": (
        ("New York", "NY", "10001"),
        ("Austin", "TX", "73301"),
        ("Denver", "CO", "80202"),
        ("Seattle", "WA", "98101"),
    ),
}
COUNTRY_NAMES = {"AU": "Australia", "NZ": "New Zealand", "UK": "United Kingdom", "US": "USA"}
STREETS = "High Queen King George Victoria Station Park Church Market Bridge Mill Harbour".split()
PRODUCTS = (
    "Widget Bracket Cable Adapter Sensor Panel Valve Filter Bearing Gasket Hinge Lamp Switch "
    "Notebook Toner Chair Desk Monitor Keyboard Router"
).split()
SERVICES = (
    "Consulting hours",
    "Installation",
    "Maintenance visit",
    "Design work",
    "Training session",
    "Site survey",
    "Support plan",
    "Delivery",
    "Project management",
    "Audit",
)
EXPENSE_CODES = (
    "400",
    "408",
    "412",
    "425",
    "429",
    "433",
    "445",
    "449",
    "453",
    "461",
    "469",
    "473",
    "485",
    "489",
    "493",
)
TRACKING = {
    "Region": ("North", "South", "East", "West"),
    "Department": ("Sales", "Services", "Operations"),
}


def company(rng: random.Random, country: str, taken: set[str]) -> str:
    for _ in range(1000):
        suffix = rng.choice(SUFFIXES[country])
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {suffix}".strip()
        if name not in taken:
            taken.add(name)
            return name
    number = len(taken) + 1
    name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {number}"
    taken.add(name)
    return name


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def email(first: str, last: str, company_name: str) -> str:
    domain = "".join(ch for ch in company_name.lower().split(" ")[0] if ch.isalnum())
    return f"{first.lower()}.{last.lower()}@{domain or 'example'}.example.com"


def address(rng: random.Random, country: str) -> dict[str, str]:
    city, region, postcode = rng.choice(CITIES[country])
    return {
        "AddressType": "STREET",
        "AddressLine1": f"{rng.randint(1, 250)} {rng.choice(STREETS)} Street",
        "City": city,
        "Region": region,
        "PostalCode": postcode,
        "Country": COUNTRY_NAMES[country],
    }
