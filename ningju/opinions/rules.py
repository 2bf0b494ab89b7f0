import rules

from .predicates import in_organisation, is_author, is_contributor, is_leader, is_member, is_office

rules.add_perm("opinions.create", is_member)
rules.add_perm("opinions.edit_draft", is_author)
rules.add_perm("opinions.see_feedback", is_contributor | (in_organisation & is_office))
rules.add_perm("opinions.manage", is_office)
rules.add_perm("opinions.process", in_organisation & is_office)
rules.add_perm("opinions.view_statistics", is_office | is_leader)
