"""The demo newsroom: the race to shoot the first feature film in orbit.

Facts come from the seed article (demo/space-race-film-2021-05-17.txt)
and from what is well established since; the articles are written in our own words.
"""

from datetime import date

# The date of the seed article: what it reports was known by then.
SEED_DATE = date(2021, 5, 17)

AUTHORS = [
    {
        "slug": "space-cinema-desk",
        "name": "Space Cinema desk",
        "bio": "The newsroom's shared byline for briefs and updates written by the whole desk.",
    },
    {
        "slug": "dana-whitfield",
        "name": "Dana Whitfield",
        "bio": "Covers the business of film and the space industry where the two meet.",
    },
]

ORGANISATIONS = [
    {
        "slug": "roscosmos",
        "name": "Roscosmos",
        "native_name": "Роскосмос",
        "kind": "space_agency",
        "country": "Russia",
        "colour": (160, 30, 40),
        "initials": "RK",
        "description": "Russia's state space corporation. It flew the *Challenge* crew to the "
        "International Space Station in October 2021.",
        "tags": ["roscosmos", "space-agency"],
    },
    {
        "slug": "channel-one",
        "name": "Channel One",
        "native_name": "Первый канал",
        "aliases": "Channel One Russia\nPervyi Kanal",
        "kind": "broadcaster",
        "country": "Russia",
        "colour": (30, 60, 140),
        "initials": "C1",
        "description": "Russia's main state broadcaster, a partner in *Challenge* alongside "
        "Roscosmos. Its head, Konstantin Ernst, outlined the film's premise.",
        "tags": ["channel-one"],
    },
    {
        "slug": "nasa",
        "name": "NASA",
        "aliases": "National Aeronautics and Space Administration",
        "kind": "space_agency",
        "country": "United States",
        "colour": (20, 50, 120),
        "initials": "NASA",
        "description": "The United States' space agency. In 2020 it said it would work with "
        "Tom Cruise on a film aboard the International Space Station.",
        "tags": ["nasa", "space-agency"],
    },
    {
        "slug": "spacex",
        "name": "SpaceX",
        "kind": "company",
        "country": "United States",
        "colour": (40, 40, 50),
        "initials": "SX",
        "description": "Elon Musk's rocket company, named as a partner in the Tom Cruise "
        "project to carry the film-makers to orbit.",
        "tags": ["spacex"],
    },
    {
        "slug": "bbc-news",
        "name": "BBC News",
        "kind": "news_outlet",
        "country": "United Kingdom",
        "colour": (150, 20, 20),
        "initials": "BBC",
        "description": "British broadcaster whose reporting on the *Challenge* casting we cite.",
        "tags": [],
    },
    {
        "slug": "nbc-news",
        "name": "NBC News",
        "kind": "news_outlet",
        "country": "United States",
        "colour": (60, 40, 120),
        "initials": "NBC",
        "description": "American broadcaster that reported Konstantin Ernst's description of "
        "the *Challenge* plot.",
        "tags": [],
    },
]

