//! The server certificate checks of libpq's modes, as one rustls verifier.
//!
//! rustls' own verifier always checks the host name; `verify-ca` and `require` need less.
//! Whatever the mode, the handshake signatures are still verified, so the session is at least
//! bound to the key of the certificate presented.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{verify_server_cert_signed_by_trust_anchor, verify_server_name};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use std::sync::Arc;

/// What is checked of the server's certificate.
#[derive(Debug)]
pub(super) enum Check {
    /// Nothing (`prefer`, `require` without roots): encrypted, but anyone may answer.
    Nothing,
    /// Its chain up to one of these roots (`verify-ca`).
    Chain(Arc<RootCertStore>),
    /// Its chain and the host name (`verify-full`).
    ChainAndName(Arc<RootCertStore>),
}

#[derive(Debug)]
pub(super) struct PgVerifier {
    check: Check,
    algorithms: WebPkiSupportedAlgorithms,
}

impl PgVerifier {
    pub(super) fn new(check: Check, provider: &CryptoProvider) -> PgVerifier {
        PgVerifier {
            check,
            algorithms: provider.signature_verification_algorithms,
        }
    }
}

impl ServerCertVerifier for PgVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let (roots, check_name) = match &self.check {
            Check::Nothing => return Ok(ServerCertVerified::assertion()),
            Check::Chain(roots) => (roots, false),
            Check::ChainAndName(roots) => (roots, true),
        };
        let cert = ParsedCertificate::try_from(end_entity)?;
        verify_server_cert_signed_by_trust_anchor(
            &cert,
            roots,
            intermediates,
            now,
            self.algorithms.all,
        )?;
        if check_name {
            verify_server_name(&cert, server_name)?;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
