module example.com/caddyplugin

go 1.22

require github.com/caddyserver/caddy/v2 v2.8.0
