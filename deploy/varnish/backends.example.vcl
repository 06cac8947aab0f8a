# The deployment's part of spacecinema.vcl: copy to backends.vcl next to it and edit.

# A server is taken out of rotation when it cannot reach its database (/healthz answers 500)
# or does not answer. The Host must be one the site serves (ALLOWED_HOSTS).
probe healthz {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: news.example.org"
        "User-Agent: Varnish health probe"
        "Connection: close";
    .interval = 2s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

backend app1 {
    .host = "10.0.0.11";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

backend app2 {
    .host = "10.0.0.12";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

sub app_servers_add {
    app_servers.add_backend(app1);
    app_servers.add_backend(app2);
}

# Who may send PURGE: the app servers (they purge after each change) and this host. Behind a
# TLS terminator or load balancer, Varnish must learn the reader's address through the PROXY
# protocol (varnishd -a ...,PROXY), or every reader would have the terminator's address.
acl purgers {
    "127.0.0.1";
    "10.0.0.11";
    "10.0.0.12";
}
