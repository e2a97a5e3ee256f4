

pub(crate) fn reflens_list_functions_output_output_next_marker(
    input: &crate::operation::list_functions::ListFunctionsOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_functions_output_output_functions(
    input: crate::operation::list_functions::ListFunctionsOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::FunctionConfiguration>> {
    let input = input.functions?;
    ::std::option::Option::Some(input)
}
