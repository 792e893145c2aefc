# The commissioner, returns officer, action plan lead and partnership board roles (decision
# 0033). Only the choices change: no table is rewritten.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_account_changes_and_links"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(choices=[('police_officer', 'Police officer'), ('idva', 'IDVA'), ('hub_caseworker', 'Hub caseworker'), ('specialist_caseworker', 'Specialist caseworker'), ('marac_coordinator', 'MARAC coordinator'), ('liaison_officer', 'Sex-worker liaison officer'), ('education_provider', 'Education provider'), ('analyst', 'Analyst'), ('commissioner', 'Commissioner'), ('returns_officer', 'Returns officer'), ('action_plan_lead', 'Action plan lead'), ('partnership_board', 'Partnership board member'), ('administrator', 'Administrator')], max_length=32, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name="accountchange",
            name="old_role",
            field=models.CharField(blank=True, choices=[('police_officer', 'Police officer'), ('idva', 'IDVA'), ('hub_caseworker', 'Hub caseworker'), ('specialist_caseworker', 'Specialist caseworker'), ('marac_coordinator', 'MARAC coordinator'), ('liaison_officer', 'Sex-worker liaison officer'), ('education_provider', 'Education provider'), ('analyst', 'Analyst'), ('commissioner', 'Commissioner'), ('returns_officer', 'Returns officer'), ('action_plan_lead', 'Action plan lead'), ('partnership_board', 'Partnership board member'), ('administrator', 'Administrator')], max_length=32, verbose_name='role before'),
        ),
        migrations.AlterField(
            model_name="accountchange",
            name="role",
            field=models.CharField(blank=True, choices=[('police_officer', 'Police officer'), ('idva', 'IDVA'), ('hub_caseworker', 'Hub caseworker'), ('specialist_caseworker', 'Specialist caseworker'), ('marac_coordinator', 'MARAC coordinator'), ('liaison_officer', 'Sex-worker liaison officer'), ('education_provider', 'Education provider'), ('analyst', 'Analyst'), ('commissioner', 'Commissioner'), ('returns_officer', 'Returns officer'), ('action_plan_lead', 'Action plan lead'), ('partnership_board', 'Partnership board member'), ('administrator', 'Administrator')], max_length=32, verbose_name='new role'),
        ),
    ]
