//! The one PostgreSQL database of Envinorma: migrations, repositories, bulk loads.
