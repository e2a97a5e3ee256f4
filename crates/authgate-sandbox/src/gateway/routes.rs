//! Route matching against a deployment's resources, as API Gateway does it: a literal segment
//! beats a `{param}`, which beats a greedy `{param+}`; the method matches exactly, else `ANY`.
//! A trailing slash is ignored (`/pets/` is `/pets`).

use std::collections::BTreeMap;

use super::{DeployedApi, DeployedMethod, DeployedResource};

/// The resource and method a request resolves to.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteMatch<'a> {
    pub resource: &'a DeployedResource,
    pub method: &'a DeployedMethod,
    /// Path parameters by name (a greedy `{proxy+}` is stored as `proxy`), decoded.
    pub path_params: BTreeMap<String, String>,
}

/// Finds the resource and method for `method` on `path` (the part after the stage, with a
/// leading `/`, still percent-encoded). `None` is API Gateway's "Missing Authentication Token".
pub fn find<'a>(api: &'a DeployedApi, method: &str, path: &str) -> Option<RouteMatch<'a>> {
    let request: Vec<&str> = segments(path)?;
    let mut best: Option<(Vec<u8>, &DeployedResource, BTreeMap<String, String>)> = None;
    for resource in &api.resources {
        let Some((rank, params)) = match_resource(&resource.path, &request) else {
            continue;
        };
        if best.as_ref().is_none_or(|(r, _, _)| rank > *r) {
            best = Some((rank, resource, params));
        }
    }
    let (_, resource, path_params) = best?;
    let method = resource
        .methods
        .get(&method.to_ascii_uppercase())
        .or_else(|| resource.methods.get("ANY"))?;
    Some(RouteMatch {
        resource,
        method,
        path_params,
    })
}

/// The path's segments; `None` for an empty segment (`/a//b`), which matches no resource.
fn segments(path: &str) -> Option<Vec<&str>> {
    let trimmed = path.trim_start_matches('/');
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    if trimmed.is_empty() {
        return Some(Vec::new());
    }
    let parts: Vec<&str> = trimmed.split('/').collect();
    parts.iter().all(|p| !p.is_empty()).then_some(parts)
}

/// Matches one resource template; the rank orders candidates (per segment: literal 2,
/// parameter 1; a greedy tail ranks below any exact-length match).
fn match_resource(template: &str, request: &[&str]) -> Option<(Vec<u8>, BTreeMap<String, String>)> {
    let parts = segments(template)?;
    let mut rank = Vec::with_capacity(parts.len() + 1);
    let mut params = BTreeMap::new();
    for (i, part) in parts.iter().enumerate() {
        let name = part.strip_prefix('{').and_then(|p| p.strip_suffix('}'));
        match name {
            Some(greedy) if greedy.ends_with('+') => {
                // Only the last segment may be greedy, and it needs at least one segment.
                if i + 1 != parts.len() || request.len() <= i {
                    return None;
                }
                let value = request[i..].iter().map(|s| decode(s)).collect::<Vec<_>>();
                params.insert(greedy.trim_end_matches('+').to_owned(), value.join("/"));
                rank.push(0);
                return Some((rank, params));
            }
            Some(name) => {
                let value = request.get(i)?;
                params.insert(name.to_owned(), decode(value));
                rank.push(1);
            }
            None => {
                if request.get(i).map(|s| decode(s)) != Some((*part).to_owned()) {
                    return None;
                }
                rank.push(2);
            }
        }
    }
    if parts.len() != request.len() {
        return None;
    }
    rank.push(1);
    Some((rank, params))
}

fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests;
