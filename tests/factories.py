import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from members.enums import Role
from members.models import User

PASSWORD = "ein-sicheres-Passwort-42"


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


def make_pdf(pages: int = 2, text: str | None = None) -> bytes:
    """A real PDF with blank A4 pages (pypdf)."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class TechnologyFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.TechnologyField"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Technologiefeld {n}")
    slug = factory.Sequence(lambda n: f"feld-{n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Cluster"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Innovationscluster {n}")
    acronym = factory.Sequence(lambda n: f"IC{n}")
    management_organisation = factory.LazyAttribute(lambda o: f"{o.name} e. V.")
    legal_form = "e. V."
    street = "Hauptstraße 1"
    postcode = "10115"
    city = "Berlin"
    bundesland = "BE"
    year_founded = 2015

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        if create:
            self.managers.set(extracted if extracted is not None else [UserFactory()])


class AdvisoryCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.AdvisoryCall"

    cluster = factory.SubFactory(ClusterFactory)
    requested_by = factory.LazyAttribute(lambda o: o.cluster.managers.first())
    mode = "video"
    state = "requested"


class HeldAdvisoryCallFactory(AdvisoryCallFactory):
    state = "held"
    advisor = factory.SubFactory(StaffFactory)
    notes = "Kriterien besprochen."
    held_at = factory.LazyFunction(timezone.now)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.ClusterActor"

    name = factory.Sequence(lambda n: f"Akteur {n} GmbH")
    category = "sme"
    city = "Berlin"
    postcode = "10115"
    country = "DE"
    commitment = "member"
