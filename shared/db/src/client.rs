//! The one client type repository functions take.
//!
//! Callers hold different things: a connection of the pool (the web function), a transaction
//! of it, or a plain connection (migrations, imports, test set-up). Each is a [`Client`], so
//! they pass theirs as it is (`&client`, `&transaction`), never dereferenced to the
//! tokio-postgres type underneath.

use std::future::Future;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Error, GenericClient, Row, Statement, ToStatement};

/// What a repository function runs its statements on.
pub trait Client: Sync {
    /// The tokio-postgres connection or transaction the statements go to.
    type Pg: GenericClient + Sync;

    /// The connection or transaction underneath.
    fn pg(&self) -> &Self::Pg;

    /// A prepared statement: prepared once per pooled connection and kept (the hottest pages
    /// then cost no SQL parsing), prepared each time on a plain connection.
    fn prepare_cached<'a>(
        &'a self,
        sql: &'a str,
    ) -> impl Future<Output = Result<Statement, Error>> + Send + 'a;

    /// Like tokio-postgres' `query`.
    fn query<'a, T>(
        &'a self,
        statement: &'a T,
        params: &'a [&'a (dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Vec<Row>, Error>> + Send + 'a
    where
        T: ?Sized + ToStatement + Sync + Send,
    {
        self.pg().query(statement, params)
    }

    /// Like tokio-postgres' `query_one`.
    fn query_one<'a, T>(
        &'a self,
        statement: &'a T,
        params: &'a [&'a (dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Row, Error>> + Send + 'a
    where
        T: ?Sized + ToStatement + Sync + Send,
    {
        self.pg().query_one(statement, params)
    }

    /// Like tokio-postgres' `query_opt`.
    fn query_opt<'a, T>(
        &'a self,
        statement: &'a T,
        params: &'a [&'a (dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Option<Row>, Error>> + Send + 'a
    where
        T: ?Sized + ToStatement + Sync + Send,
    {
        self.pg().query_opt(statement, params)
    }

    /// Like tokio-postgres' `execute`.
    fn execute<'a, T>(
        &'a self,
        statement: &'a T,
        params: &'a [&'a (dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, Error>> + Send + 'a
    where
        T: ?Sized + ToStatement + Sync + Send,
    {
        self.pg().execute(statement, params)
    }
}

/// The four clients differ only in their types and in how they prepare a statement: the pool's
/// keep it in their connection's cache, the plain ones prepare it each time. Called as
/// `impl_client!(lifetime?; client => underlying tokio-postgres type, how to prepare)`.
macro_rules! impl_client {
    ($($lt:lifetime)?; $client:ty => $pg:ty, $prepare:path) => {
        impl<$($lt)?> Client for $client {
            type Pg = $pg;

            fn pg(&self) -> &Self::Pg {
                self
            }

            fn prepare_cached<'b>(
                &'b self,
                sql: &'b str,
            ) -> impl Future<Output = Result<Statement, Error>> + Send + 'b {
                $prepare(self, sql)
            }
        }
    };
}

impl_client!(; tokio_postgres::Client => tokio_postgres::Client, GenericClient::prepare);
impl_client!(
    'a; tokio_postgres::Transaction<'a> => tokio_postgres::Transaction<'a>,
    GenericClient::prepare
);
impl_client!(
    ; deadpool_postgres::Object => tokio_postgres::Client,
    deadpool_postgres::ClientWrapper::prepare_cached
);
impl_client!(
    'a; deadpool_postgres::Transaction<'a> => tokio_postgres::Transaction<'a>,
    deadpool_postgres::Transaction::prepare_cached
);
