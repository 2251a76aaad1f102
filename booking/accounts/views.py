"""Pages: log in, log out, password, language, invitations, the user list."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from ..bookings.forms import options
from ..domain.errors import BookingError
from ..extensions import db
from ..models import Role
from ..security.throttle import attempt_login
from ..web import now, roles_required, tr
from . import bp, queries, services
from .forms import InviteForm, LanguageForm, LoginForm, PasswordForm, RoleForm, SetPasswordForm, TokenForm
from .tokens import issue_token, revoke_token, tokens_of


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after logging in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with email and password; one message for every kind of failure.

    After too many failures for the account (or from the address) the form answers 429 with
    Retry-After and says when to try again, in the user's language (booking/security/throttle.py).
    """
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        attempt = attempt_login(db.session, form.email.data, form.password.data, request.remote_addr, now())
        if attempt.retry_after is not None:
            minutes = -(-attempt.retry_after // 60)
            flash(ngettext("Too many failed logins. Try again in %(num)s minute.",
                           "Too many failed logins. Try again in %(num)s minutes.", minutes), "error")
            resp = make_response(render_template("accounts/login.html", form=form), 429)
            resp.headers["Retry-After"] = str(attempt.retry_after)
            return resp
        if attempt.user is None:
            flash(_("Wrong email or password."), "error")
        else:
            login_user(attempt.user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Log out (a POST, so that a link elsewhere cannot log anyone out): this session ends, also
    for a copy of its cookie; the user's sessions in other browsers go on."""
    services.log_out(db.session, current_user._get_current_object(), now())
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change one's own password and language; make and revoke one's API tokens."""
    password_form = PasswordForm(prefix="pw")
    language_form = LanguageForm(prefix="lang", language=current_user.language or "nl")
    token_form = TokenForm(prefix="token")
    new_token = None
    if password_form.submit.data and password_form.validate_on_submit():
        try:
            services.change_password(db.session, current_user._get_current_object(),
                                     password_form.current_password.data, password_form.new_password.data,
                                     now())
        except BookingError as exc:
            for name, messages in exc.fields.items():
                getattr(password_form, name).errors.extend(tr(m) for m in messages)
        else:
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.account"))
    elif language_form.submit.data and language_form.validate_on_submit():
        language = language_form.language.data
        try:
            services.set_language(db.session, current_user._get_current_object(), language)
        except BookingError as exc:
            for name, messages in exc.fields.items():
                getattr(language_form, name).errors.extend(tr(m) for m in messages)
        else:
            with force_locale(language):  # said in the language just chosen
                flash(_("Your language is saved."), "success")
            return redirect(url_for("accounts.account"))
    elif token_form.submit.data and token_form.validate_on_submit():
        # Shown on this answer only, never put in the session cookie (a flash would be): no redirect.
        new_token = issue_token(db.session, current_user._get_current_object(), current_user._get_current_object(),
                                token_form.name.data, now())
        token_form = TokenForm(prefix="token", formdata=None)
    return render_template("accounts/account.html", password_form=password_form, language_form=language_form,
                           token_form=token_form, new_token=new_token,
                           tokens=tokens_of(db.session, current_user._get_current_object()))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    """Revoke one of one's own API tokens: it stops working at once."""
    if not revoke_token(db.session, current_user._get_current_object(), token_id):
        abort(404)
    flash(_("The token is revoked: it no longer works."), "success")
    return redirect(url_for("accounts.account"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Set a password with a single-use, expiring invitation link."""
    invitation = services.open_invitation(db.session, token, now())
    if invitation is None:
        return render_template("accounts/invitation_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.accept(db.session, invitation, form.new_password.data, now())
        except BookingError:  # used in another tab a moment ago
            return render_template("accounts/invitation_invalid.html"), 404
        login_user(user)
        flash(_("Welcome! Your password is set."), "success")
        return redirect(url_for("main.index"))
    return render_template("accounts/set_password.html", form=form, user=invitation.user)


def _organisation_choices() -> list:
    return options([(0, _("(none)"))] + [(o.id, o.name) for o in queries.organisations(db.session)])


@bp.route("/admin/users", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def users():
    """The user list, and the form to invite someone."""
    form = InviteForm()
    form.organisation_id.choices = _organisation_choices()
    link = None
    if form.validate_on_submit():
        org = queries.organisation(db.session, form.organisation_id.data) if form.organisation_id.data else None
        try:
            user, token = services.invite(db.session, current_user, email=form.email.data, name=form.name.data,
                                          role=Role(form.role.data), organisation=org, now=now())
        except BookingError as exc:
            for name, messages in exc.fields.items():
                getattr(form, name).errors.extend(tr(m) for m in messages)
        else:
            link = url_for("accounts.accept_invitation", token=token, _external=True)
            flash(_("Invitation made for %(email)s. Send them this link; it works once, for %(days)s days.",
                    email=user.email, days=services.INVITATION_DAYS), "success")
    return render_template("accounts/users.html", form=form, people=queries.people(db.session), link=link)


@bp.post("/admin/users/<id:user_id>/active")
@roles_required(Role.ADMIN)
def set_active(user_id: int):
    """Deactivate or reactivate a user."""
    user = queries.user(db.session, user_id) or abort(404)
    active = request.form.get("active") == "1"
    try:
        services.set_active(db.session, current_user, user, active, now())
    except BookingError as exc:
        flash(tr(exc.message), "error")
    else:
        flash(_("%(name)s can log in again.", name=user.name) if active
              else _("%(name)s can no longer log in; their API tokens stop working.", name=user.name), "success")
    return redirect(url_for("accounts.users"))


@bp.post("/admin/users/<id:user_id>/invitation")
@roles_required(Role.ADMIN)
def reinvite(user_id: int):
    """A fresh invitation link for a user."""
    user = queries.user(db.session, user_id) or abort(404)
    token = services.reissue(db.session, current_user, user, now())
    flash(_("New invitation link for %(email)s: %(link)s", email=user.email,
            link=url_for("accounts.accept_invitation", token=token, _external=True)), "success")
    return redirect(url_for("accounts.users"))


@bp.route("/admin/users/<id:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int):
    """Change a user's role and organisation."""
    user = queries.user(db.session, user_id) or abort(404)
    form = RoleForm(data=None if request.method == "POST" else {"role": user.role.value,
                                                                   "organisation_id": user.organisation_id or 0})
    form.organisation_id.choices = _organisation_choices()
    if form.validate_on_submit():
        org = queries.organisation(db.session, form.organisation_id.data) if form.organisation_id.data else None
        try:
            services.set_role(db.session, current_user, user, Role(form.role.data), org)
        except BookingError as exc:
            for name, messages in exc.fields.items():
                getattr(form, name).errors.extend(tr(m) for m in messages)
        else:
            flash(_("%(name)s is saved.", name=user.name), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user.html", form=form, user=user)