PEOPLE = [
    {
        "slug": "tom-cruise",
        "name": "Tom Cruise",
        "description": "actor and producer",
        "country": "United States",
        "colour": (70, 90, 140),
        "bio": "Star of the *Mission: Impossible* films. In 2020 he was announced as the lead "
        "of a film to be shot aboard the International Space Station with NASA and SpaceX.",
        "tags": ["tom-cruise"],
    },
    {
        "slug": "doug-liman",
        "name": "Doug Liman",
        "description": "film director",
        "country": "United States",
        "colour": (90, 70, 120),
        "bio": "Director of *Edge of Tomorrow*, attached to direct Tom Cruise's space film.",
        "tags": [],
    },
    {
        "slug": "christopher-mcquarrie",
        "name": "Christopher McQuarrie",
        "description": "writer and director",
        "country": "United States",
        "colour": (100, 80, 60),
        "bio": "Cruise's collaborator on the *Mission: Impossible* series, named in 2020 among "
        "the people Cruise was teaming up with on the space film; no role on it was given.",
        "tags": [],
    },
    {
        "slug": "elon-musk",
        "name": "Elon Musk",
        "description": "founder of SpaceX",
        "country": "United States",
        "colour": (60, 60, 70),
        "bio": "Head of SpaceX, the company named as a partner in the Cruise project.",
        "tags": ["spacex"],
    },
    {
        "slug": "jim-bridenstine",
        "name": "Jim Bridenstine",
        "description": "NASA administrator (2018–2021)",
        "country": "United States",
        "colour": (40, 80, 110),
        "bio": "As NASA's administrator he welcomed the Cruise film publicly in 2020, saying "
        "popular media could inspire a new generation of engineers and scientists.",
        "tags": ["nasa"],
    },
    {
        "slug": "klim-shipenko",
        "name": "Klim Shipenko",
        "native_name": "Клим Шипенко",
        "aliases": "Shepenko\nKlim Shepenko",
        "description": "film director",
        "country": "Russia",
        "colour": (120, 50, 50),
        "bio": "Director of *Challenge*. He trained alongside Yulia Peresild and flew with her "
        "to the International Space Station in October 2021, where he filmed for twelve days. "
        "Some early reports spelled his name Shepenko.",
        "tags": ["challenge"],
    },
    {
        "slug": "yulia-peresild",
        "name": "Yulia Peresild",
        "native_name": "Юлия Пересильд",
        "aliases": "Julia Peresild",
        "description": "actress",
        "country": "Russia",
        "colour": (140, 60, 90),
        "bio": "Russian actress chosen through an open casting call to star in *Challenge*, "
        "and the first actress to shoot a feature film in orbit.",
        "tags": ["challenge", "casting"],
    },
    {
        "slug": "konstantin-ernst",
        "name": "Konstantin Ernst",
        "native_name": "Константин Эрнст",
        "description": "head of Channel One",
        "country": "Russia",
        "colour": (80, 60, 100),
        "bio": "Head of Russia's Channel One and a producer of *Challenge*. He described the "
        "film as the story of someone with no link to spaceflight who ends up in orbit.",
        "tags": ["channel-one"],
    },
    {
        "slug": "anton-shkaplerov",
        "name": "Anton Shkaplerov",
        "native_name": "Антон Шкаплеров",
        "description": "cosmonaut",
        "country": "Russia",
        "colour": (50, 90, 90),
        "bio": "Roscosmos cosmonaut who commanded Soyuz MS-19, the flight that carried the "
        "*Challenge* film-makers to the International Space Station.",
        "tags": ["roscosmos", "soyuz"],
    },
]

PROJECTS = [
    {
        "slug": "challenge",
        "title": "Challenge",
        "native_title": "Вызов",
        "aliases": "Vyzov\nThe Challenge",
        "status": "released",
        "country": "Russia",
        "colour": (120, 20, 30),
        "logline": "A surgeon with no link to spaceflight is sent to the International Space "
        "Station to save a cosmonaut's life.",
        "synopsis": "The first feature film with scenes shot in orbit by a professional actor "
        "and director. Roscosmos and Channel One chose Yulia Peresild through an open casting "
        "call; she and director Klim Shipenko trained from June 2021, flew to the ISS on "
        "Soyuz MS-19 on 5 October 2021 and returned on 17 October 2021.",
        "backers": ["roscosmos", "channel-one"],
        "tags": ["challenge", "roscosmos", "iss"],
        "credits": [
            ("klim-shipenko", "director", "", 1),
            ("yulia-peresild", "actor", "", 2),
            ("anton-shkaplerov", "cosmonaut", "", 3),
            ("konstantin-ernst", "producer", "", 4),
        ],
    },
    {
        "slug": "tom-cruise-space-film",
        "title": "Tom Cruise space film",
        "aliases": "Untitled Tom Cruise space project",
        "status": "in_development",
        "country": "United States",
        "colour": (20, 40, 110),
        "logline": "An action film with scenes to be shot aboard the International Space "
        "Station, announced in 2020 and still without a title.",
        "synopsis": "Announced in 2020 with Tom Cruise, director Doug Liman, Christopher "
        "McQuarrie, SpaceX and NASA. A launch to the ISS was reported for 1 October 2021; "
        "it did not happen, and no new date has been confirmed.",
        "backers": ["nasa", "spacex"],
        "tags": ["tom-cruise", "nasa", "spacex", "iss"],
        "credits": [
            ("tom-cruise", "actor", "", 1),
            ("doug-liman", "director", "", 2),
            ("elon-musk", "partner", "", 3),
        ],
    },
]

