import pytest

from people.models import Organisation, Person, TaggedPerson

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_name():
    person = Person.objects.create(name="Yulia Peresild")
    assert person.slug == "yulia-peresild"
    assert person.get_absolute_url() == "/people/yulia-peresild/"


def test_cyrillic_name_gets_a_readable_latin_slug():
    organisation = Organisation.objects.create(name="Роскосмос", kind="space_agency")
    assert organisation.slug == "roskosmos"


def test_slug_collisions_get_a_number():
    first = Person.objects.create(name="Anna Petrova")
    second = Person.objects.create(name="Anna Petrova")
    third = Person.objects.create(name="Anna Petrova")
    assert [first.slug, second.slug, third.slug] == [
        "anna-petrova",
        "anna-petrova-2",
        "anna-petrova-3",
    ]


def test_an_editor_chosen_slug_is_kept():
    person = Person.objects.create(name="Klim Shipenko", slug="klim")
    person.name = "Klim Shipenko (director)"
    person.save()
    assert person.slug == "klim"


def test_names_include_native_name_and_aliases():
    person = Person.objects.create(
        name="Klim Shipenko", native_name="Клим Шипенко", aliases="Shepenko\n\n Klim Shepenko "
    )
    assert person.names == ["Klim Shipenko", "Клим Шипенко", "Shepenko", "Klim Shepenko"]


def test_tags_go_through_the_person_table():
    person = Person.objects.create(name="Anton Shkaplerov")
    person.tags.add("soyuz", "roscosmos")
    assert TaggedPerson.objects.filter(content_object=person).count() == 2
    assert set(Person.objects.filter(tags__name="soyuz")) == {person}


def test_bio_is_rendered_to_safe_html():
    person = Person.objects.create(name="A", bio="Star of *Challenge* <script>alert(1)</script>")
    assert "<em>Challenge</em>" in person.bio_html
    assert "<script>" not in person.bio_html
