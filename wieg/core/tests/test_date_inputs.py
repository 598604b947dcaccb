"""A browser only accepts an ISO date (YYYY-MM-DD) as the value of an `<input type=date>`: a localised
"05/03/2026" is dropped, the field shows empty and the browser blocks saving a required date."""

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils import translation

import wieg

DAY = dt.date(2026, 3, 5)


def _forms_with_date_inputs():
    found = []
    for module_info in pkgutil.iter_modules(wieg.__path__):
        try:
            module = importlib.import_module(f"wieg.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls.base_fields.items():
                if getattr(field.widget, "input_type", None) == "date":
                    found.append(pytest.param(field, id=f"{cls.__module__}.{cls.__name__}.{field_name}"))
    return found


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("field", _forms_with_date_inputs())
def test_every_date_input_renders_its_value_in_iso(field, language):
    with translation.override(language):
        html = field.widget.render("day", DAY)
    assert 'value="2026-03-05"' in html, html


def test_the_contact_and_referral_forms_are_among_them():
    ids = {p.id for p in _forms_with_date_inputs()}
    assert "wieg.pathways.forms.ContactForm.date" in ids
    assert "wieg.referrals.forms.ReferralForm.start" in ids