RIVALS = ("challenge", "tom-cruise-space-film")

# Tags as the newsroom writes them, where its own rows show the form (the organisations,
# people and productions above, "Soyuz MS-19" in the articles); the rest are plain words,
# written as their slugs.
TAG_NAMES = {
    "challenge": "Challenge",
    "channel-one": "Channel One",
    "iss": "ISS",
    "nasa": "NASA",
    "roscosmos": "Roscosmos",
    "soyuz": "Soyuz",
    "spacex": "SpaceX",
    "tom-cruise": "Tom Cruise",
}


def tag_names(slugs):
    """The names of the demo's tags `slugs`, as written."""
    return [TAG_NAMES.get(slug, slug) for slug in slugs]


ARTICLES = [
    {
        "slug": "tom-cruise-nasa-film-space-station",
        "headline": "Tom Cruise and NASA plan a film aboard the space station",
        "standfirst": "NASA says it is working with the actor and SpaceX on a feature film "
        "to be shot in orbit.",
        "published_at": "2020-05-06T09:00:00Z",
        "authors": ["space-cinema-desk"],
        "body": """NASA has confirmed that it is working with Tom Cruise on a film that would be shot aboard the International Space Station.

The agency's administrator, Jim Bridenstine, welcomed the project on social media, arguing that popular films can draw a new generation into engineering and science. SpaceX, Elon Musk's rocket company, is named as a partner.

## What we know

- The film would be the first narrative feature shot in orbit.
- It is described as an action film rather than a documentary.
- No title, release date or flight date has been announced.""",
        "people": ["tom-cruise", "jim-bridenstine", "elon-musk"],
        "organisations": ["nasa", "spacex"],
        "projects": ["tom-cruise-space-film"],
        "tags": ["nasa", "spacex", "iss", "tom-cruise", "announcement"],
        "image": {"label": "Announced: a film in orbit"},
        "sources": [],
    },
    {
        "slug": "roscosmos-casts-yulia-peresild-challenge",
        "headline": "Roscosmos picks Yulia Peresild to star in Challenge",
        "standfirst": "An open casting call ends with an actress and a director chosen to "
        "fly to the space station.",
        "published_at": "2021-05-14T10:30:00Z",
        "authors": ["dana-whitfield"],
        "body": """Russia's space agency has named the crew of *Challenge*, a film it plans to shoot in orbit: the actress Yulia Peresild and the director Klim Shipenko.

Peresild was chosen after an open call for applicants. The requirements were strict, covering weight, height and fitness: candidates had to run a kilometre, swim 800 metres and dive from a springboard within set limits.

Both have passed medical and creative selection, Roscosmos said. Channel One is making the film with the agency.""",
        "people": ["yulia-peresild", "klim-shipenko"],
        "organisations": ["roscosmos", "channel-one", "bbc-news"],
        "projects": ["challenge"],
        "tags": ["roscosmos", "casting", "challenge"],
        "image": {"label": "Casting: Challenge"},
        # Published before the seed that cites the report, so no date to give.
        "sources": [("BBC News", None)],
    },
    {
        "slug": "space-race-first-film-in-orbit",
        "headline": "The new space race is a race to film first",
        "standfirst": "Russia's Challenge and Tom Cruise's NASA-backed project both want to be "
        "the first feature shot above the Earth.",
        "published_at": "2021-05-17T08:00:00Z",
        "authors": ["dana-whitfield", "space-cinema-desk"],
        "body": """The contest between Russia and the United States in space has found a new prize: the first feature film shot in orbit.

In 2020 Tom Cruise was announced as working with the director Doug Liman, his *Mission: Impossible* collaborator Christopher McQuarrie, Elon Musk's SpaceX and NASA on a film to be made aboard the International Space Station. Little has been heard of it since, and the pandemic has delayed much of Cruise's work.

Roscosmos has now announced its own crew for *Challenge*: the director Klim Shipenko and the actress Yulia Peresild, picked after an open casting call. Their specialised training is due to start on 1 June, with centrifuge and vibration-stand tests, flights on a zero-gravity aircraft and parachute jumps.

The plot is largely under wraps. Konstantin Ernst, head of Channel One, has described it as the story of someone with no connection to spaceflight who ends up in orbit within a month, and said little more.

Reports say Cruise and Liman are due to fly to the ISS on 1 October this year. The Russian side has given no date for filming or release. Cruise's film is expected to include action sequences aboard the station; *Challenge* is described as a drama. The American script is still being written and the film has no title yet.""",
        "people": [
            "tom-cruise",
            "doug-liman",
            "christopher-mcquarrie",
            "elon-musk",
            "jim-bridenstine",
            "klim-shipenko",
            "yulia-peresild",
            "konstantin-ernst",
        ],
        "organisations": ["roscosmos", "nasa", "spacex", "channel-one", "bbc-news", "nbc-news"],
        "projects": ["challenge", "tom-cruise-space-film"],
        "tags": ["space-race", "iss", "roscosmos", "nasa", "spacex", "casting", "training"],
        "image": {
            "label": "The race to film in orbit",
            "caption": "Both productions want to be first to shoot a feature aboard the ISS.",
        },
        # The seed names these reports but gives no titles, addresses or dates of their own.
        "sources": [("BBC News", SEED_DATE), ("NBC News", SEED_DATE)],
        "corrections": [
            (
                "2021-05-18T12:00:00Z",
                "An earlier version of this article spelled the director's surname "
                "\u201cShepenko\u201d. He is Klim Shipenko.",
            )
        ],
    },
    {
        # The article above in Russian, for the newsroom's Russian readers: the same facts,
        # shorter. Untagged, so related articles stay in English.
        "slug": "kosmicheskaya-gonka-za-pervyj-film",
        "language": "ru",
        "translation_of": "space-race-first-film-in-orbit",
        "headline": "Новая космическая гонка — это гонка за первый фильм на орбите",
        "standfirst": "Российский «Вызов» и проект Тома Круза при поддержке NASA хотят стать "
        "первым художественным фильмом, снятым над Землёй.",
        "published_at": "2021-05-17T12:00:00Z",
        "authors": ["space-cinema-desk"],
        "body": """Соперничество России и США в космосе нашло новую цель: первый художественный фильм, снятый на орбите. В 2020 году стало известно, что Том Круз вместе с режиссёром Дагом Лайманом, своим соавтором по фильмам «Миссия невыполнима» Кристофером Маккуорри, компанией SpaceX Илона Маска и NASA собирается снимать фильм на борту Международной космической станции. С тех пор о проекте почти ничего не слышно: пандемия задержала многие работы Круза.

Роскосмос тем временем объявил состав съёмочной группы фильма «Вызов»: режиссёр Клим Шипенко и актриса Юлия Пересильд, выбранная по итогам открытого кастинга. Специальная подготовка начнётся 1 июня: испытания на центрифуге и вибростенде, полёты в невесомости на самолёте-лаборатории и парашютные прыжки.

Сюжет держится в секрете. Глава Первого канала Константин Эрнст описал его как историю человека, никак не связанного с космонавтикой, который через месяц оказывается на орбите. Круз и Лайман, по сообщениям, должны полететь на МКС 1 октября этого года; российская сторона сроков съёмок и выхода фильма не называет.""",
        "people": [
            "tom-cruise",
            "doug-liman",
            "christopher-mcquarrie",
            "elon-musk",
            "klim-shipenko",
            "yulia-peresild",
            "konstantin-ernst",
        ],
        "organisations": ["roscosmos", "nasa", "spacex", "channel-one", "bbc-news", "nbc-news"],
        "projects": ["challenge", "tom-cruise-space-film"],
        "tags": [],
        # The original's picture: its lettering is the English title.
        "image": {
            "label": "The race to film in orbit",
            "caption": "Обе съёмочные группы хотят первыми снять художественный фильм на МКС.",
            "alt": "Иллюстрация: надпись «The race to film in orbit» над изгибом Земли",
        },
        "sources": [("BBC News", SEED_DATE), ("NBC News", SEED_DATE)],
    },
    {
        "slug": "challenge-crew-begins-training",
        "headline": "Challenge crew starts training: centrifuge, zero gravity and parachutes",
        "standfirst": "Yulia Peresild and Klim Shipenko begin four months of preparation for "
        "their flight to the ISS.",
        "published_at": "2021-06-01T11:00:00Z",
        "authors": ["space-cinema-desk"],
        "body": """Training for *Challenge* began on 1 June, as Roscosmos had planned.

The programme for Yulia Peresild and Klim Shipenko includes centrifuge runs, tests on a vibration stand, introductory flights on an aircraft that simulates weightlessness and parachute training.

Neither has flown before. They will be accompanied on the flight by a professional cosmonaut.""",
        "people": ["yulia-peresild", "klim-shipenko"],
        "organisations": ["roscosmos"],
        "projects": ["challenge"],
        "tags": ["training", "roscosmos", "challenge"],
        "image": {"label": "Training begins"},
        "sources": [],
    },
    {
        "slug": "cruise-project-misses-october-launch",
        "headline": "Tom Cruise's space film misses its reported October launch",
        "standfirst": "The 1 October date for a flight to the space station passes with no "
        "launch and no new date.",
        "published_at": "2021-10-02T09:00:00Z",
        "authors": ["dana-whitfield"],
        "body": """Reports in the spring said Tom Cruise and Doug Liman would fly to the International Space Station on 1 October. That day has come and gone without a launch.

Neither NASA nor SpaceX has announced a new date, and the film still has no public title. Meanwhile the Russian crew of *Challenge* is days away from its own flight.""",
        "people": ["tom-cruise", "doug-liman"],
        "organisations": ["nasa", "spacex"],
        "projects": ["tom-cruise-space-film", "challenge"],
        "tags": ["delay", "nasa", "spacex", "tom-cruise"],
        "image": {"label": "No launch on 1 October"},
        "sources": [],
    },
    {
        "slug": "challenge-crew-launches-soyuz-ms-19",
        "headline": "Challenge film crew launches to the ISS on Soyuz MS-19",
        "standfirst": "Yulia Peresild and Klim Shipenko lift off with commander Anton "
        "Shkaplerov to shoot scenes in orbit.",
        "published_at": "2021-10-05T12:00:00Z",
        "authors": ["space-cinema-desk"],
        "body": """The crew of *Challenge* is on its way to the International Space Station. Soyuz MS-19 launched on 5 October with the actress Yulia Peresild, the director Klim Shipenko and the cosmonaut Anton Shkaplerov in command.

The plan is to film for about twelve days aboard the station before the two film-makers return to Earth. It makes Russia's production the first to send a professional actor and director to orbit to shoot a feature.""",
        "people": ["yulia-peresild", "klim-shipenko", "anton-shkaplerov"],
        "organisations": ["roscosmos", "channel-one"],
        "projects": ["challenge"],
        "tags": ["launch", "soyuz", "iss", "roscosmos", "challenge"],
        "image": {"label": "Launch: Soyuz MS-19"},
        "sources": [],
    },
    {
        "slug": "challenge-crew-lands-soyuz-ms-18",
        "headline": "Peresild and Shipenko land after twelve days filming in orbit",
        "standfirst": "The Challenge film-makers return aboard Soyuz MS-18 with their space "
        "scenes shot.",
        "published_at": "2021-10-17T07:30:00Z",
        "authors": ["dana-whitfield"],
        "body": """Yulia Peresild and Klim Shipenko are back on Earth. They landed on 17 October aboard Soyuz MS-18 after twelve days on the International Space Station.

Their footage is the first shot in orbit for a feature film by a professional cast and crew. Work now moves to the ground for the rest of *Challenge*.""",
        "people": ["yulia-peresild", "klim-shipenko"],
        "organisations": ["roscosmos"],
        "projects": ["challenge"],
        "tags": ["landing", "soyuz", "roscosmos", "challenge"],
        "image": {"label": "Landing: Soyuz MS-18"},
        "sources": [],
    },
    {
        "slug": "challenge-premieres-in-russia",
        "headline": "Challenge, the first feature shot in orbit, opens in Russian cinemas",
        "standfirst": "Eighteen months after its crew came home, Russia's space film reaches "
        "the big screen.",
        "published_at": "2023-04-20T09:00:00Z",
        "authors": ["space-cinema-desk"],
        "body": """*Challenge* opened in Russian cinemas on 20 April 2023, the first feature film with scenes shot in orbit by a professional actress and director.

Yulia Peresild plays a surgeon sent to the International Space Station to save a cosmonaut. The Tom Cruise project announced with NASA and SpaceX in 2020 has still not flown.""",
        "people": ["yulia-peresild", "klim-shipenko", "tom-cruise"],
        "organisations": ["roscosmos", "channel-one", "nasa", "spacex"],
        "projects": ["challenge", "tom-cruise-space-film"],
        "tags": ["premiere", "challenge", "space-race"],
        "image": {"label": "Premiere: Challenge"},
        "sources": [],
    },
    {
        "slug": "what-next-for-cruise-space-film",
        "headline": "What next for Tom Cruise's space film?",
        "standfirst": "A draft the desk is still reporting: what is known, and what is not.",
        "status": "draft",
        "published_at": None,
        "authors": ["dana-whitfield"],
        "body": "Notes for the desk: confirm with NASA and SpaceX before publishing.",
        "people": ["tom-cruise"],
        "organisations": ["nasa", "spacex"],
        "projects": ["tom-cruise-space-film"],
        "tags": ["tom-cruise"],
        "image": None,
        "sources": [],
    },
]

