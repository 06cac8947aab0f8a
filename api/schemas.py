"""The shapes the API answers in: its OpenAPI description is made from them."""

import datetime

from ninja import Schema
from pydantic import Field


class Picture(Schema):
    url: str = Field(description="Absolute URL of the original file.")
    width: int
    height: int
    alt: str = Field(description="What the picture shows, for readers who cannot see it.")
    credit: str
    caption: str


class Link(Schema):
    name: str
    slug: str
    url: str = Field(description="The page on the site.")


class Correction(Schema):
    made_at: datetime.datetime
    text_html: str = Field(description="Sanitised HTML, addresses absolute.")


class Article(Schema):
    id: int
    slug: str
    url: str = Field(description="The article's page on the site.")
    headline: str
    standfirst: str
    body_html: str = Field(
        description="The body as the site renders it: sanitised HTML, addresses absolute."
    )
    published_at: datetime.datetime
    updated_at: datetime.datetime = Field(
        description="When it was last corrected, else when it was published."
    )
    language: str = Field(description='"en" or "ru".')
    translations: dict[str, str] = Field(
        description="The published versions in other languages: {language: URL}."
    )
    bylines: list[Link]
    tags: list[str] = Field(description="Display names, in the order the article shows them.")
    tag_slugs: list[str]
    people: list[Link]
    organisations: list[Link]
    productions: list[Link]
    corrections: list[Correction] = Field(description="Oldest first.")
    lead_image: Picture | None
    body_images: list[Picture] = Field(description="In the order the body shows them.")


class ArticlePage(Schema):
    items: list[Article]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class Person(Schema):
    id: int
    name: str
    slug: str
    url: str
    native_name: str
    description: str
    country: str
    bio_html: str
    photo: Picture | None


class PersonPage(Schema):
    items: list[Person]
    next_cursor: str | None


class Organisation(Schema):
    id: int
    name: str
    slug: str
    url: str
    native_name: str
    kind: str
    kind_label: str
    country: str
    website: str
    description_html: str
    logo: Picture | None


class OrganisationPage(Schema):
    items: list[Organisation]
    next_cursor: str | None


class Production(Schema):
    id: int
    title: str
    slug: str
    url: str
    native_title: str
    status: str
    status_label: str
    country: str
    logline: str
    synopsis_html: str
    poster: Picture | None
    rival: Link | None


class ProductionPage(Schema):
    items: list[Production]
    next_cursor: str | None


class Credit(Schema):
    role: str
    role_label: str
    name: str
    url: str
    character: str


class Backer(Schema):
    name: str
    kind_label: str
    url: str | None


class Milestone(Schema):
    title: str
    status: str = Field(description='"planned", "happened", "slipped" or "cancelled".')
    planned_for: datetime.date | None
    happened_on: datetime.date | None
    outcome: str = Field(description='As the site says it: "12 days late", "Planned"...')
    slipped: bool = Field(description="It happened on another day than promised.")
    production: Link
    claimed_by: Link | None = Field(description="Who announced or promised the date.")


class MilestonePage(Schema):
    items: list[Milestone]
    next_cursor: str | None


class ProductionDetail(Production):
    credits: list[Credit]
    backers: list[Backer]
    milestones: list[Milestone] = Field(description="In timeline order.")


class Rival(Schema):
    title: str
    slug: str
    url: str
    native_title: str
    status: str
    status_label: str
    country: str
    logline: str
    poster: Picture | None
    articles: int = Field(description="How many published articles cover it.")
    credits: list[Credit]
    backers: list[Backer]


class Race(Schema):
    rivals: list[Rival] = Field(description="The two rivals; empty when there is no race.")
    milestones: list[Milestone] = Field(description="Both rivals' milestones, timeline order.")


class Message(Schema):
    detail: str
