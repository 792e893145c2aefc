"""The region's consultation on the partnership's five themes, with synthetic answers.

Answers are put together from short hand-written phrases (a reason, a detail, a wish) with
slips and varied lengths, so the analysis pages have a few thousand different answers to work
on. No real person: the few names and numbers in them are made up, and are taken out by the
redaction like any other.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.consultations import services
from harbour.consultations.models import AboutYou, Audience, QuestionKind, Route
from harbour.consultations.results import results_publish
from harbour.core.seeding import DemoContext

TOPICS = [
    "Which organisations and services exist and how they work together",
    "Service users' experiences and the information they receive",
    "Funding and commissioning",
    "Education and prevention",
    "Awareness raising and campaigns",
]

# Phrases for each topic: openings, details and wishes, combined at random.
PHRASES = {
    0: (
        [
            "Agencies don't talk to each other",
            "I had to repeat my story to every service",
            "Nobody knew which service was doing what",
            "The police and the council never shared anything",
            "I was passed from one team to another",
            "Referrals got lost between services",
        ],
        [
            "and I gave up in the end",
            "so it took months to get help",
            "which was exhausting",
            "even though they all knew me",
            "and my case was closed twice by mistake",
        ],
        [
            "one named worker would help",
            "they should share one record",
            "a single front door would make sense",
            "services need to meet regularly",
            "",
        ],
    ),
    1: (
        [
            "The IDVA was brilliant",
            "Nobody explained what would happen next",
            "The leaflets were only in English",
            "I didn't know I could get help without going to the police",
            "The officer who came was kind",
            "I was never told about the outcome of my case",
        ],
        [
            "and kept in touch every week",
            "and I felt left in the dark",
            "so my mum couldn't read them",
            "until a friend told me",
            "after I rang three times",
        ],
        [
            "information in other languages please",
            "keep people updated",
            "text updates would help",
            "explain the court process properly",
            "",
        ],
    ),
    2: (
        [
            "Funding is always short term",
            "Our contract ends every March",
            "Commissioning takes too long",
            "Small charities can't compete for big contracts",
            "Money goes to the big providers",
            "Staff leave because posts are only funded for a year",
        ],
        [
            "so we lose good staff",
            "and the waiting list grows",
            "and the paperwork takes weeks",
            "which makes planning impossible",
            "even though the need keeps rising",
        ],
        [
            "fund for three years at least",
            "ring-fence money for specialist services",
            "make bids simpler for small groups",
            "fund by and for services",
            "",
        ],
    ),
    3: (
        [
            "Schools should teach about healthy relationships",
            "My son learnt nothing about consent at school",
            "Teachers need training to spot the signs",
            "Prevention work with young people was cut",
            "Primary schools should start early",
            "Youth clubs used to run sessions on respect",
        ],
        [
            "because that's where it starts",
            "and the signs were all there",
            "before it is too late",
            "and nobody replaced them",
            "for boys as much as girls",
        ],
        [
            "bring back the sessions",
            "train every teacher",
            "work with parents too",
            "start in year six",
            "",
        ],
    ),
    4: (
        [
            "The bus adverts were good",
            "I never saw any campaign",
            "Campaigns should be on social media",
            "Posters in GP surgeries helped me",
            "The awareness week was too short",
            "Adverts should show what coercive control looks like",
        ],
        [
            "and I rang the number",
            "in my area at all",
            "where young people actually look",
            "because I saw it while waiting",
            "and nobody heard about it",
        ],
        [
            "more campaigns in community languages",
            "run them all year",
            "use real stories",
            "put the helpline number everywhere",
            "",
        ],
    ),
}
EXTRAS = [
    "",
    "",
    "",
    "",
    "My worker Fiona helped.",
    "You can call me on 07700 900123.",
    "email me at demo.answer@example.com",
    "I live near L8 1AB.",
]


def _answer(rng, topic: int, second: int | None) -> str:
    openings, details, wishes = PHRASES[topic]
    parts = [rng.choice(openings)]
    if rng.random() < 0.7:
        parts.append(rng.choice(details))
    text = " ".join(parts) + "."
    wish = rng.choice(wishes)
    if wish:
        text += " " + wish[0].upper() + wish[1:] + "."
    if second is not None:
        text += " " + rng.choice(PHRASES[second][0]) + "."
    extra = rng.choice(EXTRAS)
    if extra:
        text += " " + extra
    if rng.random() < 0.15:  # a slip
        position = rng.randrange(1, len(text) - 1)
        text = text[:position] + text[position + 1 :]
    return text if rng.random() > 0.2 else text.lower()


def seed(ctx: DemoContext, *, answers: int = 2000) -> None:
    rng = ctx.rng
    analyst = ctx.shared["users"]["analyst"]
    today = timezone.localdate()
    consultation = services.consultation_create(
        by=analyst,
        title="Ending violence against women and girls: have your say",
        introduction=(
            "The partnership wants to hear from victims and survivors, from agencies and from "
            "everyone in the region about services, funding, prevention and campaigns."
        ),
        audiences=[Audience.SURVIVORS, Audience.PROFESSIONALS, Audience.PUBLIC],
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=60),
        topics=TOPICS,
    )
    topics = list(consultation.topics.all())
    areas = sorted(ctx.shared.get("areas", {})) or ["Liverpool", "Knowsley", "Sefton"]
    used = services.question_add(
        consultation=consultation,
        by=analyst,
        kind=QuestionKind.SINGLE,
        topic=topics[1],
        text="Have you used a support service in the last two years?",
        choices=["Yes", "No", "Not sure"],
    )
    rating = services.question_add(
        consultation=consultation,
        by=analyst,
        kind=QuestionKind.RATING,
        topic=topics[0],
        text="How well do services work together?",
        scale_points=5,
        scale_low_label="Very badly",
        scale_high_label="Very well",
    )
    heard = services.question_add(
        consultation=consultation,
        by=analyst,
        kind=QuestionKind.MULTIPLE,
        topic=topics[4],
        text="Where have you seen information about support?",
        choices=["Posters", "Social media", "Buses", "GP surgery", "School", "Nowhere"],
    )
    free = services.question_add(
        consultation=consultation,
        by=analyst,
        kind=QuestionKind.TEXT,
        topic=topics[1],
        text="What would make the biggest difference?",
        required=True,
    )
    about = {
        kind: services.question_add(
            consultation=consultation,
            by=analyst,
            kind=QuestionKind.SINGLE,
            text=text,
            about_you=kind,
            areas=areas,
        )
        for kind, text in (
            (AboutYou.AREA, "Where do you live?"),
            (AboutYou.AGE_BAND, "How old are you?"),
        )
    }
    audiences = [Audience.SURVIVORS] * 5 + [Audience.PUBLIC] * 4 + [Audience.PROFESSIONALS]
    for _ in range(answers):
        topic = rng.randrange(5)
        second = rng.randrange(5) if rng.random() < 0.2 else None
        if second == topic:
            second = None
        values = {
            free: _answer(rng, topic, second),
            used: rng.choice(used.choices),
            rating: rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]),
            heard: rng.sample(heard.choices[:-1], rng.randint(1, 3)),
            about[AboutYou.AREA]: rng.choice(about[AboutYou.AREA].choices),
            about[AboutYou.AGE_BAND]: rng.choice(about[AboutYou.AGE_BAND].choices),
        }
        services.response_submit(
            consultation=consultation,
            audience=rng.choice(audiences),
            route=Route.PUBLIC,
            answers=values,
        )
    analysis = services.analysis_request(question=free, by=analyst)
    services.analysis_perform(analysis_id=analysis.pk)
    results_publish(consultation=consultation, by=analyst)
    ctx.shared["consultation"] = consultation
