//! Search latency: one unmeasured pass over the fixed mix, then measured requests
//! cycling through it within a time budget, summarised by kind of query. Apart from the
//! mix itself (searches.rs), which says what is searched, not how it is timed.

use std::time::{Duration, Instant};

use super::client::{self, Auth};
use super::latency::{self, Samples};
use super::population::Population;
use super::progress::bar;
use super::report::SearchKindReport;
use super::searches;

pub(crate) struct Searched {
    pub(crate) kinds: Vec<SearchKindReport>,
    pub(crate) overall: latency::Summary,
    pub(crate) warm_up: usize,
    /// Why fewer requests than asked for were measured, if they were.
    pub(crate) stopped: Option<String>,
}

/// One unmeasured pass over the mix, then `n` measured requests cycling through it, all
/// within `budget`.
pub(crate) async fn search(
    http: &client::HttpClient,
    base: &str,
    token: &str,
    population: &Population,
    bulk: u64,
    n: usize,
    budget: Duration,
) -> anyhow::Result<Searched> {
    let started = Instant::now();
    let mix = searches::mix(population, bulk);
    let auth = Auth::Bearer(token.to_string());
    let uris: Vec<String> = mix
        .iter()
        .map(|q| format!("{base}/api/v1/search?q={}", searches::encode(&q.text)))
        .collect();
    let request = |k: usize| {
        let (http, auth, uri, text) = (http, &auth, &uris[k], &mix[k].text);
        async move {
            let t = Instant::now();
            let (status, body) = client::get(http, uri, auth).await?;
            anyhow::ensure!(
                status.is_success(),
                "search `{text}` failed: {status} {}",
                String::from_utf8_lossy(&body)
            );
            Ok((t.elapsed(), body))
        }
    };
    let b = bar(
        (mix.len() + n) as u64,
        "Searches (first pass unmeasured) {bar:40} {pos}/{len} ({per_sec})",
    );
    let mut stopped = None;
    let mut hits: Vec<Option<(usize, bool)>> = vec![None; mix.len()];
    for (k, hit) in hits.iter_mut().enumerate() {
        if started.elapsed() > budget {
            break;
        }
        let (_, body) = request(k).await?;
        let v: serde_json::Value = serde_json::from_slice(&body)?;
        *hit = Some((
            v["results"].as_array().map_or(0, Vec::len),
            v["truncated"].as_bool().unwrap_or(false),
        ));
        b.inc(1);
    }
    let mut per_query: Vec<Samples> = vec![Samples::default(); mix.len()];
    let mut measured = 0;
    for i in 0..n {
        if started.elapsed() > budget {
            stopped = Some(format!(
                "stopped after {measured} of {n} measured requests: the {} s budget (--search-seconds) ran out",
                budget.as_secs()
            ));
            break;
        }
        let k = i % mix.len();
        let (took, _) = request(k).await?;
        per_query[k].push(took);
        measured += 1;
        b.inc(1);
    }
    b.finish_and_clear();
    let mut overall = Samples::default();
    let mut kinds = vec![];
    for kind in searches::KINDS {
        let mut samples = Samples::default();
        let mut queries = vec![];
        let (mut fewest, mut most, mut truncated) = (usize::MAX, 0, false);
        for (i, q) in mix.iter().enumerate().filter(|(_, q)| q.kind == kind) {
            samples.extend(&per_query[i]);
            queries.push(q.text.clone());
            if let Some((count, more)) = hits[i] {
                fewest = fewest.min(count);
                most = most.max(count);
                truncated |= more;
            }
        }
        if samples.len() == 0 {
            continue;
        }
        overall.extend(&samples);
        kinds.push(SearchKindReport {
            kind,
            queries,
            latency: samples.summary(),
            hits: (fewest.min(most), most),
            truncated,
        });
    }
    println!(
        "Searches: p95 {:.1} ms over {measured} requests.",
        overall.summary().p95_ms
    );
    Ok(Searched {
        kinds,
        overall: overall.summary(),
        warm_up: mix.len(),
        stopped,
    })
}
