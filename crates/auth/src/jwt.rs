use std::time::Duration;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use storegister_app::{Session, TokenError, TokenIssuer};
use storegister_kernel::{Clock, CompanyId, ContactId};
use uuid::Uuid;

/// The claims of a session token.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The contact (tenant) id.
    sub: Uuid,
    /// The company id.
    cid: Uuid,
    /// The security stamp at issue time.
    sst: Uuid,
    /// The stored session.
    sid: Uuid,
    /// Issued at (seconds since the epoch).
    iat: i64,
    /// Expires at (seconds since the epoch).
    exp: i64,
}

/// Why a session token was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejection {
    /// Well-formed and correctly signed, but past its expiry.
    #[error("token expired")]
    Expired,
    /// Malformed, wrongly signed, or with claims we do not issue.
    #[error("invalid token")]
    Invalid,
}

/// Issues and verifies HS256 session tokens.
pub struct JwtCodec {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
    clock: Box<dyn Clock>,
}

impl JwtCodec {
    /// A codec signing with `secret`, issuing tokens valid for `ttl`.
    pub fn new(secret: &[u8], ttl: Duration, clock: Box<dyn Clock>) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
            clock,
        }
    }

    /// The session a token speaks for, if it is ours, intact and unexpired.
    ///
    /// Whether the security stamp is still current is for the use case to check against the
    /// store.
    pub fn verify(&self, token: &str) -> Result<Session, TokenRejection> {
        let data = decode::<Claims>(token.trim(), &self.decoding, &self.validation).map_err(
            |e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenRejection::Expired,
                _ => TokenRejection::Invalid,
            },
        )?;
        // jsonwebtoken compares exp with the system clock; our clock may be a test's
        if data.claims.exp <= self.clock.now().timestamp() {
            return Err(TokenRejection::Expired);
        }
        Ok(Session {
            contact_id: ContactId(data.claims.sub),
            company_id: CompanyId(data.claims.cid),
            security_stamp: data.claims.sst,
            session_id: data.claims.sid,
        })
    }
}

impl TokenIssuer for JwtCodec {
    fn issue(&self, session: &Session) -> Result<String, TokenError> {
        let iat = self.clock.now().timestamp();
        let ttl = i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX);
        let claims = Claims {
            sub: session.contact_id.uuid(),
            cid: session.company_id.uuid(),
            sst: session.security_stamp,
            sid: session.session_id,
            iat,
            exp: iat.saturating_add(ttl),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| TokenError(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use storegister_kernel::{FixedClock, SystemClock};

    use super::*;

    fn session() -> Session {
        Session {
            contact_id: ContactId::new_random(),
            company_id: CompanyId::new_random(),
            security_stamp: Uuid::new_v4(),
            session_id: Uuid::new_v4(),
        }
    }

    #[test]
    fn a_token_without_a_session_is_invalid() {
        // as issued before sessions were stored: no `sid`
        #[derive(Serialize)]
        struct Old {
            sub: Uuid,
            cid: Uuid,
            sst: Uuid,
            iat: i64,
            exp: i64,
        }
        let now = chrono::Utc::now().timestamp();
        let old = Old {
            sub: Uuid::new_v4(),
            cid: Uuid::new_v4(),
            sst: Uuid::new_v4(),
            iat: now,
            exp: now + 60,
        };
        let token = encode(
            &Header::new(Algorithm::HS256),
            &old,
            &EncodingKey::from_secret(b"secret"),
        )
        .unwrap();
        let codec = JwtCodec::new(b"secret", Duration::from_secs(60), Box::new(SystemClock));
        assert_eq!(codec.verify(&token), Err(TokenRejection::Invalid));
    }

    #[test]
    fn an_issued_token_verifies_to_its_session() {
        let codec = JwtCodec::new(b"secret", Duration::from_secs(60), Box::new(SystemClock));
        let session = session();
        let token = codec.issue(&session).unwrap();
        assert_eq!(codec.verify(&token).unwrap(), session);
    }

    #[test]
    fn a_token_signed_with_another_secret_is_invalid() {
        let ours = JwtCodec::new(b"secret", Duration::from_secs(60), Box::new(SystemClock));
        let theirs = JwtCodec::new(b"other", Duration::from_secs(60), Box::new(SystemClock));
        let token = theirs.issue(&session()).unwrap();
        assert_eq!(ours.verify(&token), Err(TokenRejection::Invalid));
        assert_eq!(ours.verify("garbage"), Err(TokenRejection::Invalid));
        assert_eq!(ours.verify(""), Err(TokenRejection::Invalid));
    }

    #[test]
    fn an_expired_token_is_expired() {
        let past = chrono::Utc::now() - chrono::Duration::hours(2);
        let issuer = JwtCodec::new(
            b"secret",
            Duration::from_secs(60),
            Box::new(FixedClock(past)),
        );
        let verifier = JwtCodec::new(b"secret", Duration::from_secs(60), Box::new(SystemClock));
        let token = issuer.issue(&session()).unwrap();
        assert_eq!(verifier.verify(&token), Err(TokenRejection::Expired));
    }
}
