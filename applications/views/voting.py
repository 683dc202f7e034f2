"""The ministry's and the board's voting room: my votes, the case summary, recusal and the vote."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.forms.voting import RecusalForm, VoteForm
from applications.models import Interview, Recusal, Vote, VotingRound
from applications.selectors.access import application_for_user, applications_visible_to, documents_for_user, is_recused
from applications.selectors.criteria import actor_statistics, evaluate
from applications.selectors.tally import tally
from applications.services import voting
from gocluster.documents.models import DocumentKind
from gocluster.documents.services import documents_of
from gocluster.downloads import private_file_response
from gocluster.errors import Refusal
from gocluster.pagination import paginate
from members.decorators import role_required
from members.enums import Role

VOTERS = (Role.MINISTRY, Role.BOARD)


@role_required(*VOTERS)
def dashboard(request):
    """Open rounds with their deadline and whether I have voted; closed rounds with the result."""
    rounds = (VotingRound.objects.filter(application__in=applications_visible_to(request.user))
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
    context = {"application": application, "errors": list(errors)}
    if is_recused(application, request.user):
        context["recused"] = True
        return context
    voting_round = application.voting_rounds.order_by("-opened_at").first()
    actors = list(application.actors.all())
    my_vote = voting_round.votes.filter(voter=request.user).first() if voting_round else None
    initial = {"choice": my_vote.choice, "reason": my_vote.reason} if my_vote else None
    context.update({
        "dossier": documents_of(application, DocumentKind.DOSSIER).order_by("-version").first(),
        "cluster": application.cluster,
        "round": voting_round,
        "my_vote": my_vote,
        "statistics": actor_statistics(actors),
        "criteria_results": evaluate(application, actors=actors),
        "interview": Interview.objects.filter(application=application)
        .prefetch_related("assessments__criterion").first(),
        "vote_form": vote_form or VoteForm(initial=initial),
        "recusal_form": recusal_form or RecusalForm(prefix="recusal"),
        "summary_form": recusal_form or vote_form,
        # Other members' votes stay hidden until the round closes.
        "result": tally(voting_round) if voting_round and not voting_round.is_open else None,
        "votes": (voting_round.votes.select_related("voter").order_by("body", "voter__full_name")
                  if voting_round and not voting_round.is_open else []),
    })
    return context


@role_required(*VOTERS)
def case(request, pk):
    application = application_for_user(pk, request.user)
    return render(request, "applications/voting/case.html", _context(request, application))


@role_required(*VOTERS)
def strategy_document(request, pk):
    application = documents_for_user(pk, request.user)
    if not application.strategy_document:
        raise Http404
    return private_file_response(application.strategy_document, content_type="application/pdf",
                                 filename=f"{application.case_number}-strategiedokument.pdf")


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
