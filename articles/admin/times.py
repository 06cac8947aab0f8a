from django.utils.formats import date_format
from django.utils.timezone import localtime


def desk_time(moment):
    """A moment as the desk shows it, in the desk's zone and naming it (DATETIME_FORMAT ends
    with the zone: spacecinema/formats): the desk may not share the site's zone. The zone also
    ends the phrase, so a sentence after "a.m." needs no second stop."""
    return date_format(localtime(moment), "DATETIME_FORMAT")
