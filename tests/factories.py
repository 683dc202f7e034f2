import factory
from allauth.account.models import EmailAddress

from members.enums import Role
from members.models import User

PASSWORD = "ein-sicheres-Passwort-42"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="de_DE")
    role = Role.CLUSTER_MANAGER

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    role = Role.STAFF


class MinistryFactory(UserFactory):
    role = Role.MINISTRY


class BoardMemberFactory(UserFactory):
    role = Role.BOARD
