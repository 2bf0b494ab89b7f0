import rules

from ningju.accounts.predicates import (
    in_same_organisation,
    is_committee_insider,
    is_office_staff,
)

rules.add_perm("members.view_directory", is_committee_insider)
rules.add_perm("members.view_member", is_committee_insider & in_same_organisation)
rules.add_perm("members.add_member", is_office_staff)
rules.add_perm("members.change_member", is_office_staff & in_same_organisation)
rules.add_perm("members.import_members", is_office_staff)
rules.add_perm("members.export_members", is_office_staff)
rules.add_perm("members.reveal_personal_data", is_office_staff & in_same_organisation)
