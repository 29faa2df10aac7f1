//! Security: HMAC signatures, the signed user cookie, CSRF protection and response headers.

pub mod cookies;
pub mod csrf;
pub mod headers;
pub mod keys;
pub mod user_cookie;

pub use csrf::{CSRF_FIELD, CSRF_HEADER, CsrfToken, verify_csrf};
pub use keys::{Keys, Purpose};
pub use user_cookie::{USER_COOKIE, set_user_cookie, user_token, verify_user_cookie};
