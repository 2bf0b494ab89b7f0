import rules

from .predicates import (
    in_organisation,
    is_author,
    is_chair_meeting,
    is_confirmed_proposer,
    is_invited_cosigner,
    is_member,
    is_proposal_leader,
    is_proposal_office,
    is_unit_officer_of,
    is_unit_signer_of,
    may_review_now,
)

rules.add_perm("proposals.create", is_member)
rules.add_perm("proposals.edit_draft", is_author)
rules.add_perm("proposals.cosign", is_invited_cosigner)
rules.add_perm("proposals.review", in_organisation & may_review_now)
rules.add_perm("proposals.assign", in_organisation & is_proposal_office)
rules.add_perm("proposals.manage", is_proposal_office)
rules.add_perm("proposals.unit_act", is_unit_officer_of)
rules.add_perm("proposals.unit_sign", is_unit_signer_of)
rules.add_perm("proposals.review_reply", in_organisation & is_proposal_office)
rules.add_perm("proposals.rate", is_confirmed_proposer)
rules.add_perm("proposals.record_offline_feedback", in_organisation & is_proposal_office)
rules.add_perm("proposals.mark_key", in_organisation & is_chair_meeting)
rules.add_perm(
    "proposals.mark_excellent", in_organisation & (is_chair_meeting | is_proposal_leader)
)
rules.add_perm(
    "proposals.log_supervision", in_organisation & (is_proposal_office | is_chair_meeting)
)
rules.add_perm(
    "proposals.view_statistics", is_proposal_office | is_proposal_leader | is_chair_meeting
)
