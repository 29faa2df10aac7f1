//! rustls as tokio-postgres' TLS: the connector both the pool and single connections use.

use futures::future::BoxFuture;
use rustls::pki_types::{InvalidDnsNameError, ServerName};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_postgres::Socket;
use tokio_postgres::tls::{ChannelBinding, MakeTlsConnect, TlsConnect};

/// Makes the TLS session of each new connection, with the checks its `sslmode` calls for.
#[derive(Clone)]
pub struct TlsConnector {
    config: Arc<rustls::ClientConfig>,
}

impl TlsConnector {
    pub(super) fn new(config: rustls::ClientConfig) -> TlsConnector {
        TlsConnector {
            config: Arc::new(config),
        }
    }
}

impl MakeTlsConnect<Socket> for TlsConnector {
    type Stream = TlsStream;
    type TlsConnect = HostTlsConnector;
    type Error = InvalidDnsNameError;

    /// `host` is the URL's host: the name the certificate must carry under `verify-full`, and
    /// the SNI sent (none for an IP address).
    fn make_tls_connect(&mut self, host: &str) -> Result<HostTlsConnector, InvalidDnsNameError> {
        Ok(HostTlsConnector {
            config: Arc::clone(&self.config),
            server: ServerName::try_from(host.to_string())?,
        })
    }
}

/// The connector for one host.
pub struct HostTlsConnector {
    config: Arc<rustls::ClientConfig>,
    server: ServerName<'static>,
}

impl TlsConnect<Socket> for HostTlsConnector {
    type Stream = TlsStream;
    type Error = io::Error;
    type Future = BoxFuture<'static, io::Result<TlsStream>>;

    fn connect(self, socket: Socket) -> Self::Future {
        let connector = tokio_rustls::TlsConnector::from(self.config);
        Box::pin(async move {
            let stream = connector.connect(self.server, socket).await?;
            Ok(TlsStream(Box::new(stream)))
        })
    }
}

/// An encrypted connection to the server (boxed: the rustls state is large).
pub struct TlsStream(Box<tokio_rustls::client::TlsStream<Socket>>);

impl tokio_postgres::tls::TlsStream for TlsStream {
    /// None: SCRAM then authenticates without channel binding, as libpq's default
    /// `channel_binding=prefer` does when the client offers none. Binding to the certificate
    /// (`tls-server-end-point`) needs the hash named by its signature algorithm.
    fn channel_binding(&self) -> ChannelBinding {
        ChannelBinding::none()
    }
}

impl AsyncRead for TlsStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_shutdown(cx)
    }
}
