//! Reading cookies from requests and writing `Set-Cookie` values.

use axum::http::header::{COOKIE, HeaderMap};

/// The values of the cookies called `name`, in the order the browser sent them.
pub fn cookie_values<'h>(headers: &'h HeaderMap, name: &'h str) -> impl Iterator<Item = &'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(move |pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| value.trim_matches('"'))
        })
}

/// A `Set-Cookie` value for the whole site: `HttpOnly` (scripts never read our cookies),
/// `SameSite=Lax` (no cookie on cross-site posts), `Secure` except on localhost.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: u64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite=Lax{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn every_cookie_of_that_name_is_found_across_headers() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; user=x; b=2"));
        headers.append(COOKIE, HeaderValue::from_static("user=\"y\""));
        let found: Vec<&str> = cookie_values(&headers, "user").collect();
        assert_eq!(found, ["x", "y"]);
        assert_eq!(cookie_values(&headers, "users").count(), 0);
    }

    #[test]
    fn set_cookie_is_secure_only_when_asked() {
        assert_eq!(
            set_cookie("user", "v", 10, true),
            "user=v; Path=/; Max-Age=10; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(!set_cookie("user", "v", 10, false).contains("Secure"));
    }
}