MILESTONES = [
    {
        "project": "tom-cruise-space-film",
        "title": "Film with NASA announced",
        "kind": "announcement",
        "happened_on": date(2020, 5, 5),
        "status": "happened",
        "claimed_by": "jim-bridenstine",
        "source": "tom-cruise-nasa-film-space-station",
    },
    {
        "project": "tom-cruise-space-film",
        "title": "Launch to the ISS",
        "kind": "launch",
        "planned_for": date(2021, 10, 1),
        "status": "slipped",
        "source": "space-race-first-film-in-orbit",
        "note": "Reported in May 2021; the date passed with no launch and no new date.",
    },
    {
        "project": "challenge",
        "title": "Crew announced after open casting",
        "kind": "casting",
        "happened_on": date(2021, 5, 13),
        "status": "happened",
        "source": "roscosmos-casts-yulia-peresild-challenge",
    },
    {
        "project": "challenge",
        "title": "Training begins",
        "kind": "training",
        "planned_for": date(2021, 6, 1),
        "happened_on": date(2021, 6, 1),
        "status": "happened",
        "source": "challenge-crew-begins-training",
    },
    {
        "project": "challenge",
        "title": "Launch on Soyuz MS-19",
        "kind": "launch",
        "planned_for": date(2021, 10, 5),
        "happened_on": date(2021, 10, 5),
        "status": "happened",
        "source": "challenge-crew-launches-soyuz-ms-19",
    },
    {
        "project": "challenge",
        "title": "Twelve days of filming on the ISS",
        "kind": "filming",
        "happened_on": date(2021, 10, 6),
        "status": "happened",
    },
    {
        "project": "challenge",
        "title": "Landing on Soyuz MS-18",
        "kind": "landing",
        "planned_for": date(2021, 10, 17),
        "happened_on": date(2021, 10, 17),
        "status": "happened",
        "source": "challenge-crew-lands-soyuz-ms-18",
    },
    {
        "project": "challenge",
        "title": "Premiere in Russia",
        "kind": "premiere",
        "happened_on": date(2023, 4, 20),
        "status": "happened",
        "source": "challenge-premieres-in-russia",
    },
]
