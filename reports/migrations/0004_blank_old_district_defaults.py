from django.db import migrations

# What the report narrative form pre-filled before the identity settings (the district was abolished in 2025).
OLD_DEFAULTS = {"parent_body": "UBND huyện Ia H'Drai", "place": "Ia H'Drai"}


def blank_old_defaults(apps, schema_editor):
    narratives = apps.get_model("reports", "ReportNarrative").objects
    for field, old in OLD_DEFAULTS.items():
        narratives.filter(**{field: old}).update(**{field: ""})


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_narrative_identity_blanks")]

    operations = [migrations.RunPython(blank_old_defaults, migrations.RunPython.noop)]
