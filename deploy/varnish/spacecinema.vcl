vcl 4.1;

# Varnish in front of Space Cinema's app servers (docs/operations.md, "Varnish: deploy/varnish/").
#
# The app decides what may be cached and for how long (Cache-Control with s-maxage,
# stale-while-revalidate, stale-if-error) and names what each page shows (Surrogate-Key);
# after a change commits it sends `PURGE /` with an `xkey-purge: <keys>` header, and the
# objects carrying any of those keys are dropped at once.
#
# backends.vcl, found on varnishd's vcl_path, is the deployment's own: the app servers as
# backends with a health probe, a `sub app_servers_add` adding each to the `app_servers`
# director, and the `purgers` ACL of the addresses allowed to purge (backends.example.vcl).
#
# deploy/varnish/run-varnishd starts varnishd with this file and the header limits it needs.

import directors;
import std;
import xkey;

sub vcl_init {
    new app_servers = directors.round_robin();
    call app_servers_add;
}

# After the director it fills.
include "backends.vcl";

sub vcl_recv {
    if (req.restarts == 0) {
        # Set by this VCL only, never by a client.
        unset req.http.X-Stale-Retry;
        unset req.http.X-Cache-Pass;
    }
    set req.backend_hint = app_servers.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            # Hard purge: the next reader of an edited page gets the new one, never the old
            # one in grace.
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST" &&
        req.method != "PUT" && req.method != "PATCH" && req.method != "DELETE" &&
        req.method != "OPTIONS") {
        # Varnish's built-in VCL would pipe these to the app.
        return (synth(405, "Method Not Allowed"));
    }

    if (req.http.Host ~ "[[:upper:]]") {
        set req.http.Host = req.http.Host.lower();
    }
    # Not part of the cache key: the app must never build a page from it.
    unset req.http.X-Forwarded-Host;

    # Tracking parameters never change a page (the app's page cache drops the same ones), so
    # they must not split the cache; page numbers, search terms and the like stay.
    if (req.url ~ "[?&](utm_[^=&]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|ref_src)(=|&|$)") {
        set req.url = regsub(req.url, "\?", "?&");
        set req.url = regsuball(req.url, "&(utm_[^=&]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|ref_src)(=[^&]*)?(?=&|$)", "");
        set req.url = regsub(req.url, "\?&", "?");
    }
    set req.url = std.querysort(req.url);
    set req.url = regsub(req.url, "\?$", "");

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors' pages, drafts' previews (the newsroom's and those shared by link), signed-in
    # requests: never shared.
    if (req.url ~ "^/admin/" || req.url ~ "^/news/preview/" || req.url ~ "^/news/shared/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }
    # Nothing else a public page reads comes from a cookie (the CSRF cookie is for forms,
    # which are posted, and passed above).
    unset req.http.Cookie;

    # With the app servers up, a page past its lifetime is served stale only briefly while it
    # is fetched again; the object's whole grace (stale-if-error) is for when they are down or
    # failing. (Set on every pass: a restart keeps the value.)
    if (std.healthy(req.backend_hint) && !req.http.X-Stale-Retry) {
        set req.grace = 10s;
    } else {
        set req.grace = 3650d;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.Host) {
        hash_data(req.http.Host);
    } else {
        hash_data(server.ip);
    }
    # A page's absolute links (canonical, feeds) and the HTTPS redirect depend on it.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_pass {
    set req.http.X-Cache-Pass = "1";
}

sub vcl_backend_fetch {
    unset bereq.http.X-Cache-Pass;
}

sub vcl_backend_response {
    if (beresp.status >= 500 && !bereq.uncacheable &&
        (bereq.is_bgfetch || !bereq.http.X-Stale-Retry)) {
        # Keep the copy in cache: a background fetch leaves it as it is, a reader's fetch
        # is tried once more allowing the stale copy (vcl_synth).
        return (abandon);
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only what the app states may be shared: a status that means the same to everyone, an
    # explicit lifetime, no cookie being set. A host the app refuses gets 400, never cached.
    if ((beresp.status != 200 && beresp.status != 203 && beresp.status != 301 &&
         beresp.status != 308 && beresp.status != 404 && beresp.status != 410) ||
        beresp.http.Set-Cookie || beresp.ttl <= 0s ||
        beresp.http.Cache-Control !~ "(?i)(s-maxage|max-age)=[1-9]" ||
        beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)" ||
        beresp.http.Vary == "*") {
        set beresp.ttl = 10s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Varnish takes the lifetime from s-maxage (or max-age) and the grace from
    # stale-while-revalidate; stale-if-error, when longer, is how long a copy may be served
    # while the app servers are down.
    if (beresp.http.Cache-Control ~ "(?i)stale-if-error=\d+" &&
        std.duration(regsub(beresp.http.Cache-Control, "(?i)^.*stale-if-error=(\d+).*$", "\1s"), 0s) > beresp.grace) {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "(?i)^.*stale-if-error=(\d+).*$", "\1s"), 0s);
    }
    # xkey indexes the object under the keys in its `xkey` header. Varnish is the edge: the
    # keys are its business, not the readers', and are stored once. (With a CDN in front of
    # Varnish, keep Surrogate-Key and Cache-Tag for it, here and in vcl_deliver.)
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    unset beresp.http.Surrogate-Key;
    unset beresp.http.Cache-Tag;
    return (deliver);
}

sub vcl_backend_error {
    if (!bereq.uncacheable && (bereq.is_bgfetch || !bereq.http.X-Stale-Retry)) {
        return (abandon);
    }
}

sub vcl_synth {
    if (resp.status == 503 && req.restarts == 0 &&
        (req.method == "GET" || req.method == "HEAD") && !req.http.X-Cache-Pass) {
        # The app servers failed: once more, taking a copy as stale as stale-if-error allows.
        set req.http.X-Stale-Retry = "1";
        return (restart);
    }
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        if (resp.status == 200 && req.http.X-Purged) {
            set resp.http.Purged = req.http.X-Purged;
            set resp.body = req.http.X-Purged + {"
"};
        } else {
            set resp.body = resp.reason + {"
"};
        }
        return (deliver);
    }
}

sub vcl_deliver {
    if (req.http.X-Cache-Pass) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Also from what was passed, not stored.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
