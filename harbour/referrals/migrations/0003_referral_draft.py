# A referral being made is kept between the journey's pages in an encrypted draft with an
# expiry (a new table: nothing existing is locked or rewritten).

import django.db.models.deletion
import django.utils.timezone
import harbour.core.fields
import harbour.core.ids
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0007_matchkey_key_id'),
        ('referrals', '0002_self_referral_flood_flags'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReferralDraft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', harbour.core.ids.PublicIdField()),
                ('answers', harbour.core.fields.EncryptedJSONField(default=dict, verbose_name='answers so far')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('expires_at', models.DateTimeField(db_index=True)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.person')),
            ],
            options={
                'ordering': ['-updated_at', '-id'],
            },
        ),
    ]
