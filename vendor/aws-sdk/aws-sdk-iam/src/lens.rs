

pub(crate) fn reflens_list_attached_role_policies_output_output_marker(
    input: &crate::operation::list_attached_role_policies::ListAttachedRolePoliciesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_list_role_policies_output_output_marker(
    input: &crate::operation::list_role_policies::ListRolePoliciesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_list_roles_output_output_marker(
    input: &crate::operation::list_roles::ListRolesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_list_users_output_output_marker(
    input: &crate::operation::list_users::ListUsersOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_attached_role_policies_output_output_attached_policies(
    input: crate::operation::list_attached_role_policies::ListAttachedRolePoliciesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::AttachedPolicy>> {
    let input = input.attached_policies?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_role_policies_output_output_policy_names(
    input: crate::operation::list_role_policies::ListRolePoliciesOutput,
) -> ::std::option::Option<::std::vec::Vec<::std::string::String>> {
    let input = input.policy_names;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_roles_output_output_roles(
    input: crate::operation::list_roles::ListRolesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::Role>> {
    let input = input.roles;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_users_output_output_users(
    input: crate::operation::list_users::ListUsersOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::User>> {
    let input = input.users;
    ::std::option::Option::Some(input)
}
