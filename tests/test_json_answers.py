"""The app's JSON answers (orjson): the values, key order and formats of Flask's own provider."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from flask import Flask, jsonify
from markupsafe import Markup

from booking.json_answers import AnswerJSONProvider


@dataclass
class Slot:
    room: str
    people: int


def answer(debug: bool = False) -> tuple[bytes, dict]:
    app = Flask(__name__)
    app.debug = debug
    app.json = AnswerJSONProvider(app)
    value = {"zaal": "Grote zaal – één", "3": "drie", "a": [1, 2.5, None, True], "dag": date(2027, 3, 28),
             "moment": datetime(2027, 3, 28, 3, 30), "slot": Slot("Keuken", 8), "html": Markup("<b>vet</b>")}
    with app.test_request_context():
        body = jsonify(value).get_data()
        return body, json.loads(app.json.dumps(value))  # Flask's own json, as it was before


def test_the_answer_holds_what_flasks_own_provider_gave():
    body, before = answer()
    assert json.loads(body) == before
    assert before["dag"] == "Sun, 28 Mar 2027 00:00:00 GMT" and before["slot"] == {"room": "Keuken", "people": 8}


def test_keys_sorted_compact_utf8_and_one_newline():
    body, _ = answer()
    assert body.startswith(b'{"3":"drie","a":[1,2.5,null,true],"dag":')
    assert "Grote zaal – één".encode() in body and body.endswith(b"}\n") and b"\n" not in body[:-1]


def test_indented_in_debug_mode():
    body, before = answer(debug=True)
    assert body.startswith(b'{\n  "3": "drie",') and json.loads(body) == before
