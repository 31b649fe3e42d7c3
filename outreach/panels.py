"""Edit-form panels the outreach models need beyond Wagtail's own."""

from wagtail.admin.panels import InlinePanel, Panel


class AttendanceInlinePanel(InlinePanel):
    """The attendees' rows get the signed-in user, so each row, and the blank row "add" copies, offers
    only the roster that user may train (outreach.forms.TrainingAttendanceForm)."""

    def get_form_options(self):
        # Imported here: the forms module imports the models that declare this panel.
        from outreach.forms import TrainingAttendanceForm

        options = super().get_form_options()
        options["formsets"][self.relation_name].update(form=TrainingAttendanceForm, inherit_kwargs=["for_user"])
        return options


class LinkedActivitiesPanel(Panel):
    """A good practice's linked activities: their figures and a link to the page that links them.

    The links are made on their own page (outreach.recognition_views): a form field over every activity
    record would not load at a province's size.
    """

    @property
    def clean_name(self):
        return super().clean_name or "linked_activities"

    class BoundPanel(Panel.BoundPanel):
        template_name = "outreach/panels/linked_activities.html"

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            context = super().get_context_data(parent_context)
            practice = self.instance
            if practice is not None and practice.pk:
                context["figures"] = practice.result_figures()
                context["link_url"] = reverse("outreach_practice_activities", args=[practice.pk])
            return context
