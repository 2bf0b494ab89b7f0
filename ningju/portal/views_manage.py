"""The publishing back office: writers draft and submit, reviewers do 三审, publish, unpublish
and correct. Views only turn forms into service calls and put messages next to fields."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest

from . import selectors, services
from .choices import ArticleState, ReviewDecision
from .forms import ArticleForm, CorrectionForm, ReviewForm, UnpublishForm
from .models import Article
from .publishing import has_korean
from .workflow import EDITABLE, PENDING_LEVEL, allowed_actions

PAGE_SIZE = 25


def _article(request: AuthedHttpRequest, pk: int) -> Article:
    try:
        return selectors.article_get(user=request.user, article_id=pk)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _put_error(form: Any, exc: DomainError | ValidationError) -> None:
    if isinstance(exc, ValidationError):
        field = "image" if "image" in form.fields else None
        for message in exc.messages:
            form.add_error(field, message)
        return
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


@login_required
def desk(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("portal.write"):
        raise PermissionDenied
    state = request.GET.get("state", "")
    if state not in ArticleState.values:
        state = ""
    query = request.GET.get("q", "").strip()[:100]
    articles = selectors.article_list(user=request.user, state=state, query=query)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    is_desk = request.user.has_perm("portal.desk")
    return render(
        request,
        "portal/manage/desk.html",
        {
            "page": page,
            "articles": list(page.object_list),
            "state": state,
            "query": query,
            "states": ArticleState.choices,
            "is_desk": is_desk,
            "pending": selectors.pending_for(request.user) if is_desk else {},
            "stale": selectors.stale_news_columns(organisation_id=request.user.principal.org)
            if is_desk
            else [],
            "query_string": f"state={state}&q={query}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("portal.write"):
        raise PermissionDenied
    organisation_id = request.user.principal.org
    form = ArticleForm(request.POST or None, request.FILES or None, organisation_id=organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(acting_user=request.user, data=form.to_data())
        except (DomainError, ValidationError) as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("稿件已保存。检查无误后请送审。"))
            return redirect("portal:manage_detail", article.pk)
    return render(request, "portal/manage/edit.html", {"form": form, "article": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    if not request.user.has_perm("portal.edit", article) or article.state not in EDITABLE:
        raise PermissionDenied
    initial = {
        "column": article.column_id,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "title_ko": article.title_ko,
        "body_ko": article.body_ko,
        "source": article.source,
        "author_name": article.author_name,
        "editor_name": article.editor_name,
        "image_alt": article.image_alt,
        "publish_at": article.publish_at,
    }
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        organisation_id=article.organisation_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.article_save(acting_user=request.user, article=article, data=form.to_data())
        except (DomainError, ValidationError) as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("稿件已保存。"))
            return redirect("portal:manage_detail", article.pk)
    return render(
        request,
        "portal/manage/edit.html",
        {"form": form, "article": article, "saved_message": _saved_message(article)},
    )


def _saved_message(article: Article) -> str:
    return _("稿件已保存（%(time)s），修改时会自动保存。") % {
        "time": timezone.localtime(article.updated_at).strftime("%H:%M")
    }


def _status(request: AuthedHttpRequest, message: str, *, ok: bool = True) -> HttpResponse:
    return render(request, "portal/manage/_autosave_status.html", {"message": message, "ok": ok})


@require_POST
def autosave(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """htmx: the edit form posts itself after a pause in typing (text only, not the image)."""
    if not request.user.is_authenticated:
        if request.htmx:
            return _status(
                request, _("您已退出登录，内容未能保存。请先复制已写的内容，再重新登录。"), ok=False
            )
        return redirect_to_login(reverse("portal:manage_edit", args=[pk]))
    article = _article(request, pk)
    if not request.user.has_perm("portal.edit", article):
        raise PermissionDenied
    if article.state not in EDITABLE:
        return _status(request, _("稿件已送审，不能再修改。"), ok=False)
    form = ArticleForm(request.POST, organisation_id=article.organisation_id)
    if not form.is_valid():
        return _status(
            request, _("有内容不符合要求，未能自动保存，请检查后点“保存稿件”。"), ok=False
        )
    data = form.to_data()
    data.image = None
    try:
        article = services.article_save(acting_user=request.user, article=article, data=data)
    except DomainError as exc:
        return _status(request, str(exc.message), ok=False)
    return _status(request, _saved_message(article))


def _detail_context(request: AuthedHttpRequest, article: Article, **forms: Any) -> dict[str, Any]:
    user = request.user
    actions = allowed_actions(article.state)
    may_manage = user.has_perm("portal.manage", article)
    reviews = sorted(article.reviews.all(), key=lambda r: (r.round, r.level, r.pk))
    return {
        "article": article,
        "reviews": reviews,
        "corrections": list(article.corrections.all()),
        "has_korean": has_korean(article),
        "level": PENDING_LEVEL.get(article.state),
        "may_edit": article.state in EDITABLE and user.has_perm("portal.edit", article),
        "may_submit": "submit" in actions and user.has_perm("portal.edit", article),
        "may_review": article.state in PENDING_LEVEL and user.has_perm("portal.review", article),
        "may_unpublish": "unpublish" in actions and may_manage,
        "may_revise": "revise" in actions and user.has_perm("portal.edit", article),
        "may_correct": "correct" in actions and may_manage and article.created_by_id != user.pk,
        "is_live": article.state == ArticleState.PUBLISHED,
        "review_form": forms.get("review_form") or ReviewForm(),
        "unpublish_form": forms.get("unpublish_form") or UnpublishForm(),
        "submit_error": forms.get("submit_error"),
    }


@login_required
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    return render(request, "portal/manage/detail.html", _detail_context(request, article))


@login_required
def draft_image(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    from .views_public import image_response

    article = _article(request, pk)
    response = image_response(article)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    if not request.user.has_perm("portal.edit", article):
        raise PermissionDenied
    try:
        services.article_submit(acting_user=request.user, article=article)
    except DomainError as exc:
        context = _detail_context(request, article, submit_error=str(exc.message))
        return render(request, "portal/manage/detail.html", context, status=400)
    messages.success(request, _("已送审，等待初审。"))
    return redirect("portal:manage_detail", article.pk)


@login_required
@require_POST
def review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    if not request.user.has_perm("portal.review", article):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            article = services.article_review(
                acting_user=request.user,
                article=article,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            _put_error(form, exc)
        else:
            if form.cleaned_data["decision"] == ReviewDecision.RETURN:
                messages.success(request, _("已退回作者修改。"))
            elif article.state == ArticleState.PUBLISHED:
                messages.success(request, _("终审通过，文章已发布。"))
            elif article.state == ArticleState.APPROVED:
                messages.success(request, _("终审通过，将按设定时间发布。"))
            else:
                messages.success(request, _("审核通过，已转下一级审核。"))
            return redirect("portal:manage_detail", article.pk)
    article = _article(request, pk)
    context = _detail_context(request, article, review_form=form)
    return render(request, "portal/manage/detail.html", context, status=400)


@login_required
@require_POST
def unpublish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    if not request.user.has_perm("portal.manage", article):
        raise PermissionDenied
    form = UnpublishForm(request.POST)
    if form.is_valid():
        try:
            services.article_unpublish(
                acting_user=request.user, article=article, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("文章已撤下，公众不再能看到。"))
            return redirect("portal:manage_detail", article.pk)
    context = _detail_context(request, article, unpublish_form=form)
    return render(request, "portal/manage/detail.html", context, status=400)


@login_required
@require_POST
def revise(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    try:
        services.article_revise(acting_user=request.user, article=article)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("稿件已回到草稿，修改后需要重新送审。"))
    return redirect("portal:manage_detail", article.pk)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    if (
        article.state != ArticleState.PUBLISHED
        or not request.user.has_perm("portal.manage", article)
        or article.created_by_id == request.user.pk
    ):
        raise PermissionDenied
    form = CorrectionForm(
        request.POST or None, initial={"body": article.body, "body_ko": article.body_ko}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.article_correct(acting_user=request.user, article=article, data=form.to_data())
        except DomainError as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("更正已发布，更正记录显示在文章下方。"))
            return redirect("portal:manage_detail", article.pk)
    return render(request, "portal/manage/correct.html", {"form": form, "article": article})
