//! `vnsearch serve`: the search page and the HTTP APIs (see `server`).

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Result;
use clap::Args;

use super::query_args::ensure_index;
use super::IndexDir;
use crate::server::{self, ServeOptions};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on. Only this machine can connect unless you give
    /// another interface (e.g. 0.0.0.0:7700).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7700")]
    pub addr: SocketAddr,
    /// No request log on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Let web pages from this origin call the API (e.g.
    /// https://dashboard.example.org, or * for any); off by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Seconds a client has to send a whole request head before its
    /// connection is closed (so that slow or idle clients cannot hold
    /// connections open).
    #[arg(long, value_name = "SECONDS", default_value_t = server::listen::HEADER_TIMEOUT.as_secs_f64(), value_parser = positive_seconds)]
    pub header_timeout: f64,
    /// Seconds a client has, once its request head is in, to send the
    /// whole request body; a late body is answered 408 and the connection
    /// closed.
    #[arg(long, value_name = "SECONDS", default_value_t = server::body_deadline::BODY_TIMEOUT.as_secs_f64(), value_parser = positive_seconds)]
    pub body_timeout: f64,
    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(args: ServeArgs) -> Result<()> {
    ensure_index(&args.index.path)?;
    server::run(ServeOptions {
        index_dir: args.index.path,
        addr: args.addr,
        quiet: args.quiet,
        cors: args.cors,
        header_timeout: Duration::from_secs_f64(args.header_timeout),
        body_timeout: Duration::from_secs_f64(args.body_timeout),
    })
}

fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 3600.0 => Ok(s),
        _ => Err(format!(
            "`{text}` is not a number of seconds between 0 and 3600"
        )),
    }
}
