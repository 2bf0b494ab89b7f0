import rules

from ningju.accounts.predicates import is_office_staff, is_portal_editor

# Office staff and portal editors screen what the public sends and what the site publishes.
rules.add_perm("moderation.manage_terms", is_office_staff | is_portal_editor)
