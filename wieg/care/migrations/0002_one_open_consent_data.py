"""Before the database guards one open consent per subject and one open break-the-glass per professional:
clear the duplicates that parallel requests could leave behind.

Of two open consents for the same organisation (or professional), the newest stays; the older ones are
withdrawn at the moment the newer one was given, as the service would have done. Of overlapping
break-the-glass accesses of one professional on one trajectory, the first stays and the later ones are
shortened to nothing: they granted nothing the first did not. Nothing is deleted.
"""

from django.db import migrations


def clear_duplicates(apps, schema_editor):
    Consent = apps.get_model("care", "Consent")
    seen = {}
    for consent in Consent.objects.filter(withdrawn_at__isnull=True).order_by("-given_at", "-pk"):
        key = (consent.trajectory_id, consent.organisation_id, consent.professional_id)
        newer = seen.get(key)
        if newer is None:
            seen[key] = consent
            continue
        Consent.objects.filter(pk=consent.pk).update(withdrawn_at=newer.given_at, withdrawn_via=newer.recorded_via)

    BreakGlassAccess = apps.get_model("care", "BreakGlassAccess")
    kept = {}
    for access in BreakGlassAccess.objects.order_by("opened_at", "pk"):
        key = (access.trajectory_id, access.professional_id)
        previous = kept.get(key)
        if previous is not None and access.opened_at < previous.expires_at:
            BreakGlassAccess.objects.filter(pk=access.pk).update(expires_at=access.opened_at)
            continue
        kept[key] = access


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0001_initial"),
    ]

    operations = [migrations.RunPython(clear_duplicates, migrations.RunPython.noop)]
