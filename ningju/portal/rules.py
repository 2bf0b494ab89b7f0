import rules

from .predicates import (
    has_not_reviewed_this_round,
    in_organisation,
    is_author,
    is_reviewer,
    is_writer,
    not_author,
)

rules.add_perm("portal.write", is_writer)
rules.add_perm("portal.edit", in_organisation & (is_author | is_reviewer))
rules.add_perm("portal.view_draft", in_organisation & (is_author | is_reviewer))
rules.add_perm(
    "portal.review", in_organisation & is_reviewer & not_author & has_not_reviewed_this_round
)
rules.add_perm("portal.manage", in_organisation & is_reviewer)
rules.add_perm("portal.desk", is_reviewer)
