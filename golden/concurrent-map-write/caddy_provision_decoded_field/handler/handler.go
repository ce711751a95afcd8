// Package handler is a Caddy HTTP app module with a metrics part decoded
// from its configuration.
package handler

import (
	"fmt"
	"net/http"

	"github.com/caddyserver/caddy/v2"
)

type App struct {
	Hosts   []string
	Metrics *Metrics
	Limits  *Limits

	counts *Counts // not configuration: set elsewhere, maybe shared
}

type Metrics struct {
	allowed map[string]bool
}

func (m *Metrics) allows(host string) bool {
	return m.allowed[host]
}

type Counts struct {
	seen map[string]bool
}

// add is called only from Provision, on an unexported field.
func (c *Counts) add(host string) {
	c.seen[host] = true // want "concurrent write to map c.seen"
}

func (c *Counts) has(host string) bool {
	return c.seen[host]
}

type Limits struct {
	perHost map[string]int
}

// scan fills the metrics' allowed hosts; only Provision calls it.
func (m *Metrics) scan(app *App) {
	m.allowed = map[string]bool{}
	for _, host := range app.Hosts {
		m.allowed[host] = true
	}
}

// fill is called from Provision and again by the handler.
func (l *Limits) fill(host string) {
	l.perHost[host]++ // want "concurrent write to map l.perHost"
}

// Provision runs once on each new module value, which Caddy decoded from
// the JSON configuration (its pointer fields too): the exported fields'
// values are new as well.
func (app *App) Provision(ctx caddy.Context) error {
	if app.Metrics != nil {
		app.Metrics.scan(app)
	}
	if app.Limits != nil {
		app.Limits.fill("")
	}
	if app.counts != nil {
		app.counts.add("") // an unexported field is no part of the decoded value
	}
	return nil
}

func (app *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if app.counts.has(r.Host) {
		return
	}
	if app.Metrics != nil && app.Metrics.allows(r.Host) {
		app.Limits.fill(r.Host)
	}
	fmt.Fprintln(w, r.Host)
}
