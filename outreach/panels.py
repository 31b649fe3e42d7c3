"""Edit-form panels the outreach models need beyond Wagtail's own."""

from wagtail.admin.panels import InlinePanel


class AttendanceInlinePanel(InlinePanel):
    """The attendees' rows get the signed-in user, so each row, and the blank row "add" copies, offers
    only the roster that user may train (outreach.forms.TrainingAttendanceForm)."""

    def get_form_options(self):
        # Imported here: the forms module imports the models that declare this panel.
        from outreach.forms import TrainingAttendanceForm

        options = super().get_form_options()
        options["formsets"][self.relation_name].update(form=TrainingAttendanceForm, inherit_kwargs=["for_user"])
        return options
