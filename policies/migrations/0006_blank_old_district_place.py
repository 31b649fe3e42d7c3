from django.db import migrations


def blank_old_place(apps, schema_editor):
    # The synthesis form pre-filled the abolished district's name before the identity settings held the place.
    apps.get_model("policies", "Synthesis").objects.filter(place="Ia H'Drai").update(place="")


class Migration(migrations.Migration):
    dependencies = [("policies", "0005_organisation_identity")]

    operations = [migrations.RunPython(blank_old_place, migrations.RunPython.noop)]
