"""Facet rows keep their document id without a database foreign key (see
SearchFacet.document)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_partitioned_vectors"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchfacet",
            name="document",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="facets",
                to="search.searchdocument",
            ),
        ),
    ]
