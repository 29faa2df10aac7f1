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

impl Client for tokio_postgres::Client {
    type Pg = tokio_postgres::Client;

    fn pg(&self) -> &Self::Pg {
        self
    }

    fn prepare_cached<'b>(
        &'b self,
        sql: &'b str,
    ) -> impl Future<Output = Result<Statement, Error>> + Send + 'b {
        GenericClient::prepare(self, sql)
    }
}

impl<'a> Client for tokio_postgres::Transaction<'a> {
    type Pg = tokio_postgres::Transaction<'a>;

    fn pg(&self) -> &Self::Pg {
        self
    }

    fn prepare_cached<'b>(
        &'b self,
        sql: &'b str,
    ) -> impl Future<Output = Result<Statement, Error>> + Send + 'b {
        GenericClient::prepare(self, sql)
    }
}

impl Client for deadpool_postgres::Object {
    type Pg = tokio_postgres::Client;

    fn pg(&self) -> &Self::Pg {
        self
    }

    fn prepare_cached<'b>(
        &'b self,
        sql: &'b str,
    ) -> impl Future<Output = Result<Statement, Error>> + Send + 'b {
        deadpool_postgres::ClientWrapper::prepare_cached(self, sql)
    }
}

impl<'a> Client for deadpool_postgres::Transaction<'a> {
    type Pg = tokio_postgres::Transaction<'a>;

    fn pg(&self) -> &Self::Pg {
        self
    }

    fn prepare_cached<'b>(
        &'b self,
        sql: &'b str,
    ) -> impl Future<Output = Result<Statement, Error>> + Send + 'b {
        deadpool_postgres::Transaction::prepare_cached(self, sql)
    }
}
