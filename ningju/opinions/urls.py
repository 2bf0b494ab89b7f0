"""URL names of 社情民意 (the contract is in docs/opinions.md)."""

from django.urls import path

from . import views, views_issues, views_member, views_office, views_stats

app_name = "opinions"
urlpatterns = [
    # Members.
    path("new/", views_member.create, name="create"),
    path("mine/", views_member.mine, name="mine"),
    path("<int:opinion_id>/", views.detail, name="detail"),
    path("<int:opinion_id>/edit/", views_member.edit, name="edit"),
    path("<int:opinion_id>/autosave/", views_member.autosave, name="autosave"),
    path("<int:opinion_id>/withdraw/", views_member.withdraw, name="withdraw"),
    path("<int:opinion_id>/attachments/", views_member.attachment_add, name="attachment_add"),
    path("attachments/<int:attachment_id>/", views_member.attachment_download, name="attachment"),
    path(
        "attachments/<int:attachment_id>/remove/",
        views_member.attachment_remove,
        name="attachment_remove",
    ),
    # The research office.
    path("queue/", views_office.queue, name="queue"),
    path("<int:opinion_id>/screen/", views_office.screen, name="screen"),
    path("<int:opinion_id>/process/", views_office.process, name="process"),
    path("<int:opinion_id>/return/", views_office.return_, name="return"),
    path("<int:opinion_id>/decline/", views_office.decline, name="decline"),
    path("<int:opinion_id>/merge/", views_office.merge, name="merge"),
    path("<int:opinion_id>/compile/", views_office.compile_, name="compile"),
    path("<int:opinion_id>/uncompile/", views_office.uncompile, name="uncompile"),
    path("<int:opinion_id>/report/", views_office.report, name="report"),
    path("<int:opinion_id>/adopt/", views_office.adopt, name="adopt"),
    path("<int:opinion_id>/instruct/", views_office.instruct, name="instruct"),
    path(
        "instructions/<int:instruction_id>/scan/",
        views_office.instruction_scan,
        name="instruction_scan",
    ),
    # The journal.
    path("issues/", views_issues.issues, name="issues"),
    path("issues/new/", views_issues.issue_create, name="issue_create"),
    path("issues/<int:issue_id>/", views_issues.issue, name="issue"),
    path("issues/<int:issue_id>/publish/", views_issues.issue_publish, name="issue_publish"),
    path("issues/<int:issue_id>/report/", views_issues.issue_report, name="issue_report"),
    path("issues/<int:issue_id>/docx/", views_issues.issue_docx, name="issue_docx"),
    path("issues/<int:issue_id>/pdf/", views_issues.issue_pdf, name="issue_pdf"),
    # Statistics.
    path("stats/", views_stats.stats, name="stats"),
    path("stats/xlsx/", views_stats.stats_xlsx, name="stats_xlsx"),
]
