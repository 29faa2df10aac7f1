//! A posted form's fields, urlencoded or multipart (the Légifrance page's file upload, which
//! must work without JavaScript): one reader for the guard's CSRF check and the handlers whose
//! forms repeat fields or carry a file.

use crate::auth::MAX_FORM_BYTES;
use crate::error::BoError;
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use bytes::Bytes;

/// The fields of a form, in order, repeated ones included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields(Vec<(String, Bytes)>);

impl Fields {
    /// Reads a form body. It was read whole and bounded ([`MAX_FORM_BYTES`]) before: that
    /// bounds the fields too.
    pub async fn read(headers: &HeaderMap, body: Bytes) -> Result<Fields, BoError> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        if content_type.starts_with("application/x-www-form-urlencoded") {
            return Ok(Fields(
                form_urlencoded::parse(&body)
                    .map(|(name, value)| (name.into_owned(), Bytes::from(value.into_owned())))
                    .collect(),
            ));
        }
        let unreadable = || BoError::BadRequest("Ce formulaire n’a pas pu être lu.".into());
        let boundary = multer::parse_boundary(content_type).map_err(|_| unreadable())?;
        let body = futures_util::stream::once(async { Ok::<_, std::convert::Infallible>(body) });
        let mut multipart = multer::Multipart::new(body, boundary);
        let mut fields = Vec::new();
        while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
            let name = field.name().unwrap_or_default().to_owned();
            fields.push((name, field.bytes().await.map_err(|_| unreadable())?));
        }
        Ok(Fields(fields))
    }

    /// The first field called `name`, as sent.
    pub fn bytes(&self, name: &str) -> Option<&Bytes> {
        self.0
            .iter()
            .find_map(|(key, value)| (key == name).then_some(value))
    }

    /// The first field called `name` as text; empty when absent or not UTF-8.
    pub fn text(&self, name: &str) -> &str {
        self.bytes(name)
            .and_then(|value| std::str::from_utf8(value).ok())
            .unwrap_or_default()
    }

    /// Every field called `name`, in order, as text.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = String> + 'a {
        self.0
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| String::from_utf8_lossy(value).into_owned())
    }
}

/// A request's body, whole, refused unread beyond [`MAX_FORM_BYTES`].
pub async fn bounded_body(body: Body) -> Result<Bytes, BoError> {
    axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| BoError::BadRequest("Le formulaire envoyé est trop volumineux.".into()))
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = BoError;

    async fn from_request(request: Request, _: &S) -> Result<Fields, BoError> {
        let (parts, body) = request.into_parts();
        Fields::read(&parts.headers, bounded_body(body).await?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        headers
    }

    #[tokio::test]
    async fn urlencoded_and_multipart_forms_give_the_same_fields() {
        let urlencoded = Fields::read(
            &headers("application/x-www-form-urlencoded"),
            Bytes::from_static(b"csrf_token=abc&payload=%7B%7D&rubrique=1510&rubrique=2910"),
        )
        .await
        .unwrap();
        let part = |name: &str, value: &str| {
            format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        };
        let multipart_body = format!(
            "{}--XyZ\r\nContent-Disposition: form-data; name=\"payload\"; filename=\"a.json\"\r\n\
             Content-Type: application/json\r\n\r\n{{}}\r\n{}{}--XyZ--\r\n",
            part("csrf_token", "abc"),
            part("rubrique", "1510"),
            part("rubrique", "2910"),
        );
        let multipart = Fields::read(
            &headers("multipart/form-data; boundary=XyZ"),
            Bytes::from(multipart_body),
        )
        .await
        .unwrap();
        assert_eq!(urlencoded, multipart);
        assert_eq!(multipart.text("payload"), "{}");
        assert_eq!(multipart.text("absent"), "");
        let rubriques: Vec<String> = multipart.all("rubrique").collect();
        assert_eq!(rubriques, ["1510", "2910"]);
    }

    #[tokio::test]
    async fn a_body_of_another_type_or_a_broken_multipart_is_refused() {
        for (content_type, body) in [
            ("application/json", "{}"),
            ("multipart/form-data; boundary=XyZ", "--XyZ\r\nno end"),
        ] {
            let error = Fields::read(&headers(content_type), Bytes::from(body)).await;
            assert!(
                matches!(error, Err(BoError::BadRequest(_))),
                "{content_type}"
            );
        }
    }
}
