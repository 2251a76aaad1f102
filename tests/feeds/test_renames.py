"""A rename of a room, building or organisation changes what the feeds say (LOCATION, CATEGORIES,
DESCRIPTION, the feed's name): the next conditional GET is a 200 with the new name, not a 304."""
from __future__ import annotations

from datetime import timedelta

import pytest

from booking.admin.buildings import BuildingValues, described as building_described, save_building
from booking.admin.organisations import organisation_values, save_organisation
from booking.extensions import db
from booking.models import Role, User
from booking.rooms.editing import update_room

from fixtures.clock import NOW

from .conftest import PASSWORD, ctx, feed_url


@pytest.fixture
def admin(site) -> User:
    user = User(email="beheer@kiekmure.example", name="Beheer", role=Role.ADMIN)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def rename_room(admin, site):
    update_room(ctx(admin, NOW + timedelta(hours=1)), site.zaal.id, name="Grote zaal")


def rename_building(admin, site):
    old = building_described(site.building)
    save_building(ctx(admin, NOW + timedelta(hours=1)), site.building.id, BuildingValues(
        name=old["name"], address="Stationsplein 9, Harderwijk", timezone=old["timezone"],
        hours={int(d): tuple(h) for d, h in old["hours"].items()}))


def rename_organisation(admin, site):
    save_organisation(ctx(admin, NOW + timedelta(hours=1)), site.welzijn.id,
                      organisation_values(site.welzijn, name="Welzijn Noord-Veluwe"))


@pytest.mark.parametrize("rename, kind, old, new", [
    (rename_room, "room", "LOCATION:Vergaderzaal\\, De Kiekmure", "LOCATION:Grote zaal\\, De Kiekmure"),
    (rename_building, "organisation", "Stadsdennen 1\\, Harderwijk", "Stationsplein 9\\, Harderwijk"),
    (rename_organisation, "room", "CATEGORIES:Welzijn Harderwijk", "CATEGORIES:Welzijn Noord-Veluwe"),
    (rename_organisation, "organisation", "DESCRIPTION:Welzijn Harderwijk", "DESCRIPTION:Welzijn Noord-Veluwe"),
])
def test_a_rename_makes_the_next_conditional_get_a_200_with_the_new_name(client, site, story, admin, rename, kind,
                                                                         old, new):
    url = feed_url(site.anne, kind, site.zaal)
    first = client.get(url)
    text = first.get_data(as_text=True)
    assert old in text and new not in text
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    rename(admin, site)
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    body = again.get_data(as_text=True)
    assert new in body and old not in body
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 200
    assert client.get(url, headers={"If-None-Match": again.headers["ETag"]}).status_code == 304


def test_a_save_that_changes_nothing_keeps_the_304(client, site, story, admin):
    url = feed_url(site.anne, "room", site.zaal)
    etag = client.get(url).headers["ETag"]
    save_organisation(ctx(admin, NOW + timedelta(hours=1)), site.welzijn.id, organisation_values(site.welzijn))
    update_room(ctx(admin, NOW + timedelta(hours=1)), site.zaal.id, name="Vergaderzaal")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
