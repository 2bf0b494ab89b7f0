import rules

from .predicates import (
    in_organisation,
    is_member,
    is_office_staff,
    is_station_member,
    not_converted,
    on_duty,
    received_it,
)

rules.add_perm("stations.view", is_member | is_office_staff)
rules.add_perm("stations.create", is_office_staff)
rules.add_perm("stations.manage", in_organisation & is_office_staff)
rules.add_perm("stations.receive", in_organisation & (is_office_staff | is_station_member))
rules.add_perm("stations.complete_shift", in_organisation & (is_office_staff | on_duty))
rules.add_perm("stations.convert", received_it & not_converted)
