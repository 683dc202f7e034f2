"""The ministry's and the board's voting room: my votes, the case summary, recusal and the vote."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.forms.voting import RecusalForm, VoteForm
from applications.models import Recusal, Vote
from applications.selectors.access import application_for_user, documents_for_user, rounds_of_voter
from applications.selectors.case_page import voting_room
from applications.services import voting
from gocluster.errors import Refusal
from gocluster.pagination import paginate
from members.decorators import role_required
from members.enums import Role

VOTERS = (Role.MINISTRY, Role.BOARD)


@role_required(*VOTERS)
def dashboard(request):
    """Open rounds with their deadline and whether I have voted; closed rounds with the result (the rounds I
    was seated for, closed ones for a limited time)."""
    rounds = (rounds_of_voter(request.user)
              .select_related("application__cluster")
              .annotate(my_vote=Exists(Vote.objects.filter(round=OuterRef("pk"), voter=request.user)),
                        recused=Exists(Recusal.objects.filter(application=OuterRef("application"),
                                                              user=request.user))))
    open_rounds = rounds.filter(closed_at__isnull=True).order_by("deadline")
    closed = paginate(request, rounds.filter(closed_at__isnull=False).order_by("-closed_at"), 25)
    return render(request, "applications/voting/dashboard.html", {
        "open_rounds": open_rounds, "closed_page": closed,
    })


def _context(request, application, *, vote_form=None, recusal_form=None, errors=()):
    """The voting room's read-model plus the vote and recusal forms."""
    context = {**voting_room(application, request.user), "errors": list(errors)}
    if context.get("recused"):
        return context
    my_vote = context["my_vote"]
    initial = {"choice": my_vote.choice, "reason": my_vote.reason} if my_vote else None
    return {
        **context,
        "vote_form": vote_form or VoteForm(initial=initial),
        "recusal_form": recusal_form or RecusalForm(prefix="recusal"),
        "summary_form": recusal_form or vote_form,
    }


@role_required(*VOTERS)
def case(request, pk):
    application = application_for_user(pk, request.user)
    return render(request, "applications/voting/case.html", _context(request, application))


@role_required(*VOTERS)
@require_POST
def recuse(request, pk):
    application = documents_for_user(pk, request.user)
    form = RecusalForm(request.POST, prefix="recusal")
    errors = []
    if form.is_valid():
        try:
            voting.recusal_declare(application=application, by=request.user, reason=form.cleaned_data["reason"])
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("Ihre Befangenheit ist vermerkt. Sie stimmen über diesen Antrag nicht ab."))
            return redirect("voting:case", pk=application.pk)
    return render(request, "applications/voting/case.html",
                  _context(request, application, recusal_form=form, errors=errors))


@role_required(*VOTERS)
@require_POST
def vote(request, pk):
    # The access check comes first: a recused member gets a 404, not a password prompt.
    application = documents_for_user(pk, request.user)
    return _store_vote(request, application)


@reauthentication_required
def _store_vote(request, application):
    form = VoteForm(request.POST)
    errors = []
    if form.is_valid():
        try:
            voting.vote_cast(application=application, voter=request.user, choice=form.cleaned_data["choice"],
                               reason=form.cleaned_data["reason"])
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("Ihre Stimme ist gespeichert. Sie können sie bis zum Ende der "
                                        "Abstimmung ändern."))
            return redirect("voting:case", pk=application.pk)
    return render(request, "applications/voting/case.html",
                  _context(request, application, vote_form=form, errors=errors))
