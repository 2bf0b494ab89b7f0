"""URL patterns of views_stats.py (names are listed in docs/proposals.md)."""

from django.urls import URLPattern, path

from . import views_stats

urlpatterns: list[URLPattern] = [
    path("statistics/", views_stats.stats, name="stats"),
    path("statistics.xlsx", views_stats.stats_xlsx, name="stats_xlsx"),
    path("compilation.docx", views_stats.compilation_docx, name="compilation_docx"),
    path("replies/<int:reply_id>/letter.docx", views_stats.reply_docx, name="reply_docx"),
    path("replies/<int:reply_id>/letter.pdf", views_stats.reply_pdf, name="reply_pdf"),
]
