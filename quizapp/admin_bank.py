"""Moving a whole exam bank in and out from the admin: an upload page (YAML or Moodle XML,
recognised from the content) and download actions, over `quizapp.bank.formats`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from quizapp.bank.formats import bank_export, bank_import
from quizapp.bank.schema import BankError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class BankUploadForm(forms.Form):
    file = forms.FileField(help_text="An exam file (YAML) or a Moodle XML question bank.")
    slug = forms.SlugField(
        required=False,
        help_text="Import under this slug instead of the one in the file (a new copy).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB.")
        return upload


class BankTransferAdmin:
    """Mixed into ExamAdmin."""

    change_list_template = "admin/quizapp/exam/change_list.html"
    actions = ["download_yaml", "download_moodle_xml"]

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="quizapp_exam_import",
        )
        return [upload, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        # Importing writes exams, questions, parts and options: the rights to edit the bank.
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = BankUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = bank_import(
                    form.cleaned_data["file"].read(), slug=form.cleaned_data["slug"] or None
                )
            except BankError as problem:
                form.add_error("file", f"Nothing was imported. {problem}")
            else:
                exam = report.load.exam
                self.message_user(
                    request,
                    f"{exam.slug}: {report.load.created} questions created, "
                    f"{report.load.updated} updated.",
                    messages.SUCCESS,
                )
                for note in [*report.notes, *report.load.kept]:
                    self.message_user(request, note, messages.WARNING)
                return redirect(reverse("admin:quizapp_exam_change", args=[exam.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import an exam bank",
            "form": form,
        }
        return TemplateResponse(request, "admin/quizapp/exam/import.html", context)

    def _download(
        self, request: HttpRequest, queryset: QuerySet, format: str
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one exam to download.", messages.ERROR)
            return None
        exam = queryset.get()
        exported = bank_export(exam, format=format)
        extension, content_type = {
            "yaml": ("yaml", "application/yaml"),
            "moodle-xml": ("xml", "application/xml"),
        }[format]
        response = HttpResponse(exported.value, content_type=f"{content_type}; charset=utf-8")
        # The slug is a SlugField: safe in a header and a file name.
        response["Content-Disposition"] = f'attachment; filename="{exam.slug}.{extension}"'
        for note in exported.notes:
            self.message_user(request, note, messages.WARNING)
        return response

    @admin.action(description="Download as an exam file (YAML)", permissions=["view"])
    def download_yaml(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return self._download(request, queryset, "yaml")

    @admin.action(description="Download as Moodle XML", permissions=["view"])
    def download_moodle_xml(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return self._download(request, queryset, "moodle-xml")
