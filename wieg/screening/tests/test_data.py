"""The data files: loaded into the database once per version, licensed texts loaded by the operator, every
rule names flags and services that exist."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from wieg.screening import catalogue
from wieg.screening.models import Instrument, LicensedText, SuggestionRuleSet

pytestmark = pytest.mark.django_db


def test_data_files_are_in_the_database_once():
    assert set(Instrument.objects.values_list("code", flat=True)) == set(catalogue.INSTRUMENT_CODES)
    assert catalogue.load_all() == {"instruments": 0, "rule_sets": 0}
    assert SuggestionRuleSet.objects.count() == 1


def test_every_rule_names_known_flags_and_services():
    from wieg.referrals import catalogue as referral_catalogue

    flags = {code for i in Instrument.objects.all() for code in i.definition["flags"]}
    for rule in catalogue.rule_set().rules:
        assert set(rule["when"].get("any_flags", [])) <= flags, rule["key"]
        if rule["action"]["kind"] == "referral":
            assert referral_catalogue.service(rule["action"]["service"]), rule["key"]
        assert set(rule["label"]) == {"nl", "fr", "en"}


def test_every_label_in_three_languages():
    for instrument in Instrument.objects.all():
        d = instrument.definition
        labels = [d["name"], *(f["label"] for f in d["flags"].values())]
        for item in d["items"]:
            labels += [item["label"], *(o["label"] for o in item["options"])]
        assert all(set(label) == {"nl", "fr", "en"} and all(label.values()) for label in labels), instrument


def test_operator_loads_licensed_epds_texts(tmp_path, client, world):
    path = tmp_path / "epds-nl.json"
    path.write_text(
        json.dumps(
            {
                "instrument": "epds",
                "language": "nl",
                "items": {"laugh": {"text": "LICENSED ITEM ONE", "options": ["a", "b", "c", "d"]}},
            }
        )
    )
    call_command("load_licensed_texts", str(path))
    assert LicensedText.objects.get(item_key="laugh").text == "LICENSED ITEM ONE"
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("screening:new", args=[world.t.public_id, "epds"])).content.decode()
    assert "LICENSED ITEM ONE" in html and "Ik heb kunnen lachen" not in html
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {"instrument": "epds", "language": "nl", "items": {"laugh": {"text": "x", "options": ["a"]}}}
        )
    )
    with pytest.raises(CommandError):
        call_command("load_licensed_texts", str(bad))
    stand_in = tmp_path / "stand-in.json"
    stand_in.write_text(
        json.dumps(
            {
                "instrument": "epds",
                "language": "fr",
                "items": {"laugh": {"text": "J'ai pu rire", "options": ["réponse 1", "b", "c", "d"]}},
            }
        )
    )
    with pytest.raises(CommandError):
        call_command("load_licensed_texts", str(stand_in))
    assert not LicensedText.objects.filter(language="fr").exists()
