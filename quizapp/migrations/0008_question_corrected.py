from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizapp", "0007_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="corrected",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Changes to the source's text: a list of {field, change, source}, "
                "where source is the official wording. See docs/exam-format.md.",
            ),
        ),
    ]
