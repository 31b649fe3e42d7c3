"""Documents of drafts another unit is still writing stay out of the admin's document chooser.

Wagtail lists every document of a collection to whoever may choose documents there; editors, trainers and
commune staff all may, in the root collection. A draft's attachments and recordings become public when it is
published; until then only the units that may see the draft are offered them (their titles name it).
"""

from django.db.models import Q

from policies.models import AudienceVersion, DraftAttachment, DraftPage


def hidden_draft_documents(user):
    """Ids of documents that only drafts `user` may not see (another unit's, unpublished) refer to."""
    seen = DraftPage.objects.for_user(user).values("pk")
    hidden = DraftPage.objects.exclude(Q(pk__in=seen) | Q(live=True)).values("pk")
    shown = DraftPage.objects.exclude(pk__in=hidden).values("pk")

    def referred(drafts):
        return (
            set(DraftAttachment.objects.filter(page__in=drafts).values_list("document", flat=True))
            | set(DraftPage.objects.filter(pk__in=drafts).values_list("loudspeaker_audio", flat=True))
            | set(AudienceVersion.objects.filter(page__in=drafts).values_list("loudspeaker_audio", flat=True))
        ) - {None}

    return referred(hidden) - referred(shown)


def hide_draft_documents_in_chooser(documents, request):
    """Wagtail's `construct_document_chooser_queryset` hook."""
    # A list, not a subquery: the search backend filters the chooser's queryset by indexed fields only.
    return documents.exclude(id__in=list(hidden_draft_documents(request.user)))
